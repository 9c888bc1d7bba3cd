import {
  ACTION_PRIORITY_TEXT,
  ACTION_TYPE_TEXT,
  ChangeLogEntryType,
  SEVERITY_TEXT,
} from '@response/contracts';
import type { SourceRow } from './response-source.js';

/** A row to write, by target column. */
export type TargetRow = Record<string, unknown>;

/** What a source row becomes: a row to write (with notes on what was adjusted), or a reason to skip it. */
export type Converted = { row: TargetRow; notes: string[] } | { skip: string };

/** What the tables imported so far tell the later ones. */
export interface ImportContext {
  /** Source user id → the id of that person here. */
  users: Map<number, number>;
  /** Ids of incidents that are here (imported now or before), with their report time. */
  incidents: Map<number, string>;
  /** Ids of timeline entries that are here. */
  timelineEntries: Set<number>;
  /** The channel headline posts are in (`INCIDENT_CHANNEL_ID`), when known. */
  headlineChannel: string | null;
}

/** How one Django table of Response becomes one table here; ids are kept. */
export interface TablePlan {
  source: string;
  target: string;
  /** Columns read from the source (those an older Response lacks are simply absent). */
  columns: string[];
  /** Columns written here, `id` first. */
  targetColumns: string[];
  /** What one row is called in messages ("incident", "action"…). */
  noun: string;
  convert(row: SourceRow, context: ImportContext): Converted;
  /**
   * Columns that identify a row as the same record even when others differ: a
   * row already here with these equal was imported before and changed here since.
   */
  identity?: string[];
  /** The unique key besides the id, for the message of a clash. */
  uniqueKey?: string;
  /** Remembers a row that is here, for the tables that refer to it. */
  present?(row: TargetRow, context: ImportContext): void;
}

const SEVERITIES = new Set(Object.keys(SEVERITY_TEXT));
const PRIORITIES = new Set(Object.keys(ACTION_PRIORITY_TEXT));
const TYPES = new Set(Object.keys(ACTION_TYPE_TEXT));
const CHANGE_LOG_TYPES = new Set<string>(Object.values(ChangeLogEntryType));

const id = (value: unknown): number => Number(value);
const optionalId = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);
const bool = (value: unknown, fallback = false): boolean =>
  value === null || value === undefined ? fallback : Boolean(value);

/** A code among `allowed`, or null with a note when it is something else. */
function code(value: unknown, allowed: Set<string>, what: string, notes: string[]): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  if (allowed.has(text)) return text;
  notes.push(
    `${what} ${JSON.stringify(text)} is not one of ${[...allowed].join(', ')}: imported without one`,
  );
  return null;
}

/** A source user mapped to the person here, or null with a note. */
function person(
  value: unknown,
  role: string,
  context: ImportContext,
  notes: string[],
): number | null {
  const source = optionalId(value);
  if (source === null) return null;
  const mapped = context.users.get(source);
  if (mapped === undefined) notes.push(`its ${role} (user ${source}) was not imported: left out`);
  return mapped ?? null;
}

/** JSON kept as text by Response (or as json/jsonb), parsed to an object; undefined when it is not one. */
function jsonObject(value: unknown): Record<string, unknown> | null | undefined {
  if (value === null || value === undefined) return null;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : undefined;
}

function incidentOf(
  row: SourceRow,
  context: ImportContext,
): { incidentId: number; reportTime: string } | { skip: string } {
  const incidentId = id(row.incident_id);
  const reportTime = context.incidents.get(incidentId);
  return reportTime === undefined
    ? { skip: `its incident ${incidentId} was not imported` }
    : { incidentId, reportTime };
}

export const INCIDENTS: TablePlan = {
  source: 'response_incident',
  target: 'incident',
  noun: 'incident',
  columns: [
    'id',
    'report',
    'reporter_id',
    'lead_id',
    'report_time',
    'start_time',
    'end_time',
    'summary',
    'impact',
    'severity',
    'report_only',
    'private',
  ],
  targetColumns: [
    'id',
    'report',
    'reporter_id',
    'lead_id',
    'report_time',
    'start_time',
    'end_time',
    'summary',
    'impact',
    'severity',
    'report_only',
    'private',
    'version',
  ],
  identity: ['report_time'],
  convert(row, context) {
    const notes: string[] = [];
    return {
      notes,
      row: {
        id: id(row.id),
        report: String(row.report ?? ''),
        reporter_id: person(row.reporter_id, 'reporter', context, notes),
        lead_id: person(row.lead_id, 'lead', context, notes),
        report_time: row.report_time,
        start_time: row.start_time,
        end_time: row.end_time ?? null,
        summary: row.summary ?? null,
        impact: row.impact ?? null,
        severity: code(row.severity, SEVERITIES, 'severity', notes),
        report_only: bool(row.report_only),
        private: bool(row.private),
        version: 1,
      },
    };
  },
  present(row, context) {
    context.incidents.set(Number(row.id), String(row.report_time));
  },
};

export const COMMS_CHANNELS: TablePlan = {
  source: 'response_commschannel',
  target: 'comms_channel',
  noun: 'comms channel',
  columns: ['id', 'incident_id', 'channel_id', 'channel_name'],
  targetColumns: ['id', 'incident_id', 'channel_id', 'channel_name'],
  uniqueKey: 'its incident or its Slack channel already has a comms channel here',
  convert(row, context) {
    const incident = incidentOf(row, context);
    if ('skip' in incident) return incident;
    return {
      notes: [],
      row: {
        id: id(row.id),
        incident_id: incident.incidentId,
        channel_id: String(row.channel_id),
        channel_name: String(row.channel_name ?? row.channel_id),
      },
    };
  },
};

export const ACTIONS: TablePlan = {
  source: 'response_action',
  target: 'action',
  noun: 'action',
  columns: [
    'id',
    'details',
    'done',
    'incident_id',
    'user_id',
    'created_date',
    'done_date',
    'due_date',
    'priority',
    'type',
  ],
  targetColumns: [
    'id',
    'details',
    'done',
    'incident_id',
    'user_id',
    'created_date',
    'done_date',
    'due_date',
    'priority',
    'type',
  ],
  convert(row, context) {
    const incident = incidentOf(row, context);
    if ('skip' in incident) return incident;
    const notes: string[] = [];
    if (row.created_date === null || row.created_date === undefined)
      notes.push('no created date (older than Response 0015): the incident’s report time is used');
    return {
      notes,
      row: {
        id: id(row.id),
        details: String(row.details ?? ''),
        done: bool(row.done),
        incident_id: incident.incidentId,
        user_id: person(row.user_id, 'owner', context, notes),
        created_date: row.created_date ?? incident.reportTime,
        done_date: row.done_date ?? null,
        due_date: row.due_date ?? null,
        priority: code(row.priority, PRIORITIES, 'priority', notes),
        type: code(row.type, TYPES, 'type', notes),
      },
    };
  },
};

export const TIMELINE: TablePlan = {
  source: 'response_timelineevent',
  target: 'timeline_event',
  noun: 'timeline entry',
  columns: ['id', 'incident_id', 'timestamp', 'text', 'event_type', 'metadata'],
  targetColumns: ['id', 'incident_id', 'timestamp', 'text', 'event_type', 'metadata'],
  convert(row, context) {
    const incident = incidentOf(row, context);
    if ('skip' in incident) return incident;
    const notes: string[] = [];
    let metadata = jsonObject(row.metadata);
    if (metadata === undefined) {
      notes.push('its metadata is not a JSON object: imported without it');
      metadata = null;
    }
    return {
      notes,
      row: {
        id: id(row.id),
        incident_id: incident.incidentId,
        timestamp: row.timestamp,
        text: String(row.text ?? ''),
        event_type: String(row.event_type || 'text'),
        metadata,
      },
    };
  },
  present(row, context) {
    context.timelineEntries.add(Number(row.id));
  },
};

export const PINNED_MESSAGES: TablePlan = {
  source: 'response_pinnedmessage',
  target: 'pinned_message',
  noun: 'pinned message',
  columns: [
    'id',
    'incident_id',
    'author_id',
    'message_ts',
    'text',
    'timestamp',
    'timeline_event_id',
  ],
  targetColumns: [
    'id',
    'incident_id',
    'author_id',
    'message_ts',
    'text',
    'timestamp',
    'timeline_event_id',
  ],
  uniqueKey: 'the same message is already pinned in this incident here',
  convert(row, context) {
    const incident = incidentOf(row, context);
    if ('skip' in incident) return incident;
    const notes: string[] = [];
    let entry = optionalId(row.timeline_event_id);
    if (entry !== null && !context.timelineEntries.has(entry)) {
      notes.push(`its timeline entry ${entry} was not imported: left out`);
      entry = null;
    }
    return {
      notes,
      row: {
        id: id(row.id),
        incident_id: incident.incidentId,
        author_id: person(row.author_id, 'author', context, notes),
        message_ts: String(row.message_ts),
        text: String(row.text ?? ''),
        timestamp: row.timestamp,
        timeline_event_id: entry,
      },
    };
  },
};

export const HEADLINE_POSTS: TablePlan = {
  source: 'response_headlinepost',
  target: 'headline_post',
  noun: 'headline post',
  columns: ['id', 'incident_id', 'message_ts'],
  targetColumns: ['id', 'incident_id', 'message_ts', 'channel_id', 'rendered_version'],
  uniqueKey: 'its incident already has a headline post here',
  convert(row, context) {
    const incident = incidentOf(row, context);
    if ('skip' in incident) return incident;
    if (!context.headlineChannel)
      return {
        skip: 'INCIDENT_CHANNEL_ID is not set, so the channel of the post is unknown (set it and import again)',
      };
    return {
      notes: [],
      row: {
        id: id(row.id),
        incident_id: incident.incidentId,
        message_ts: row.message_ts ?? null,
        channel_id: context.headlineChannel,
        // Shown as Response left it: the next change of the incident redraws it.
        rendered_version: 0,
      },
    };
  },
};

export const USER_STATS: TablePlan = {
  source: 'response_userstats',
  target: 'user_stats',
  noun: 'participant count',
  columns: ['id', 'incident_id', 'user_id', 'join_time', 'message_count'],
  targetColumns: ['id', 'incident_id', 'user_id', 'join_time', 'message_count'],
  uniqueKey: 'this person already has a count in this incident here',
  convert(row, context) {
    const incident = incidentOf(row, context);
    if ('skip' in incident) return incident;
    const user = context.users.get(id(row.user_id));
    if (user === undefined) return { skip: `its user ${id(row.user_id)} was not imported` };
    const notes: string[] = [];
    if (row.join_time === null || row.join_time === undefined)
      notes.push('no join time: the incident’s report time is used');
    return {
      notes,
      row: {
        id: id(row.id),
        incident_id: incident.incidentId,
        user_id: user,
        join_time: row.join_time ?? incident.reportTime,
        message_count: Number(row.message_count ?? 0),
      },
    };
  },
};

export const NOTIFICATIONS: TablePlan = {
  source: 'response_notification',
  target: 'notification',
  noun: 'reminder',
  columns: ['id', 'incident_id', 'key', 'time', 'repeat_count', 'completed'],
  targetColumns: ['id', 'incident_id', 'key', 'time', 'repeat_count', 'completed'],
  uniqueKey: 'this reminder of the incident is already here',
  convert(row, context) {
    const incident = incidentOf(row, context);
    if ('skip' in incident) return incident;
    return {
      notes: [],
      row: {
        id: id(row.id),
        incident_id: incident.incidentId,
        key: String(row.key),
        time: row.time,
        repeat_count: Number(row.repeat_count ?? 0),
        completed: bool(row.completed),
      },
    };
  },
};

export const CHANGE_LOG: TablePlan = {
  source: 'response_event',
  target: 'event',
  noun: 'change-log entry',
  columns: ['id', 'timestamp', 'event_type', 'payload'],
  targetColumns: ['id', 'timestamp', 'event_type', 'payload'],
  convert(row) {
    const type = String(row.event_type);
    if (!CHANGE_LOG_TYPES.has(type))
      return {
        skip: `event type ${JSON.stringify(type)} is none of ${[...CHANGE_LOG_TYPES].join(', ')}`,
      };
    const payload = jsonObject(row.payload);
    if (!payload) return { skip: 'its payload is not a JSON object' };
    return {
      notes: [],
      row: { id: id(row.id), timestamp: row.timestamp, event_type: type, payload },
    };
  },
};

/** Every table after the users, in an order that satisfies the references. */
export const TABLE_PLANS: readonly TablePlan[] = [
  INCIDENTS,
  COMMS_CHANNELS,
  ACTIONS,
  TIMELINE,
  PINNED_MESSAGES,
  HEADLINE_POSTS,
  USER_STATS,
  NOTIFICATIONS,
  CHANGE_LOG,
];
