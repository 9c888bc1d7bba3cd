import { Inject, Injectable } from '@nestjs/common';
import {
  insightIncidentsQuery,
  insightsQuery,
  type InsightIncidentDto,
  type InsightsDto,
  type InsightSeverity,
  type InsightSpanDto,
  type UserDto,
} from '@response/contracts';
import { parseOrThrow } from '../common/zod-validation.pipe.js';
import { CONFIG, type Config } from '../config/config.js';
import type { IncidentViewer } from '../incidents/incident-visibility.js';
import { incidentsCsv } from './insights-csv.js';
import { resolveRange } from './insights-range.js';
import {
  InsightsRepository,
  type InsightsScope,
  type MonthRow,
  type SpanRow,
  type UserRow,
} from './insights.repository.js';

/** What `/core/insights/incidents` answers: JSON rows, or CSV text. */
export type InsightIncidentsAnswer =
  { format: 'json'; rows: InsightIncidentDto[] } | { format: 'csv'; csv: string; filename: string };

const userDto = (user: UserRow): UserDto => ({
  app_id: user.app_id,
  external_id: user.external_id,
  display_name: user.display_name,
  full_name: user.full_name,
  email: user.email,
  deleted: user.deleted,
});

/** A span's figures; the percentiles are null when nothing was counted. */
const spread = (row: SpanRow | null) => ({
  count: row?.count ?? 0,
  p50_seconds: row?.p50 ?? null,
  p90_seconds: row?.p90 ?? null,
});

/**
 * Insights: how many incidents, how severe, how long they last, how long
 * until a lead and a severity are set, follow-up actions and who takes part,
 * over the incidents that started in a range of days and that the caller may see.
 */
@Injectable()
export class InsightsService {
  constructor(
    private readonly repository: InsightsRepository,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** `GET /core/insights`. */
  async figures(
    query: Record<string, unknown>,
    viewer: IncidentViewer,
    now = new Date(),
  ): Promise<InsightsDto> {
    const parsed = parseOrThrow(insightsQuery, {
      from: query.from,
      to: query.to,
      severity: query.severity,
    });
    const scope = this.scope(parsed, viewer, now);
    const rows = await this.repository.figures(scope);
    const months = rows.months.filter((m) => m.month !== null);
    const overall = rows.months.find((m) => m.month === null)!;
    const span = (key: 'duration' | 'to_report' | 'to_lead' | 'to_severity'): InsightSpanDto => ({
      by_month: months.map((m) => ({ month: m.month!, ...spread(m[key]) })),
      overall: spread(overall[key]),
    });
    return {
      from: scope.from,
      to: scope.to,
      time_zone: scope.timeZone,
      as_of: now.toISOString(),
      by_month: months.map((m: MonthRow) => ({
        month: m.month!,
        total: m.total,
        by_severity: { '1': m.s1, '2': m.s2, '3': m.s3, '4': m.s4, unset: m.unset },
      })),
      duration: span('duration'),
      time_to_report: span('to_report'),
      time_to_lead: span('to_lead'),
      time_to_severity: span('to_severity'),
      actions: {
        open: rows.actions.open,
        done: rows.actions.done,
        overdue: rows.actions.overdue,
        by_owner: rows.owners.map((o) => ({
          user: o.user ? userDto(o.user) : null,
          open: o.open,
          overdue: o.overdue,
        })),
        age_days: { p50: rows.actions.p50, p90: rows.actions.p90 },
      },
      severity_changes: months.map((m) => ({ month: m.month!, count: m.raised })),
      participants: rows.participants.map((p) => ({
        user: userDto(p.user),
        incidents: p.incidents,
      })),
    };
  }

  /** `GET /core/insights/incidents[?format=csv]`: one row per incident counted, oldest first. */
  async incidents(
    query: Record<string, unknown>,
    viewer: IncidentViewer,
    now = new Date(),
  ): Promise<InsightIncidentsAnswer> {
    const parsed = parseOrThrow(insightIncidentsQuery, {
      from: query.from,
      to: query.to,
      severity: query.severity,
      format: query.format,
    });
    const scope = this.scope(parsed, viewer, now);
    const rows: InsightIncidentDto[] = (await this.repository.incidents(scope)).map((row) => ({
      id: row.id,
      report: row.report,
      month: row.month,
      severity: (row.severity ?? 'unset') as InsightSeverity,
      start_time: row.start_time.toISOString(),
      report_time: row.report_time.toISOString(),
      end_time: row.end_time ? row.end_time.toISOString() : null,
      duration_seconds: row.duration,
      time_to_report_seconds: row.to_report,
      time_to_lead_seconds: row.to_lead,
      time_to_severity_seconds: row.to_severity,
      severity_raised: row.raised,
      actions_open: row.actions_open,
      actions_done: row.actions_done,
      actions_overdue: row.actions_overdue,
      participants: row.participants,
    }));
    if (parsed.format !== 'csv') return { format: 'json', rows };
    return {
      format: 'csv',
      csv: incidentsCsv(rows),
      filename: `incidents-${scope.from}-to-${scope.to}.csv`,
    };
  }

  private scope(
    query: { from?: string; to?: string; severity?: InsightSeverity[] },
    viewer: IncidentViewer,
    now: Date,
  ): InsightsScope {
    const timeZone = this.config.app.timeZone;
    const range = resolveRange(query, now, timeZone);
    return { ...range, timeZone, severities: query.severity ?? null, viewer, asOf: now };
  }
}
