import {
  IncidentUpdateType,
  Limits,
  SEVERITY_TEXT,
  TimelineEntryType,
  isBlankText,
  textLength,
  toStoredText,
  type Severity,
  type UserDto,
} from '@response/contracts';
import { ValidationError } from '../common/errors.js';
import { sameText, sanitize } from '../common/sanitize.js';
import type { ExternalUser } from '../users/external-user.entity.js';
import { UserSerializer } from '../users/user.serializer.js';
import type { Incident } from './incident.entity.js';

/** Empty or blank optional text (spaces or invisible characters only) is stored as null. */
export function optionalText(
  value: string | null | undefined,
  fromSlack = false,
): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || isBlankText(value)) return null;
  return sanitize(value, { slackMarkup: fromSlack });
}

/**
 * Limits apply to what was typed (Unicode code points, before sanitising): the
 * stored form, with `&` escaped as `&amp;` and so on, may be longer and the
 * columns are sized for it.
 */
export function checkTextLimits(fields: {
  report?: string;
  summary?: string | null;
  impact?: string | null;
}): void {
  const errors: Record<string, string> = {};
  if (fields.report !== undefined) {
    if (isBlankText(fields.report)) errors.report = 'must not be empty';
    else if (textLength(fields.report) > Limits.reportLength) {
      errors.report = `must be at most ${Limits.reportLength} characters`;
    }
  }
  for (const key of ['summary', 'impact'] as const) {
    const value = fields[key];
    if (value && textLength(value) > Limits.textLength)
      errors[key] = `must be at most ${Limits.textLength} characters`;
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
}

/** What an update asks for; the lead is already resolved to a user. */
export interface IncidentPatch {
  report?: string;
  summary?: string | null;
  impact?: string | null;
  leadId?: number | null;
  severity?: Severity | null;
  startTime?: Date;
  endTime?: Date | null;
  private?: boolean;
  /** The texts were written in a Slack message: their Slack mark-up is kept. */
  fromSlack?: boolean;
}

export interface IncidentUpdatePlan {
  /** Columns to write. */
  next: Partial<Incident>;
  /** Changed property names, e.g. `['severity', 'lead', 'endTime']`. */
  changed: string[];
}

/**
 * Decides what an update changes, applying the rules: text is sanitised and
 * limited, severity cannot be unset once set, end_time is not before start_time.
 * Fields sent with their current value are not changes.
 */
export function planIncidentUpdate(
  incident: Incident,
  patch: IncidentPatch,
  newLead: ExternalUser | null,
): IncidentUpdatePlan {
  const next: Partial<Incident> = {};
  const changed: string[] = [];
  const set = <K extends keyof Incident>(key: K, value: Incident[K], same: boolean) => {
    if (same) return;
    next[key] = value;
    changed.push(key);
  };
  // A text sent as it is stored (or typed again as it reads) is no change: it keeps its Slack mentions.
  if (patch.report !== undefined) {
    checkTextLimits({ report: patch.report });
    const report = sanitize(patch.report);
    set('report', report, sameText(patch.report, incident.report));
  }
  for (const key of ['summary', 'impact'] as const) {
    const value = optionalText(patch[key], patch.fromSlack);
    if (value === undefined) continue;
    checkTextLimits({ [key]: patch[key] });
    set(key, value, value === incident[key] || sameText(patch[key] ?? '', incident[key]));
  }
  if (patch.leadId !== undefined && (newLead?.id ?? null) !== incident.leadId) {
    next.leadId = newLead?.id ?? null;
    changed.push('lead');
  }
  if (patch.severity === null && incident.severity !== null) {
    throw new ValidationError({ severity: 'Severity cannot be unset once it has been set' });
  }
  if (patch.severity) set('severity', patch.severity, patch.severity === incident.severity);
  if (patch.startTime !== undefined) {
    set('startTime', patch.startTime, patch.startTime.getTime() === incident.startTime.getTime());
  }
  if (patch.endTime !== undefined) {
    set(
      'endTime',
      patch.endTime,
      (patch.endTime?.getTime() ?? null) === (incident.endTime?.getTime() ?? null),
    );
  }
  if (patch.private !== undefined)
    set('private', patch.private, patch.private === incident.private);
  const startTime = next.startTime ?? incident.startTime;
  const endTime = next.endTime !== undefined ? next.endTime : incident.endTime;
  if (endTime && endTime < startTime) {
    throw new ValidationError({
      [changed.includes('endTime') ? 'end_time' : 'start_time']:
        'must not put end_time before start_time',
    });
  }
  return { next, changed };
}

/** The fields whose changes are written to the timeline. */
export interface TrackedFields {
  report: string;
  summary: string | null;
  impact: string | null;
  lead: ExternalUser | null;
  severity: Severity | null;
  /** Set: closed. */
  endTime?: Date | null;
}

/** Who made a change, as the timeline names them. */
export interface ChangeAuthor {
  /** "Alice", or a Slack mention (`<@U123>`) of someone not known here yet. */
  name: string;
  user: ExternalUser | null;
}

/** An automatic timeline entry, before it gets an id and a timestamp. */
export interface IncidentUpdateEntry {
  text: string;
  eventType: typeof TimelineEntryType.IncidentUpdate;
  metadata: {
    update_type: IncidentUpdateType;
    old_value: unknown;
    new_value: unknown;
    /** Who made the change, when known. */
    actor: UserDto | null;
  };
}

/** A person's name in an entry's text, stored escaped like the rest of it. */
const name = (user: ExternalUser): string =>
  toStoredText(user.displayName || user.fullName || user.externalId);

/**
 * How automatic timeline entries name who made a change: by name, or, for a
 * Slack user whose names are not known yet, by a mention that Slack and the
 * web app show as their name once they are.
 */
export function changeAuthor(
  user: ExternalUser | null,
  slackId: string | null,
): ChangeAuthor | null {
  if (user && (user.displayName || user.fullName || !slackId)) return { name: name(user), user };
  return slackId ? { name: `<@${slackId}>`, user } : null;
}

const severityValue = (severity: Severity | null) =>
  severity ? { id: severity, text: SEVERITY_TEXT[severity] } : null;

/**
 * The timeline entries Response writes when an incident's lead, report,
 * summary, impact or severity changes (in that order), with its exact texts,
 * then when it is closed or reopened. Each text ends with who made the change
 * ("… by Alice") when that is known.
 */
export function incidentUpdateEntries(
  before: TrackedFields,
  after: TrackedFields,
  author: ChangeAuthor | null = null,
): IncidentUpdateEntry[] {
  const by = author ? ` by ${author.name}` : '';
  const actor = UserSerializer.toDtoOrNull(author?.user);
  const entry = (
    updateType: IncidentUpdateType,
    text: string,
    oldValue: unknown,
    newValue: unknown,
  ): IncidentUpdateEntry => ({
    text: `${text}${by}`,
    eventType: TimelineEntryType.IncidentUpdate,
    metadata: { update_type: updateType, old_value: oldValue, new_value: newValue, actor },
  });
  /** Text with "added" and "updated" forms: summary and impact. */
  const textChange = (
    updateType: IncidentUpdateType,
    label: string,
    old: string | null,
    value: string | null,
  ) =>
    entry(
      updateType,
      old
        ? `Incident ${label} updated from "${old}" to "${value ?? ''}"`
        : `Incident ${label} added: "${value ?? ''}"`,
      old,
      value,
    );
  const entries: IncidentUpdateEntry[] = [];
  if ((before.lead?.id ?? null) !== (after.lead?.id ?? null)) {
    const oldLead = before.lead;
    const newLead = after.lead;
    const text =
      oldLead && newLead
        ? `Incident lead changed from ${name(oldLead)} to ${name(newLead)}`
        : oldLead
          ? `${name(oldLead)} was removed as incident lead`
          : `${name(newLead!)} was added as incident lead`;
    entries.push(
      entry(
        IncidentUpdateType.Lead,
        text,
        UserSerializer.toDtoOrNull(oldLead),
        UserSerializer.toDtoOrNull(newLead),
      ),
    );
  }
  if (before.report !== after.report) {
    entries.push(
      entry(
        IncidentUpdateType.Report,
        `Incident report updated from "${before.report}" to "${after.report}"`,
        before.report,
        after.report,
      ),
    );
  }
  if ((before.summary ?? null) !== (after.summary ?? null)) {
    entries.push(textChange(IncidentUpdateType.Summary, 'summary', before.summary, after.summary));
  }
  if ((before.impact ?? null) !== (after.impact ?? null)) {
    entries.push(textChange(IncidentUpdateType.Impact, 'impact', before.impact, after.impact));
  }
  if (before.severity !== after.severity && after.severity) {
    const text = before.severity
      ? `Incident severity updated from ${SEVERITY_TEXT[before.severity]} to ${SEVERITY_TEXT[after.severity]}`
      : `Incident severity set to ${SEVERITY_TEXT[after.severity]}`;
    entries.push(
      entry(
        IncidentUpdateType.Severity,
        text,
        severityValue(before.severity),
        severityValue(after.severity),
      ),
    );
  }
  const wasClosed = Boolean(before.endTime);
  if (after.endTime !== undefined && wasClosed !== Boolean(after.endTime)) {
    const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
    entries.push(
      wasClosed
        ? entry(IncidentUpdateType.Reopened, 'Incident reopened', iso(before.endTime), null)
        : entry(IncidentUpdateType.Closed, 'Incident closed', null, iso(after.endTime)),
    );
  }
  return entries;
}
