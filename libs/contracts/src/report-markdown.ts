/**
 * The post-incident report as Markdown. One pure function shared by the web app's
 * "Download report" button and `GET /core/incidents/:id/report.md`, so both give
 * exactly the same text.
 */
import type { ActionDto, IncidentDto, TimelineEntryDto, UserDto } from './api.js';
import {
  ACTION_PRIORITY_TEXT,
  ACTION_TYPE_TEXT,
  SEVERITY_TEXT,
  TimelineEntryType,
} from './domain.js';
import { formatIncidentDuration } from './text/duration.js';
import { decodeEntities } from './text/entities.js';
import { unslackify } from './text/slack-mrkdwn.js';

/** `2024-05-01` in UTC. */
export function formatUtcDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

/** `14:03` in UTC. */
export function formatUtcTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(11, 16);
}

/** `2024-05-01 14:03 UTC`, or an empty string for no date. */
export function formatUtcDateTime(iso: string | null | undefined): string {
  const day = formatUtcDate(iso);
  return day ? `${day} ${formatUtcTime(iso)} UTC` : '';
}

export const STATUS_TEXT = { live: 'Live', resolved: 'Resolved', reported: 'Reported' } as const;

/**
 * The label of a timeline entry's kind: pin, Slack message added afterwards,
 * change of a field (`update`), status update for stakeholders, or manual text.
 */
export function timelineKind(eventType: string): 'pin' | 'slack' | 'update' | 'status' | 'text' {
  if (eventType === TimelineEntryType.StatusUpdate) return 'status';
  if (eventType === TimelineEntryType.SlackPin) return 'pin';
  if (eventType === TimelineEntryType.SlackMessage) return 'slack';
  if (eventType === TimelineEntryType.IncidentUpdate) return 'update';
  return 'text';
}

export interface IncidentReportInput {
  incident: IncidentDto;
  timeline: readonly TimelineEntryDto[];
  /** Known users, to turn `<@U123>` mentions into names. */
  users?: readonly UserDto[];
  /** Or a lookup of display names by Slack user id. */
  userName?: (id: string) => string | undefined;
  /** Clock for an open incident's duration and the "generated" line. */
  now?: Date;
  /** Unicode emoji for a Slack short name (without colons), when the caller has a table. */
  emoji?: (name: string) => string | undefined;
}

function person(user: UserDto | null | undefined): string {
  if (!user) return 'none';
  const name = user.display_name || user.full_name || user.external_id;
  return user.full_name && user.full_name !== name ? `@${name} (${user.full_name})` : `@${name}`;
}

/** Indents every line after the first so multi-line text stays inside its list item. */
function inList(text: string): string {
  return text.trim().replace(/\r\n?/g, '\n').replace(/\n/g, '\n  ');
}

function actionLine(action: ActionDto, readable: (text: string) => string): string {
  const details =
    inList(action.details_ui ? decodeEntities(action.details_ui) : readable(action.details)) ||
    '(no details)';
  const facts: string[] = [];
  if (action.user) facts.push(`owner ${person(action.user)}`);
  if (action.priority) facts.push(`${ACTION_PRIORITY_TEXT[action.priority]} priority`);
  if (action.type) facts.push(ACTION_TYPE_TEXT[action.type]);
  if (action.due_date) facts.push(`due ${formatUtcDate(action.due_date)}`);
  if (action.done && action.done_date) facts.push(`done ${formatUtcDate(action.done_date)}`);
  return `- [${action.done ? 'x' : ' '}] ${details}${facts.length ? ` — ${facts.join(', ')}` : ''}`;
}

/** Actions in report order: open ones first, then by creation. */
export function sortActions(actions: readonly ActionDto[]): ActionDto[] {
  return [...actions].sort(
    (a, b) =>
      Number(a.done) - Number(b.done) ||
      a.created_date.localeCompare(b.created_date) ||
      a.id - b.id,
  );
}

/** Timeline entries in chronological order (stable for equal timestamps). */
export function sortTimeline(events: readonly TimelineEntryDto[]): TimelineEntryDto[] {
  return [...events].sort(
    (a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp) || a.id - b.id,
  );
}

export function renderIncidentReport(input: IncidentReportInput): string {
  const { incident } = input;
  const now = input.now ?? new Date();
  const names = new Map(
    (input.users ?? []).map((u) => [u.external_id, u.display_name || u.full_name]),
  );
  // Stored text is HTML-escaped: Slack mark-up is resolved, then entities are decoded exactly once.
  const readable = (text: string | null | undefined) =>
    decodeEntities(
      unslackify(text, {
        userName: (id) => names.get(id) || input.userName?.(id),
        emoji: input.emoji,
      }),
    );

  const lines: string[] = [];
  lines.push(
    `# Incident ${incident.id}: ${readable(incident.report).replace(/\s+/g, ' ').trim()}`,
    '',
  );

  const severity = incident.severity ? SEVERITY_TEXT[incident.severity] : 'not set';
  lines.push(`- **Status:** ${STATUS_TEXT[incident.status] ?? incident.status}`);
  lines.push(`- **Severity:** ${severity}`);
  lines.push(`- **Started:** ${formatUtcDateTime(incident.start_time)}`);
  lines.push(`- **Reported:** ${formatUtcDateTime(incident.report_time)}`);
  lines.push(
    `- **Ended:** ${incident.end_time ? formatUtcDateTime(incident.end_time) : 'ongoing'}`,
  );
  const duration = formatIncidentDuration(incident, now);
  lines.push(`- **Duration:** ${incident.end_time ? duration : `${duration} so far`}`, '');

  lines.push('## People', '');
  lines.push(`- **Reporter:** ${person(incident.reporter)}`);
  lines.push(`- **Lead:** ${person(incident.lead)}`);
  for (const role of incident.roles)
    if (role.user) lines.push(`- **${role.name}:** ${person(role.user)}`);
  if (incident.comms_channel)
    lines.push(`- **Comms channel:** #${incident.comms_channel.channel_name}`);
  lines.push('');

  lines.push('## Summary', '', readable(incident.summary).trim() || '_No summary yet._', '');
  lines.push('## Impact', '', readable(incident.impact).trim() || '_No impact recorded yet._', '');

  lines.push('## Timeline', '');
  const timeline = sortTimeline(input.timeline);
  if (timeline.length === 0) lines.push('_No timeline entries._', '');
  let day = '';
  for (const event of timeline) {
    const eventDay = formatUtcDate(event.timestamp);
    if (eventDay !== day) {
      if (day) lines.push('');
      lines.push(`### ${eventDay}`, '');
      day = eventDay;
    }
    const kind = timelineKind(event.event_type);
    const label = kind === 'text' ? '' : ` _(${kind === 'status' ? 'status update' : kind})_`;
    const text = inList(event.text_ui ? decodeEntities(event.text_ui) : readable(event.text));
    lines.push(`- **${formatUtcTime(event.timestamp)} UTC**${label} ${text}`);
  }
  if (timeline.length > 0) lines.push('');

  lines.push('## Actions', '');
  const actions = sortActions(incident.action_items ?? []);
  if (actions.length === 0) lines.push('_No actions._');
  for (const action of actions) lines.push(actionLine(action, readable));
  lines.push('', `_Report generated ${formatUtcDateTime(now.toISOString())}._`, '');
  return lines.join('\n');
}
