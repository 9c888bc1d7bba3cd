import type { QueryRunner } from 'typeorm';
import type { ResponseSource, SourceRow } from './response-source.js';
import {
  TABLE_PLANS,
  type ImportContext,
  type TablePlan,
  type TargetRow,
} from './response-tables.js';

/** What happened to one source table. */
export interface TableCount {
  source: string;
  read: number;
  /** Written now (or, on a dry run, that would be). */
  imported: number;
  /** Already here, from an earlier import (left as is). */
  unchanged: number;
  skipped: number;
}

/** A row that was skipped, or adjusted on the way, and why. */
export interface RowReport {
  table: string;
  id: number;
  text: string;
}

export interface ImportSummary {
  dryRun: boolean;
  /** The newest Response migration of the source, when Django recorded it. */
  schemaVersion: string | null;
  tables: TableCount[];
  skipped: RowReport[];
  notes: RowReport[];
  /** Target table → the id its next row gets (after a real import). */
  nextIds: Record<string, number>;
}

/** Told how far the import got, for a progress bar. */
export interface ImportProgress {
  table(name: string, total: number): void;
  advance(rows: number): void;
  finish(): void;
}

export interface ImportOptions {
  dryRun: boolean;
  headlineChannel: string | null;
  progress?: ImportProgress;
}

const USERS = 'response_externaluser';
/** Tables whose ids come from a sequence that must continue after the imported ids. */
const SEQUENCED = [
  'external_user',
  'incident',
  'comms_channel',
  'action',
  'timeline_event',
  'pinned_message',
  'headline_post',
  'user_stats',
  'notification',
  'event',
];

/** A value as a statement parameter of a column of type `udt`. */
function param(value: unknown, udt: string): unknown {
  if (value === null || value === undefined) return null;
  if (udt === 'jsonb' || udt === 'json') return JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  return value;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Copies a Response database into this one, keeping ids. Everything is written
 * in the caller's transaction (a dry run rolls it back); each batch and, when a
 * batch fails, each row has a savepoint, so one bad row is reported and skipped
 * without undoing the rest. Rows already here (an earlier import) are compared
 * and left as they are: a second run changes nothing.
 */
export class ResponseImporter {
  private readonly context: ImportContext;
  private readonly counts: TableCount[] = [];
  private readonly skipped: RowReport[] = [];
  private readonly notes: RowReport[] = [];
  private readonly types = new Map<string, Map<string, string>>();

  constructor(
    private readonly source: ResponseSource,
    private readonly target: QueryRunner,
    private readonly options: ImportOptions,
  ) {
    this.context = {
      users: new Map(),
      incidents: new Map(),
      timelineEntries: new Set(),
      headlineChannel: options.headlineChannel,
    };
  }

  async run(): Promise<ImportSummary> {
    const schemaVersion = await this.source.schemaVersion();
    await this.importUsers();
    for (const plan of TABLE_PLANS) await this.importTable(plan);
    const nextIds = this.options.dryRun ? {} : await this.continueSequences();
    this.options.progress?.finish();
    return {
      dryRun: this.options.dryRun,
      schemaVersion,
      tables: this.counts,
      skipped: this.skipped,
      notes: this.notes,
      nextIds,
    };
  }

  /**
   * People are matched by app and external id: one already here (seen in Slack
   * since, or imported before) is used as is, and a duplicate in Response (its
   * unique key let NULL owners repeat) becomes the first of them.
   */
  private async importUsers(): Promise<void> {
    const count = this.counter(USERS);
    this.options.progress?.table(USERS, await this.source.count(USERS));
    const first = new Map<string, number>();
    const columns = [
      'id',
      'app_id',
      'external_id',
      'display_name',
      'full_name',
      'email',
      'deleted',
    ];
    for await (const batch of this.source.batches(USERS, columns)) {
      for (const row of batch) {
        count.read++;
        const sourceId = Number(row.id);
        const key = `${String(row.app_id)}\u0000${String(row.external_id)}`;
        const earlier = first.get(key);
        if (earlier !== undefined) {
          const mapped = this.context.users.get(earlier);
          if (mapped !== undefined) this.context.users.set(sourceId, mapped);
          this.skip(
            count,
            sourceId,
            `duplicate of user ${earlier} (${String(row.app_id)} ${String(row.external_id)}): what names it is imported naming user ${earlier}`,
          );
          continue;
        }
        first.set(key, sourceId);
        await this.importUser(count, sourceId, row);
      }
      this.options.progress?.advance(batch.length);
    }
  }

  private async importUser(count: TableCount, sourceId: number, row: SourceRow): Promise<void> {
    const values = [
      String(row.app_id),
      String(row.external_id),
      String(row.display_name ?? ''),
      String(row.full_name ?? ''),
      row.email ?? null,
      Boolean(row.deleted ?? false),
    ];
    const existing: { id: number; same: boolean }[] = await this.target.query(
      `SELECT id, (display_name, full_name, email, deleted)
                  IS NOT DISTINCT FROM ($3::varchar, $4::varchar, $5::varchar, $6::bool) AS same
         FROM external_user WHERE app_id = $1 AND external_id = $2`,
      values,
    );
    if (existing[0]) {
      this.context.users.set(sourceId, existing[0].id);
      count.unchanged++;
      if (!existing[0].same)
        this.note(USERS, sourceId, 'already here with other names or email: left as is');
      return;
    }
    const insert = (withId: boolean) =>
      this.target.query(
        `INSERT INTO external_user (${withId ? 'id, ' : ''}app_id, external_id, display_name, full_name, email, deleted)
         VALUES (${withId ? '$7, ' : ''}$1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
        withId ? [...values, sourceId] : values,
      ) as Promise<{ id: number }[]>;
    const kept = await insert(true);
    if (kept[0]) {
      this.context.users.set(sourceId, kept[0].id);
      count.imported++;
      return;
    }
    const moved = await insert(false);
    this.context.users.set(sourceId, moved[0].id);
    count.imported++;
    this.note(USERS, sourceId, `id ${sourceId} is taken here: imported as user ${moved[0].id}`);
  }

  private async importTable(plan: TablePlan): Promise<void> {
    const count = this.counter(plan.source);
    if (!this.source.hasTable(plan.source)) return;
    this.options.progress?.table(plan.source, await this.source.count(plan.source));
    for await (const batch of this.source.batches(plan.source, plan.columns)) {
      const rows: TargetRow[] = [];
      for (const source of batch) {
        count.read++;
        const converted = plan.convert(source, this.context);
        if ('skip' in converted) {
          this.skip(count, Number(source.id), converted.skip);
          continue;
        }
        for (const text of converted.notes) this.note(plan.source, Number(source.id), text);
        rows.push(converted.row);
      }
      await this.write(plan, count, rows);
      this.options.progress?.advance(batch.length);
    }
  }

  /** Writes rows; compares those that were not written with what is here. */
  private async write(plan: TablePlan, count: TableCount, rows: TargetRow[]): Promise<void> {
    if (rows.length === 0) return;
    const inserted = await this.insert(plan, count, rows);
    for (const row of rows) {
      const rowId = Number(row.id);
      if (inserted.has(rowId)) {
        count.imported++;
        plan.present?.(row, this.context);
        continue;
      }
      if (inserted.failed.has(rowId)) continue;
      const verdict = await this.compare(plan, row);
      if (verdict === 'same' || verdict === 'changed') {
        count.unchanged++;
        plan.present?.(row, this.context);
        if (verdict === 'changed')
          this.note(plan.source, rowId, 'already imported and changed here since: left as is');
      } else if (verdict === 'other') {
        this.skip(count, rowId, `id ${rowId} is taken here by another ${plan.noun}`);
      } else {
        this.skip(count, rowId, plan.uniqueKey ?? 'it clashes with a row already here');
      }
    }
  }

  /**
   * Inserts a batch in one statement, rows already here left alone; when the
   * statement fails, row by row, and each row that fails is skipped with the
   * database's reason.
   */
  private async insert(
    plan: TablePlan,
    count: TableCount,
    rows: TargetRow[],
  ): Promise<Set<number> & { failed: Set<number> }> {
    const types = await this.columnTypes(plan.target);
    const columns = plan.targetColumns;
    const statement = (batch: TargetRow[]) => {
      const params: unknown[] = [];
      const tuples = batch.map(
        (row) =>
          `(${columns
            .map((column) => {
              params.push(param(row[column], types.get(column)!));
              return `$${params.length}::${types.get(column)}`;
            })
            .join(', ')})`,
      );
      return {
        sql: `INSERT INTO ${quote(plan.target)} (${columns.map(quote).join(', ')})
              VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING RETURNING id`,
        params,
      };
    };
    const done = Object.assign(new Set<number>(), { failed: new Set<number>() });
    const attempt = async (batch: TargetRow[]): Promise<number[]> => {
      const { sql, params } = statement(batch);
      await this.target.query('SAVEPOINT import_rows');
      try {
        const ids: { id: number }[] = await this.target.query(sql, params);
        await this.target.query('RELEASE SAVEPOINT import_rows');
        return ids.map((row) => Number(row.id));
      } catch (error) {
        await this.target.query('ROLLBACK TO SAVEPOINT import_rows');
        throw error;
      }
    };
    try {
      for (const rowId of await attempt(rows)) done.add(rowId);
    } catch {
      for (const row of rows) {
        try {
          for (const rowId of await attempt([row])) done.add(rowId);
        } catch (error) {
          done.failed.add(Number(row.id));
          this.skip(count, Number(row.id), `refused here: ${(error as Error).message}`);
        }
      }
    }
    return done;
  }

  /** How a row that was not written relates to the row with its id here. */
  private async compare(
    plan: TablePlan,
    row: TargetRow,
  ): Promise<'same' | 'changed' | 'other' | 'clash'> {
    const types = await this.columnTypes(plan.target);
    const params: unknown[] = [row.id];
    const tuple = (columns: string[]) =>
      `ROW(${columns.map(quote).join(', ')}) IS NOT DISTINCT FROM ROW(${columns
        .map((column) => {
          params.push(param(row[column], types.get(column)!));
          return `$${params.length}::${types.get(column)}`;
        })
        .join(', ')})`;
    const others = plan.targetColumns.filter((column) => column !== 'id');
    const found: { same: boolean; record: boolean }[] = await this.target.query(
      `SELECT ${tuple(others)} AS same, ${plan.identity ? tuple(plan.identity) : 'false'} AS record
         FROM ${quote(plan.target)} WHERE id = $1`,
      params,
    );
    if (!found[0]) return 'clash';
    if (found[0].same) return 'same';
    return found[0].record ? 'changed' : 'other';
  }

  private async columnTypes(table: string): Promise<Map<string, string>> {
    let types = this.types.get(table);
    if (!types) {
      const rows: { column_name: string; udt_name: string }[] = await this.target.query(
        `SELECT column_name, udt_name FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = $1`,
        [table],
      );
      types = new Map(rows.map((row) => [row.column_name, row.udt_name]));
      this.types.set(table, types);
    }
    return types;
  }

  /**
   * Sets each sequence so that new rows get ids after every imported one (and
   * never an id a deleted row had here).
   */
  private async continueSequences(): Promise<Record<string, number>> {
    const next: Record<string, number> = {};
    for (const table of SEQUENCED) {
      const [sequence]: { name: string | null }[] = await this.target.query(
        `SELECT pg_get_serial_sequence($1, 'id') AS name`,
        [table],
      );
      if (!sequence?.name) continue;
      // The name comes from Postgres itself, quoted as an identifier where needed.
      const [current]: { last_value: string; is_called: boolean }[] = await this.target.query(
        `SELECT last_value, is_called FROM ${sequence.name}`,
      );
      const [highest]: { next: string }[] = await this.target.query(
        `SELECT COALESCE(max(id), 0) + 1 AS next FROM ${quote(table)}`,
      );
      const unused = Number(current.last_value) + (current.is_called ? 1 : 0);
      const value = Math.max(Number(highest.next), unused);
      await this.target.query(`SELECT setval($1, $2, false)`, [sequence.name, value]);
      next[table] = value;
    }
    return next;
  }

  private counter(source: string): TableCount {
    const count = { source, read: 0, imported: 0, unchanged: 0, skipped: 0 };
    this.counts.push(count);
    return count;
  }

  private skip(count: TableCount, id: number, text: string): void {
    count.skipped++;
    this.skipped.push({ table: count.source, id, text });
  }

  private note(table: string, id: number, text: string): void {
    this.notes.push({ table, id, text });
  }
}
