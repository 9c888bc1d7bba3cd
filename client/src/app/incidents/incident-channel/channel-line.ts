import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { dayHeading, time } from '../../shared/format';
import { ChannelView, type Line } from './channel-view';

/**
 * One message of the Channel tab, with its thread folded under it: author and
 * time, the text with search hits marked, files as links, "edited" with the
 * earlier versions on demand, a deletion marked, and "Add to timeline". Its
 * own OnPush view, so that rendering more messages or opening one thread
 * does not check the thousands already shown.
 */
@Component({
  selector: 'li[appChannelLine]',
  imports: [ChannelLine],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './channel-line.html',
  styleUrl: './channel-line.css',
  host: {
    class: 'msg',
    '[class.bot]': 'message().bot',
    '[class.deleted]': 'message().deleted',
    'data-message': '',
    '[attr.data-ts]': 'message().ts',
  },
})
export class ChannelLine {
  readonly line = input.required<Line>();

  protected readonly view = inject(ChannelView);
  protected readonly message = computed(() => this.line().message);
  protected readonly threadOpen = computed(() => this.view.openThreads().has(this.message().ts));
  protected readonly versionsOpen = computed(() => this.view.openVersions().has(this.message().ts));
  protected readonly adding = computed(() => this.view.adding().has(this.message().ts));
  protected readonly onTimeline = computed(
    () => this.message().on_timeline || this.view.added().has(this.message().ts),
  );
  protected readonly error = computed(() => {
    const error = this.view.rowError();
    return error?.ts === this.message().ts ? error.message : '';
  });

  protected fileSize(size: number | null): string {
    if (size === null) return '';
    if (size < 1024) return `${size} B`;
    if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`;
    return `${(size / (1024 * 1024)).toFixed(1)} MB`;
  }

  protected stamp(iso: string): string {
    return `${dayHeading(iso)} ${time(iso)}`;
  }
}
