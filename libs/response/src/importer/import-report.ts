import type { ImportProgress, ImportSummary } from './response-importer.js';

/** A Postgres URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(the --from URL)';
  }
}

const number = (n: number) => n.toLocaleString('en-GB');

/** The summary printed at the end: counts per table, then every skipped row and every adjustment. */
export function formatSummary(summary: ImportSummary, from: string): string {
  const lines: string[] = [];
  lines.push(
    summary.dryRun
      ? `Dry run: nothing was written. Importing ${redactUrl(from)} would do this:`
      : `Imported ${redactUrl(from)}:`,
  );
  if (summary.schemaVersion) lines.push(`Response schema: ${summary.schemaVersion}`);
  lines.push('');
  const head = [
    'table',
    'read',
    summary.dryRun ? 'to import' : 'imported',
    'already here',
    'skipped',
  ];
  const rows = summary.tables.map((t) => [
    t.source,
    number(t.read),
    number(t.imported),
    number(t.unchanged),
    number(t.skipped),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ');
  lines.push(line(head), ...rows.map(line));
  const skipped = summary.skipped.length;
  lines.push('');
  lines.push(
    skipped === 0
      ? 'No row was skipped.'
      : `Skipped ${number(skipped)} ${skipped === 1 ? 'row' : 'rows'}:`,
  );
  for (const row of summary.skipped) lines.push(`  ${row.table} ${row.id}: ${row.text}`);
  if (summary.notes.length > 0) {
    lines.push('', `Rows taken with an adjustment (${number(summary.notes.length)}):`);
    for (const row of summary.notes) lines.push(`  ${row.table} ${row.id}: ${row.text}`);
  }
  const next = Object.entries(summary.nextIds);
  if (next.length > 0) {
    lines.push('', 'New rows continue at:');
    lines.push(`  ${next.map(([table, id]) => `${table} ${id}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

interface Terminal {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** A progress bar on a terminal (nothing when the output is not one): one line per table, redrawn in place. */
export class TerminalProgress implements ImportProgress {
  private name = '';
  private total = 0;
  private done = 0;
  private drawnAt = 0;

  constructor(
    private readonly out: Terminal,
    private readonly now: () => number = Date.now,
  ) {}

  table(name: string, total: number): void {
    if (this.name) this.draw(true);
    this.name = name;
    this.total = total;
    this.done = 0;
    this.draw(false, true);
  }

  advance(rows: number): void {
    this.done = Math.min(this.total, this.done + rows);
    this.draw(false);
  }

  finish(): void {
    if (this.name) this.draw(true);
    this.name = '';
  }

  /** One line: `response_incident  [#####-----]  1,234 / 2,468`. */
  line(): string {
    const width = Math.max(10, Math.min(40, (this.out.columns ?? 80) - 60));
    const filled = this.total === 0 ? width : Math.round((this.done / this.total) * width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    return `${this.name.padEnd(24)} [${bar}] ${number(this.done)} / ${number(this.total)}`;
  }

  private draw(last: boolean, force = false): void {
    if (!this.out.isTTY) return;
    const now = this.now();
    if (!last && !force && now - this.drawnAt < 100) return;
    this.drawnAt = now;
    if (last) this.done = this.total;
    this.out.write(`\r${this.line()}${last ? '\n' : ''}`);
  }
}
