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
  /** A status update for stakeholders (`/core/incidents/:id/updates`). */
  StatusUpdate: 'update',
} as const;
export type TimelineEntryType = (typeof TimelineEntryType)[keyof typeof TimelineEntryType];

/**
 * The `metadata.update_type` of an automatic timeline entry (`incident_update`);
 * its metadata also holds `old_value`, `new_value` and `actor` (the user who
 * made the change, or null when unknown).
 */
export const IncidentUpdateType = {
  Lead: 'incident_lead',
  Report: 'incident_report',
  Summary: 'incident_summary',
  Impact: 'incident_impact',
  Severity: 'incident_severity',
  /** A role besides the lead (`INCIDENT_ROLES`); the metadata names it in `role`. */
  Role: 'incident_role',
  Closed: 'incident_closed',
  Reopened: 'incident_reopened',
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

/** Usernames: 1-150 letters, digits or `_.@-`, wherever an account is made. */
export const USERNAME_PATTERN = /^[A-Za-z0-9_.@-]{1,150}$/;
export const USERNAME_RULE = '1-150 letters, digits or _.@-';
/** Longer passwords are refused before hashing, so a huge body cannot tie up scrypt. */
export const PASSWORD_MAX_LENGTH = 1024;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_RULE = `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`;

/** Text-length limits enforced on write (400 when exceeded). */
export const Limits = {
  reportLength: 200,
  textLength: 50_000,
  actionDetailsLength: 10_000,
  timelineTextLength: 10_000,
  /** A status update: what one Slack message or modal input comfortably holds. */
  statusUpdateLength: 3000,
} as const;

/** The `app_id` of users that come from Slack, and of web-only accounts. */
export const AppId = {
  Slack: 'slack',
  Web: 'web',
} as const;

/** What a webhook endpoint can subscribe to. */
export const WebhookEvent = {
  IncidentDeclared: 'incident.declared',
  IncidentUpdated: 'incident.updated',
  IncidentClosed: 'incident.closed',
  IncidentReopened: 'incident.reopened',
  ActionCreated: 'action.created',
  ActionUpdated: 'action.updated',
  ActionDeleted: 'action.deleted',
  TimelineCreated: 'timeline.created',
  TimelineUpdated: 'timeline.updated',
  TimelineDeleted: 'timeline.deleted',
  StatusUpdatePosted: 'status_update.posted',
} as const;
export type WebhookEvent = (typeof WebhookEvent)[keyof typeof WebhookEvent];

export const WEBHOOK_EVENTS: readonly WebhookEvent[] = Object.values(WebhookEvent);

/** Where one delivery of an event to an endpoint stands. */
export const WebhookDeliveryStatus = {
  /** Not sent yet, or waiting for its next try. */
  Pending: 'pending',
  Succeeded: 'succeeded',
  /** Refused (4xx), given up after 24 h, or stopped by an SSRF refusal or a 410. */
  Failed: 'failed',
} as const;
export type WebhookDeliveryStatus =
  (typeof WebhookDeliveryStatus)[keyof typeof WebhookDeliveryStatus];
