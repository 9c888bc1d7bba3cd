import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import {
  formatIncidentDuration,
  type IncidentDto,
  type ParticipantDto,
  type UpdateIncidentRequest,
  type UserDto,
} from '@response/contracts';
import { trackSave } from '../../../core/api-error';
import { trackUnsaved } from '../../../core/edit-guard';
import { label } from '../../../core/users-api';
import { dateTime, fromLocalInput, timeProblem, toLocalInput } from '../../../shared/format';
import { NgTemplateOutlet } from '@angular/common';
import { UserPicker } from '../../../shared/ui/user-picker';
import { RoleFact } from './role-fact';

type TimeField = 'start' | 'end';

/** Who and when: lead, roles, reporter, times with dates, duration, comms channel, participants. */
@Component({
  selector: 'app-incident-facts',
  imports: [NgTemplateOutlet, UserPicker, RoleFact],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './incident-facts.html',
  styleUrl: './incident-facts.css',
})
export class IncidentFacts {
  readonly incident = input.required<IncidentDto>();
  readonly users = input<readonly UserDto[]>([]);
  readonly participants = input<ParticipantDto[] | null>(null);
  readonly editable = input(false);
  /** Saves a change made on what the user `seen` (see IncidentDoc.update). */
  readonly update =
    input.required<
      (patch: UpdateIncidentRequest, seen?: Partial<IncidentDto>) => Promise<boolean>
    >();
  /** Saves a choice at once, with Undo (see IncidentDoc.choose). */
  readonly choose = input.required<(patch: UpdateIncidentRequest) => Promise<void>>();
  /** Gives a role besides the lead to someone, or to nobody. */
  readonly saveRole = input.required<(role: string, user: UserDto | null) => Promise<void>>();

  private readonly injector = inject(Injector);
  private readonly timeInput = viewChild<ElementRef<HTMLInputElement>>('timeInput');
  private readonly startButton = viewChild<ElementRef<HTMLButtonElement>>('startButton');
  private readonly endButton = viewChild<ElementRef<HTMLButtonElement>>('endButton');
  private readonly leadSelect = viewChild('leadPicker', { read: ElementRef<HTMLElement> });

  protected readonly busy = signal(false);
  protected readonly error = signal('');
  /** Which time is being changed, if any. */
  protected readonly editingTime = signal<TimeField | null>(null);
  protected readonly label = label;
  protected readonly dateTime = dateTime;
  protected readonly toLocalInput = toLocalInput;
  protected readonly duration = computed(() => formatIncidentDuration(this.incident()));
  /** The lead being saved, shown in the picker until the incident has it. */
  protected readonly savingLead = signal<string | null>(null);
  protected readonly leadValue = computed(
    () => this.savingLead() ?? this.incident().lead?.external_id ?? '',
  );
  /** The latest start or end time accepted: one day from now, as the API allows. */
  protected latestTime(): string {
    return toLocalInput(new Date(Date.now() + 86_400_000).toISOString());
  }
  /** What the time input holds, to tell whether it has been changed. */
  protected readonly timeDraft = signal('');
  /** The stored time the edit started from. */
  private timeSeen: string | null = null;

  constructor() {
    trackUnsaved({
      label: () => (this.editingTime() === 'end' ? 'the end time' : 'the start time'),
      dirty: () => this.editingTime() !== null && this.timeDraft() !== toLocalInput(this.timeSeen),
      discard: () => this.editingTime.set(null),
    });
  }

  protected readonly slackLink = computed(() => {
    const channel = this.incident().comms_channel;
    return channel
      ? `https://slack.com/app_redirect?channel=${encodeURIComponent(channel.channel_id)}`
      : null;
  });

  /** A lead picked: saved at once (with Undo). */
  protected async pickLead(id: string): Promise<void> {
    if (id === (this.incident().lead?.external_id ?? '') || this.busy()) return;
    this.savingLead.set(id);
    const user = this.users().find((u) => u.external_id === id);
    await trackSave({ busy: this.busy, error: this.error }, () =>
      this.choose()({
        lead: id ? { external_id: id, ...(user ? { app_id: user.app_id } : {}) } : null,
      }),
    );
    this.savingLead.set(null);
    this.focusLead();
  }

  protected editTime(field: TimeField): void {
    this.error.set('');
    this.timeSeen = field === 'start' ? this.incident().start_time : this.incident().end_time;
    this.timeDraft.set(toLocalInput(this.timeSeen));
    this.editingTime.set(field);
    afterNextRender(() => this.timeInput()?.nativeElement.focus(), { injector: this.injector });
  }

  protected cancelTime(): void {
    const field = this.editingTime();
    this.editingTime.set(null);
    this.error.set('');
    if (field) this.focusTimeButton(field);
  }

  protected async saveTime(value: string): Promise<void> {
    const field = this.editingTime();
    if (!field || this.busy()) return;
    const iso = fromLocalInput(value);
    const problem = iso
      ? timeProblem(iso, new Date(), 'day')
      : `Enter ${field === 'start' ? 'a start' : 'an end'} date and time.`;
    if (problem) {
      this.error.set(problem);
      return;
    }
    const key = field === 'start' ? 'start_time' : 'end_time';
    // Saved, or the user took the time someone else saved meanwhile: the editor closes either way.
    const done = await trackSave({ busy: this.busy, error: this.error }, () =>
      this.update()({ [key]: iso! }, { [key]: this.timeSeen }),
    );
    if (done) {
      this.editingTime.set(null);
      this.focusTimeButton(field);
    }
  }

  private focusTimeButton(field: TimeField): void {
    const button = field === 'start' ? this.startButton : this.endButton;
    afterNextRender(() => button()?.nativeElement.focus(), { injector: this.injector });
  }

  private focusLead(): void {
    afterNextRender(() => this.leadSelect()?.nativeElement.querySelector('select')?.focus(), {
      injector: this.injector,
    });
  }
}
