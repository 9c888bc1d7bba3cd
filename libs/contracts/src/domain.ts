/**
 * Domain enumerations shared by the server and the client. Values are the
 * strings stored in the database and sent on the wire, as in Response.
 */

export const Severity = {
  Critical: '1',
  Major: '2',
  Minor: '3',
  Trivial: '4',
} as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

export const SEVERITY_TEXT: Record<Severity, string> = {
  '1': 'critical',
  '2': 'major',
  '3': 'minor',
  '4': 'trivial',
};

export const SEVERITIES: readonly Severity[] = ['1', '2', '3', '4'];

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

export const IncidentStatus = {
  Reported: 'reported',
  Live: 'live',
  Resolved: 'resolved',
} as const;
export type IncidentStatus = (typeof IncidentStatus)[keyof typeof IncidentStatus];

export const ActionPriority = {
  High: '1',
  Medium: '2',
  Low: '3',
} as const;
export type ActionPriority = (typeof ActionPriority)[keyof typeof ActionPriority];

export const ACTION_PRIORITY_TEXT: Record<ActionPriority, string> = {
  '1': 'high',
  '2': 'medium',
  '3': 'low',
};

export const ActionType = {
  Detective: '1',
  Preventative: '2',
  Corrective: '3',
} as const;
export type ActionType = (typeof ActionType)[keyof typeof ActionType];

export const ACTION_TYPE_TEXT: Record<ActionType, string> = {
  '1': 'detective',
  '2': 'preventative',
  '3': 'corrective',
};

export const TimelineEntryType = {
  Text: 'text',
  SlackPin: 'slack_pin',
  /** A message of the comms channel added to the timeline afterwards. */
  SlackMessage: 'slack_message',
  IncidentUpdate: 'incident_update',
} as const;
export type TimelineEntryType = (typeof TimelineEntryType)[keyof typeof TimelineEntryType];

export const IncidentUpdateType = {
  Lead: 'incident_lead',
  Report: 'incident_report',
  Summary: 'incident_summary',
  Impact: 'incident_impact',
  Severity: 'incident_severity',
  /** A role besides the lead (`INCIDENT_ROLES`); the metadata names it in `role`. */
  Role: 'incident_role',
} as const;
export type IncidentUpdateType = (typeof IncidentUpdateType)[keyof typeof IncidentUpdateType];

export const ChangeLogEntryType = {
  Incident: 'incident_event',
  Action: 'action_event',
} as const;
export type ChangeLogEntryType = (typeof ChangeLogEntryType)[keyof typeof ChangeLogEntryType];

export const Role = {
  Admin: 'admin',
  Responder: 'responder',
  Viewer: 'viewer',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const ROLES: readonly Role[] = ['admin', 'responder', 'viewer'];

/** Text-length limits enforced on write (400 when exceeded). */
export const Limits = {
  reportLength: 200,
  textLength: 50_000,
  actionDetailsLength: 10_000,
  timelineTextLength: 10_000,
} as const;

/** The `app_id` of users that come from Slack, and of web-only accounts. */
export const AppId = {
  Slack: 'slack',
  Web: 'web',
} as const;
