import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import type { IncidentDto, ParticipantDto, UpdateIncidentRequest, UserDto } from '@response/contracts';
import { apiErrorMessage } from '../../../core/api-error';
import { label } from '../../../core/users-api';
import { dateTime, fromLocalInput, incidentDuration, toLocalInput } from '../../../shared/format';

/** Who and when: reporter, lead, times with dates, duration, comms channel, participants. */
@Component({
  selector: 'app-incident-facts',
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

  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly editingStart = signal(false);
  protected readonly label = label;
  protected readonly dateTime = dateTime;
  protected readonly toLocalInput = toLocalInput;
  protected readonly duration = computed(() => incidentDuration(this.incident()));
  /** The lead may be someone the users list does not hold (e.g. deleted): keep them selectable. */
  protected readonly leadOptions = computed(() => {
    const lead = this.incident().lead;
    const users = this.users();
    return lead && !users.some((u) => u.external_id === lead.external_id) ? [lead, ...users] : users;
  });
  protected readonly slackLink = computed(() => {
    const channel = this.incident().comms_channel;
    return channel ? `https://slack.com/app_redirect?channel=${encodeURIComponent(channel.channel_id)}` : null;
  });

  protected async setLead(select: HTMLSelectElement): Promise<void> {
    const before = this.incident().lead?.external_id ?? '';
    const ok = await this.run({ lead: select.value ? { external_id: select.value } : null });
    if (!ok) select.value = before;
  }

  protected async setStart(value: string): Promise<void> {
    const iso = fromLocalInput(value);
    if (!iso) {
      this.error.set('Enter a start date and time.');
      return;
    }
    if (await this.run({ start_time: iso })) this.editingStart.set(false);
  }

  private async run(patch: UpdateIncidentRequest): Promise<boolean> {
    this.busy.set(true);
    this.error.set('');
    try {
      await this.update()(patch);
      return true;
    } catch (error) {
      this.error.set(apiErrorMessage(error));
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
