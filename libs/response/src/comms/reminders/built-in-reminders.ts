import { Inject, Injectable } from '@nestjs/common';
import { AppId, formatDuration } from '@response/contracts';
import { CONFIG, type Config } from '../../config/config.js';
import type { IncidentWithChannel } from '../../incidents/full-incident.js';
import type { ExternalUser } from '../../users/external-user.entity.js';
import { actions, button, section } from '../../slack/block-kit.js';
import { HeadlineActionIds, reportMrkdwn } from '../headline/headline-blocks.js';
import { RecurringNotification } from '../extensions/decorators.js';
import type { ReminderContext } from '../extensions/extension-registry.js';
import { isWorkingHours } from './working-hours.js';

export const ReminderKeys = {
  NoSeverity: 'no-severity',
  NoLead: 'no-lead',
  Close: 'close-reminder',
} as const;

/** Response's reminders: set a severity, pick a lead, and close the incident when it is over. */
@Injectable()
export class BuiltInReminders {
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  @RecurringNotification({ key: ReminderKeys.NoSeverity, intervalMins: 5, maxNotifications: 5 })
  noSeverity(incident: IncidentWithChannel, reminder: ReminderContext): boolean {
    if (incident.severity) return false;
    reminder.say(
      ':rotating_light: This incident has no severity yet. Set one with `@incident severity <critical|major|minor|trivial>`.',
    );
    return true;
  }

  @RecurringNotification({ key: ReminderKeys.NoLead, intervalMins: 2, maxNotifications: 5 })
  noLead(incident: IncidentWithChannel, reminder: ReminderContext): boolean {
    if (incident.lead) return false;
    reminder.say(
      ':raising_hand: This incident has no lead yet. Take it with `@incident lead`, or name one with `@incident lead @someone`.',
    );
    return true;
  }

  /** A DM to the lead (or the reporter) once a day, on weekdays between 09:00 and 18:00. */
  @RecurringNotification({ key: ReminderKeys.Close, intervalMins: 24 * 60, maxNotifications: 5 })
  closeReminder(incident: IncidentWithChannel, reminder: ReminderContext): boolean {
    if (!isWorkingHours(reminder.now, this.config.app.timeZone)) return false;
    const owner = [incident.lead, incident.reporter].find(isSlackUser);
    if (!owner) return false;
    const open = formatDuration(
      (reminder.now.getTime() - incident.startTime.getTime()) / 1000,
      'long',
    );
    const text =
      `:alarm_clock: The incident *${reportMrkdwn(incident)}* has been open for ${open}. ` +
      `If it's over, close it with \`@incident close\` in <#${reminder.channelId}>.`;
    reminder.dm(owner.externalId, {
      text,
      blocks: [
        section(undefined, text),
        actions('close-reminder', [
          button(HeadlineActionIds.Close, 'Close the incident', String(incident.id), 'danger'),
        ]),
      ],
    });
    return true;
  }
}

function isSlackUser(user: ExternalUser | null | undefined): user is ExternalUser {
  return Boolean(user && user.appId === AppId.Slack && !user.deleted && user.externalId);
}
