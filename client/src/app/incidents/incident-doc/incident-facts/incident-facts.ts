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
  readonly update = input.required<(patch: UpdateIncidentRequest) => Promise<void>>();
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
  /** The lead picked but not yet saved: nothing is saved while moving through the list. */
  protected readonly pendingLead = signal<string | null>(null);
  protected readonly leadValue = computed(
    () => this.pendingLead() ?? this.incident().lead?.external_id ?? '',
  );
  protected readonly leadChanged = computed(() => {
    const pending = this.pendingLead();
    return pending !== null && pending !== (this.incident().lead?.external_id ?? '');
  });
  protected readonly slackLink = computed(() => {
    const channel = this.incident().comms_channel;
    return channel
      ? `https://slack.com/app_redirect?channel=${encodeURIComponent(channel.channel_id)}`
      : null;
  });

  protected async saveLead(): Promise<void> {
    if (!this.leadChanged() || this.busy()) return;
    const id = this.pendingLead();
    if (await this.run({ lead: id ? { external_id: id } : null })) this.pendingLead.set(null);
    this.focusLead();
  }

  protected cancelLead(): void {
    this.pendingLead.set(null);
    this.focusLead();
  }

  protected editTime(field: TimeField): void {
    this.error.set('');
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
      ? timeProblem(iso)
      : `Enter ${field === 'start' ? 'a start' : 'an end'} date and time.`;
    if (problem) {
      this.error.set(problem);
      return;
    }
    if (await this.run(field === 'start' ? { start_time: iso! } : { end_time: iso! })) {
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

  private run(patch: UpdateIncidentRequest): Promise<boolean> {
    return trackSave({ busy: this.busy, error: this.error }, () => this.update()(patch));
  }
}
