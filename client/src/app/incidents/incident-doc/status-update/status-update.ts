import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import {
  isBlankText,
  Limits,
  textLength,
  type IncidentDto,
  type StatusUpdateDto,
  type UserDto,
} from '@response/contracts';
import { firstValueFrom } from 'rxjs';
import { apiErrorMessage } from '../../../core/api-error';
import { Drafts } from '../../../core/drafts';
import { dateTime } from '../../../shared/format';
import { userNames } from '../../../shared/text';
import { MarkdownText } from '../../../shared/ui/markdown-text';
import { updateDue } from '../../../shared/update-due';
import { UpdatesApi } from '../../updates-api';

/** How often the due line is worked out again. */
const TICK_MS = 15_000;

/**
 * The top of the doc: the latest status update, when the next one is due
 * (in a warning once overdue), and for responders the form that posts one.
 */
@Component({
  selector: 'app-status-update',
  imports: [MarkdownText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './status-update.html',
  styleUrl: './status-update.css',
})
export class StatusUpdate {
  readonly incident = input.required<IncidentDto>();
  readonly users = input<readonly UserDto[]>([]);
  readonly editable = input(false);
  /** A status update was posted from this form. */
  readonly posted = output<StatusUpdateDto>();

  private readonly api = inject(UpdatesApi);
  private readonly drafts = inject(Drafts);

  /** Undefined while loading, null before the first update. */
  protected readonly latest = signal<StatusUpdateDto | null | undefined>(undefined);
  protected readonly loadError = signal('');
  protected readonly text = signal('');
  protected readonly saving = signal(false);
  protected readonly formError = signal('');
  private readonly now = signal(new Date());

  protected readonly names = computed(() => userNames(this.users()));
  protected readonly due = computed(() => updateDue(this.incident().next_update_due, this.now()));
  protected readonly blank = computed(() => isBlankText(this.text()));
  protected readonly tooLong = computed(() => textLength(this.text()) > Limits.statusUpdateLength);
  protected readonly limit = Limits.statusUpdateLength;
  protected readonly dateTime = dateTime;
  private readonly draftKey = computed(() => `incident:${this.incident().id}:status-update`);
  /** What the latest update depends on: other changes to the incident load nothing. */
  private readonly source = computed(
    () => ({ id: this.incident().id, lastUpdateAt: this.incident().last_update_at }),
    { equal: (a, b) => a.id === b.id && a.lastUpdateAt === b.lastUpdateAt },
  );

  constructor() {
    const timer = setInterval(() => this.now.set(new Date()), TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
    // The latest update, again whenever the incident says a newer one was posted.
    effect(() => {
      const { id, lastUpdateAt } = this.source();
      untracked(() => void this.load(id, lastUpdateAt));
    });
    effect(() => {
      const key = this.draftKey();
      untracked(() => this.text.set(this.drafts.get(key) ?? ''));
    });
  }

  private async load(id: number, lastUpdateAt: string | null): Promise<void> {
    if (lastUpdateAt === null && this.latest() === undefined) {
      this.latest.set(null);
      return;
    }
    try {
      this.latest.set(await firstValueFrom(this.api.latest(id)));
      this.loadError.set('');
    } catch (error) {
      this.loadError.set(apiErrorMessage(error));
    }
  }

  protected author(update: StatusUpdateDto): string {
    const user = update.author;
    return user ? user.display_name || user.full_name || user.external_id : 'Someone';
  }

  protected setText(text: string): void {
    this.text.set(text);
    if (text) this.drafts.set(this.draftKey(), text);
    else this.drafts.clear(this.draftKey());
  }

  protected async post(): Promise<void> {
    if (this.blank() || this.tooLong() || this.saving()) return;
    this.saving.set(true);
    this.formError.set('');
    try {
      const update = await firstValueFrom(this.api.post(this.incident().id, this.text()));
      this.latest.set(update);
      this.setText('');
      this.now.set(new Date());
      this.posted.emit(update);
    } catch (error) {
      this.formError.set(apiErrorMessage(error));
    } finally {
      this.saving.set(false);
    }
  }

  protected keydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.post();
    }
  }
}
