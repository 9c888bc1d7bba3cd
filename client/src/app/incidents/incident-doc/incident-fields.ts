import {
  capitalize,
  decodeEntities,
  SEVERITY_TEXT,
  type IncidentDto,
  type Severity,
  type UpdateIncidentRequest,
  type UserDto,
} from '@response/contracts';
import { label } from '../../core/users-api';
import { dateTime } from '../../shared/format';

/**
 * The fields of an incident the doc edits, compared and described the same
 * way whether they come from the incident, from what an editor started from,
 * or from a change being saved.
 */
export type IncidentField =
  'report' | 'summary' | 'impact' | 'lead' | 'severity' | 'start_time' | 'end_time' | 'private';

const FIELDS: readonly IncidentField[] = [
  'report',
  'summary',
  'impact',
  'lead',
  'severity',
  'start_time',
  'end_time',
  'private',
];

const LABELS: Record<IncidentField, string> = {
  report: 'report',
  summary: 'summary',
  impact: 'impact',
  lead: 'lead',
  severity: 'severity',
  start_time: 'start time',
  end_time: 'end time',
  private: 'privacy',
};

/** `summary`, `start time`…; capitalised for headings. */
export function fieldLabel(field: IncidentField, heading = false): string {
  return heading ? capitalize(LABELS[field]) : LABELS[field];
}

/** The fields a change sets. */
export function fieldsOf(patch: UpdateIncidentRequest): IncidentField[] {
  return FIELDS.filter((field) => patch[field] !== undefined);
}

/** An incident's value of a field, in a form to compare (`===`). */
export function valueOf(incident: Partial<IncidentDto>, field: IncidentField): unknown {
  switch (field) {
    case 'lead':
      return incident.lead?.external_id ?? null;
    case 'start_time':
    case 'end_time': {
      const iso = incident[field];
      return iso ? Date.parse(iso) : null;
    }
    default:
      return incident[field] ?? null;
  }
}

/** The value a change asks for, in the form of {@link valueOf}; text as typed. */
function requested(patch: UpdateIncidentRequest, field: IncidentField): unknown {
  switch (field) {
    case 'lead':
      return patch.lead?.external_id ?? null;
    case 'start_time':
    case 'end_time': {
      const value = patch[field];
      return value ? Date.parse(String(value)) : null;
    }
    case 'severity':
      return patch.severity === null || patch.severity === undefined
        ? null
        : String(patch.severity);
    default:
      return patch[field] ?? null;
  }
}

/** The fields whose values differ between two states of an incident. */
export function changedFields(before: IncidentDto, after: IncidentDto): IncidentField[] {
  return FIELDS.filter((field) => valueOf(before, field) !== valueOf(after, field));
}

/** The values of some fields of an incident. */
export function pick(
  incident: IncidentDto,
  fields: readonly IncidentField[],
): Partial<IncidentDto> {
  const picked: Record<string, unknown> = {};
  for (const field of fields) picked[field] = incident[field];
  return picked as Partial<IncidentDto>;
}

/**
 * Whether the incident already has what the change asks for: the same value,
 * or closed when the user was closing it (whoever closed it first). `seen` is
 * what the user started from.
 */
export function alreadyAsked(
  incident: IncidentDto,
  patch: UpdateIncidentRequest,
  field: IncidentField,
  seen: Partial<IncidentDto>,
): boolean {
  const want = requested(patch, field);
  const have = valueOf(incident, field);
  if (field === 'end_time' && valueOf(seen, field) === null && want !== null) return have !== null;
  if (field === 'report' || field === 'summary' || field === 'impact')
    return decodeEntities(String(have ?? '')).trim() === String(want ?? '').trim();
  return want === have;
}

/** A field's value for people, as an incident holds it. */
export function describeValue(incident: Partial<IncidentDto>, field: IncidentField): string {
  switch (field) {
    case 'lead':
      return label(incident.lead) || 'No lead';
    case 'severity':
      return severityName(incident.severity ?? null);
    case 'start_time':
      return dateTime(incident.start_time);
    case 'end_time':
      return incident.end_time ? `Closed ${dateTime(incident.end_time)}` : 'Open';
    case 'private':
      return incident.private ? 'Private' : 'Public';
    default:
      return decodeEntities(incident[field] ?? '');
  }
}

/** A field's value for people, as a change asks for it. */
export function describeRequested(
  patch: UpdateIncidentRequest,
  field: IncidentField,
  users: readonly UserDto[],
): string {
  switch (field) {
    case 'lead': {
      const id = patch.lead?.external_id;
      return id ? label(users.find((u) => u.external_id === id)) || id : 'No lead';
    }
    case 'severity':
      return severityName(requested(patch, field) as Severity | null);
    case 'start_time':
      return dateTime(patch.start_time as string);
    case 'end_time':
      return patch.end_time ? `Closed ${dateTime(patch.end_time as string)}` : 'Open';
    case 'private':
      return patch.private ? 'Private' : 'Public';
    default:
      return String(patch[field] ?? '');
  }
}

export function severityName(severity: Severity | null): string {
  return severity ? capitalize(SEVERITY_TEXT[severity]) : 'Not set';
}

/** `summary`, `summary and impact`, `summary, impact and lead`. */
export function listOf(fields: readonly IncidentField[]): string {
  const names = fields.map((field) => fieldLabel(field));
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
