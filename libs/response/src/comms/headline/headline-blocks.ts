import {
  AppId,
  capitalize,
  escapeMrkdwn,
  incidentDocUrl,
  IncidentStatus,
  plainToMrkdwn,
  SEVERITY_TEXT,
  toMrkdwn,
  type Severity,
} from '@response/contracts';
import type { IncidentWithChannel } from '../../incidents/full-incident.js';
import { incidentStatus } from '../../incidents/incident.serializer.js';
import type { ExternalUser } from '../../users/external-user.entity.js';
import {
  actions,
  button,
  limitBlocks,
  section,
  truncate,
  type Block,
  type ButtonElement,
} from '../../slack/block-kit.js';

export const HeadlineActionIds = {
  CreateCommsChannel: 'create-comms-channel-button',
  Edit: 'edit-incident-button',
  Close: 'close-incident-button',
  /** Opens the status update modal (comms/updates); also on the update-due reminder. */
  PostUpdate: 'post-status-update-button',
} as const;

export const STATUS_EMOJI: Record<IncidentStatus, string> = {
  reported: ':memo:',
  live: ':fire:',
  resolved: ':white_check_mark:',
};

export const SEVERITY_EMOJI: Record<Severity, string> = {
  '1': ':red_circle:',
  '2': ':large_orange_circle:',
  '3': ':large_yellow_circle:',
  '4': ':white_circle:',
};

/** `<@U…>` for a Slack user, the display name for a web user, `-` for nobody. */
export function mention(user: ExternalUser | null | undefined): string {
  if (!user) return '-';
  if (user.appId === AppId.Slack) return `<@${user.externalId}>`;
  return plainToMrkdwn(user.displayName || user.fullName || user.externalId);
}

/**
 * The report as mrkdwn. It is always typed outside Slack (a form, the web app,
 * the API), so any Slack mark-up in it shows as typed.
 */
export function reportMrkdwn(incident: { report: string }): string {
  return toMrkdwn(incident.report, { slackMarkup: false });
}

/** A role besides the lead and who holds it, as the headline shows it. */
export interface HeadlineRole {
  role: { name: string };
  user: ExternalUser;
}

/** The one-line text Slack shows in notifications for the headline post. */
export function headlineText(incident: IncidentWithChannel): string {
  return truncate(`Incident #${incident.id}: ${reportMrkdwn(incident)}`, 3000);
}

/**
 * Blocks of the headline post. Held roles (`INCIDENT_ROLES`) follow the lead.
 * Buttons appear only while the incident is open; plug-in buttons
 * (`@HeadlinePostAction`) come after the built-in ones.
 */
export function headlineBlocks(
  incident: IncidentWithChannel,
  siteUrl: string,
  pluginButtons: ButtonElement[] = [],
  roles: readonly HeadlineRole[] = [],
): Block[] {
  const status = incidentStatus(incident);
  const blocks: Block[] = [
    section('report', `:warning: *${reportMrkdwn(incident)}*`),
    section('reporter', `:bust_in_silhouette: *Reporter:* ${mention(incident.reporter)}`),
    section('lead', `:firefighter: *Incident lead:* ${mention(incident.lead)}`),
    ...(roles.length > 0
      ? [
          section(
            'roles',
            roles
              .map(
                (held) =>
                  `:busts_in_silhouette: *${escapeMrkdwn(held.role.name)}:* ${mention(held.user)}`,
              )
              .join('\n'),
          ),
        ]
      : []),
    section('status', `${STATUS_EMOJI[status]} *Status:* ${capitalize(status)}`),
    section(
      'severity',
      incident.severity
        ? `${SEVERITY_EMOJI[incident.severity]} *Severity:* ${capitalize(SEVERITY_TEXT[incident.severity])}`
        : ':grey_question: *Severity:* Unset',
    ),
    section(
      'incident_doc',
      `:page_facing_up: *Incident doc:* <${incidentDocUrl(siteUrl, incident.id)}>`,
    ),
  ];
  if (incident.commsChannel) {
    blocks.push(
      section(
        'comms_channel',
        `:speaking_head_in_silhouette: *Comms channel:* <#${incident.commsChannel.channelId}>`,
      ),
    );
  }
  if (!incident.endTime) {
    const value = String(incident.id);
    const buttons: ButtonElement[] = [];
    if (!incident.commsChannel && !incident.reportOnly) {
      buttons.push(
        button(
          HeadlineActionIds.CreateCommsChannel,
          ':speaking_head_in_silhouette: Create comms channel',
          value,
          'primary',
        ),
      );
    }
    buttons.push(button(HeadlineActionIds.Edit, ':pencil2: Edit', value));
    if (!incident.reportOnly)
      buttons.push(button(HeadlineActionIds.PostUpdate, ':mega: Post update', value));
    buttons.push(button(HeadlineActionIds.Close, ':white_check_mark: Close', value, 'danger'));
    buttons.push(...pluginButtons);
    blocks.push(actions('actions', buttons));
  }
  return limitBlocks(blocks);
}
