import pg from 'pg';

/** A row as read from the source: timestamps stay text, so no microsecond is lost on the way. */
export type SourceRow = Record<string, unknown>;

const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;

/** Thrown when the source is not a Response database the importer understands. */
export class SourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceError';
  }
}

/**
 * Reads a Monzo Response database (its Django tables) over a plain Postgres
 * connection, read-only: every statement runs in one REPEATABLE READ READ ONLY
 * transaction, so the import sees one consistent snapshot even while Response
 * is still running.
 */
export class ResponseSource {
  private readonly client: pg.Client;
  private columns = new Map<string, Set<string>>();
  private connected = false;

  constructor(url: string) {
    const raw = (value: string) => value;
    this.client = new pg.Client({
      connectionString: url,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === TIMESTAMPTZ || oid === TIMESTAMP
            ? raw
            : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
      },
    });
  }

  async open(): Promise<void> {
    await this.client.connect();
    this.connected = true;
    await this.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const rows = (
      await this.client.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name LIKE 'response\\_%'`,
      )
    ).rows;
    for (const row of rows) {
      const set = this.columns.get(row.table_name) ?? new Set<string>();
      set.add(row.column_name);
      this.columns.set(row.table_name, set);
    }
    if (!this.columns.has('response_incident'))
      throw new SourceError(
        'This database has no response_incident table: it is not a Response database (or the URL names another one)',
      );
  }

  async close(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.client.query('ROLLBACK').catch(() => undefined);
    await this.client.end();
  }

  hasTable(table: string): boolean {
    return this.columns.has(table);
  }

  hasColumn(table: string, column: string): boolean {
    return this.columns.get(table)?.has(column) ?? false;
  }

  /** The newest Response migration applied, when Django recorded it. */
  async schemaVersion(): Promise<string | null> {
    try {
      await this.client.query('SAVEPOINT version');
      const rows = (
        await this.client.query<{ name: string }>(
          `SELECT name FROM django_migrations WHERE app = 'response' ORDER BY name DESC LIMIT 1`,
        )
      ).rows;
      await this.client.query('RELEASE SAVEPOINT version');
      return rows[0]?.name ?? null;
    } catch {
      await this.client.query('ROLLBACK TO SAVEPOINT version');
      return null;
    }
  }

  async count(table: string): Promise<number> {
    if (!this.hasTable(table)) return 0;
    const rows = (await this.client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))
      .rows;
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * The rows of a table in id order, `size` at a time. Columns the table does
   * not have (an older Response) are left out of the rows.
   */
  async *batches(table: string, columns: string[], size = 500): AsyncGenerator<SourceRow[]> {
    if (!this.hasTable(table)) return;
    const present = columns.filter((column) => this.hasColumn(table, column));
    const list = present.map((column) => `"${column}"`).join(', ');
    let after = -1;
    for (;;) {
      const rows = (
        await this.client.query<SourceRow>(
          `SELECT ${list} FROM ${table} WHERE id > $1 ORDER BY id LIMIT ${Number(size)}`,
          [after],
        )
      ).rows;
      if (rows.length === 0) return;
      yield rows;
      after = Number(rows[rows.length - 1].id);
      if (rows.length < size) return;
    }
  }
}
