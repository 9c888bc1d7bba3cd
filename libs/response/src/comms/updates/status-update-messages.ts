import { capitalize, Limits, SEVERITY_TEXT, toMrkdwn } from '@response/contracts';
import type { IncidentWithChannel } from '../../incidents/full-incident.js';
import type { ExternalUser } from '../../users/external-user.entity.js';
import {
  actions,
  button,
  context,
  input,
  modal,
  section,
  textInput,
  truncate,
  type Block,
} from '../../slack/block-kit.js';
import { HeadlineActionIds, mention } from '../headline/headline-blocks.js';

/** Callback id of the status update modal. */
export const STATUS_UPDATE_MODAL = 'status-update';
/** Block (and action) id of its text input. */
export const STATUS_UPDATE_INPUT = 'update';

/** Action ids of the reminder's Snooze buttons, with how long each snoozes. */
export const SnoozeActions = [
  { id: 'snooze-status-update-15m', label: 'Snooze 15 min', ms: 15 * 60_000 },
  { id: 'snooze-status-update-30m', label: 'Snooze 30 min', ms: 30 * 60_000 },
  { id: 'snooze-status-update-1h', label: 'Snooze 1 h', ms: 60 * 60_000 },
] as const;

/** The words every update-due reminder starts with (after the mention). */
export const UPDATE_DUE = 'An update for stakeholders is due';

/** The stakeholders' header: the incident a status update is about. */
export const STAKEHOLDER_PREFIX = ':mega: *Status update on incident #';

interface PostedUpdate {
  text: string;
  author: ExternalUser | null;
}

function by(author: ExternalUser | null): string {
  return author ? mention(author) : 'someone no longer known';
}

/** `<!date^…>`: a time Slack shows in each reader's own time zone. */
export function slackTime(at: Date, format = '{time}'): string {
  return `<!date^${Math.floor(at.getTime() / 1000)}^${format}|${at.toISOString()}>`;
}

/** The update as posted in the comms channel and under the headline post. */
export function updateMessage(update: PostedUpdate): string {
  return `:mega: *Status update* from ${by(update.author)}:\n${toMrkdwn(update.text)}`;
}

/** The update as posted to the stakeholders' channel: which incident, and a link to its doc. */
export function stakeholderMessage(
  incident: IncidentWithChannel,
  update: PostedUpdate,
  docUrl: string,
): string {
  const severity = incident.severity ? ` (${capitalize(SEVERITY_TEXT[incident.severity])})` : '';
  const report = truncate(toMrkdwn(incident.report, { slackMarkup: false }), 300);
  return (
    `${STAKEHOLDER_PREFIX}${incident.id}: ${report}*${severity}\n` +
    `${toMrkdwn(update.text)}\n` +
    `— ${by(update.author)} · <${docUrl}|Incident doc>`
  );
}

/** The reminder in the comms channel once an update is due, naming whoever should post it. */
export function reminderMessage(
  incidentId: number,
  due: Date,
  owner: ExternalUser | null,
): { text: string; blocks: Block[] } {
  const who = owner ? `${mention(owner)} ` : '';
  const text = `:alarm_clock: ${who}${UPDATE_DUE} (since ${slackTime(due)}).`;
  const value = String(incidentId);
  return {
    text,
    blocks: [
      section(
        'status-update-due',
        `${text}\nPost one with \`@incident update &lt;text&gt;\` or the button below.`,
      ),
      actions('status-update-due-actions', [
        button(HeadlineActionIds.PostUpdate, ':mega: Post update', value, 'primary'),
        ...SnoozeActions.map((snooze) => button(snooze.id, snooze.label, value)),
      ]),
    ],
  };
}

/** What a reminder becomes once snoozed: who snoozed it, and the new due time. */
export function snoozedMessage(userId: string, label: string, until: Date): string {
  return `:zzz: <@${userId}> snoozed the update reminder (${label.replace(/^Snooze /, '')}): the next update is due at ${slackTime(until)}.`;
}

/** The modal of **Post update**: one text, and where it will go. */
export function statusUpdateModal(options: {
  incidentId: number;
  /** Sealed private_metadata: the incident, for the user who opened it. */
  metadata: string;
  private: boolean;
  stakeholders: boolean;
  latest: { text: string; author: ExternalUser | null; postedAt: Date } | null;
}): Record<string, unknown> {
  const where = options.private
    ? "It is posted in this incident's own channel only."
    : `It is posted in the comms channel, under the headline post${options.stakeholders ? ' and to the stakeholders’ channel' : ''}.`;
  const blocks: Block[] = [];
  if (options.latest) {
    blocks.push(
      context([
        `*Latest update*, ${slackTime(options.latest.postedAt, '{date_short_pretty} {time}')} by ${by(options.latest.author)}: ${truncate(toMrkdwn(options.latest.text), 500)}`,
      ]),
    );
  }
  blocks.push(
    input(
      STATUS_UPDATE_INPUT,
      'Status update',
      textInput({
        multiline: true,
        maxLength: Limits.statusUpdateLength,
        placeholder: 'What do stakeholders need to know now?',
      }),
      { hint: where },
    ),
  );
  return modal({
    callbackId: STATUS_UPDATE_MODAL,
    title: `Update incident ${options.incidentId}`,
    submit: 'Post update',
    privateMetadata: options.metadata,
    blocks,
  });
}
