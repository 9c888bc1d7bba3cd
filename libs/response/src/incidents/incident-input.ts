import {
  incidentFilterQuery,
  type CreateIncidentBody,
  type IncidentStatus,
  type PatchIncidentBody,
  type Severity,
} from '@response/contracts';
import type { VersionPrecondition } from '../common/versioning.js';
import { parseOrThrow } from '../common/zod-validation.pipe.js';

/**
 * What IncidentsService takes, and how the `/core` API's snake_case bodies and
 * queries map onto it. The people an incident names arrive here already
 * resolved to ids.
 */

export interface CreateIncidentInput {
  report: string;
  summary?: string | null;
  impact?: string | null;
  leadId?: number | null;
  reporterId: number;
  severity?: Severity | null;
  reportOnly?: boolean;
  private?: boolean;
  startTime?: Date;
}

export interface UpdateIncidentInput {
  report?: string;
  summary?: string | null;
  impact?: string | null;
  leadId?: number | null;
  severity?: Severity | null;
  startTime?: Date;
  endTime?: Date | null;
  /** Only admins may change it (the service checks). */
  private?: boolean;
  /**
   * The text fields were written in a Slack message: their Slack mark-up
   * (mentions, links) is kept. Text from anywhere else keeps it as typed.
   */
  fromSlack?: boolean;
  /** The version the change was made on; by default whatever is current (last write wins). */
  expected?: VersionPrecondition;
}

/** Optional filters of the incident lists. */
export interface IncidentListFilter {
  status?: IncidentStatus;
  /** `none`: no severity set yet. */
  severity?: Severity | 'none';
  /** Every word must appear in the report or the summary, in any case. */
  words?: string[];
}

/** A declared incident from `POST /core/incidents`, with its reporter and lead resolved. */
export function createIncidentInput(
  body: CreateIncidentBody,
  reporterId: number,
  leadId: number | null,
): CreateIncidentInput {
  return {
    report: body.report,
    summary: body.summary,
    impact: body.impact,
    leadId,
    reporterId,
    severity: body.severity,
    reportOnly: body.report_only,
    private: body.private,
    startTime: body.start_time,
  };
}

/** The changes of a PUT or PATCH, but for the lead, which the caller resolves. */
export function updateIncidentInput(body: PatchIncidentBody): UpdateIncidentInput {
  return {
    report: body.report,
    summary: body.summary,
    impact: body.impact,
    severity: body.severity,
    startTime: body.start_time,
    endTime: body.end_time,
    private: body.private,
  };
}

/**
 * The filters of `?status=&severity=&search=` (400 naming the parameter when
 * invalid): the search text becomes its words.
 */
export function incidentListFilter(query: Record<string, unknown>): IncidentListFilter {
  const { status, severity, search } = parseOrThrow(incidentFilterQuery, {
    status: query.status,
    severity: query.severity,
    search: query.search,
  });
  return { status, severity, words: search };
}
