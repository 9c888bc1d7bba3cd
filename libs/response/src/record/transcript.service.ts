import { Injectable } from '@nestjs/common';
import { decodeEntities } from '@response/contracts';
import { UsersService } from '../users/users.service.js';
import { uiText } from '../users/slack-text.js';
import { ChannelMessageRepository, type MessageRow } from './channel-message.repository.js';

/** Messages read per statement while writing a transcript. */
const BATCH = 1000;

/**
 * The conversation of an incident's comms channel as a Markdown appendix of
 * its report: by day, replies indented under their thread, files as links,
 * edits and deletions marked.
 */
@Injectable()
export class TranscriptService {
  constructor(
    private readonly messages: ChannelMessageRepository,
    private readonly users: UsersService,
  ) {}

  async markdown(incidentId: number, timeZone?: string): Promise<string> {
    const rows: MessageRow[] = [];
    for (let offset = 0; ; offset += BATCH) {
      const page = await this.messages.page(incidentId, {}, offset, BATCH);
      rows.push(...page.rows);
      if (page.rows.length < BATCH) break;
    }
    const lines = ['## Transcript', ''];
    if (rows.length === 0) {
      lines.push('_No messages were kept for this incident._', '');
      return lines.join('\n');
    }
    const names = await this.users.namesFor(rows.map((row) => row.text));
    const replies = new Map<string, MessageRow[]>();
    const parents: MessageRow[] = [];
    const known = new Set(rows.map((row) => row.ts));
    for (const row of rows) {
      if (row.thread_ts && known.has(row.thread_ts)) {
        const list = replies.get(row.thread_ts) ?? [];
        list.push(row);
        replies.set(row.thread_ts, list);
      } else parents.push(row);
    }
    const day = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    const time = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    });
    let currentDay = '';
    for (const row of parents) {
      const posted = new Date(row.posted_at);
      const heading = day.format(posted);
      if (heading !== currentDay) {
        currentDay = heading;
        lines.push(`### ${heading}`, '');
      }
      lines.push(...entry(row, '', time, names));
      for (const reply of replies.get(row.ts) ?? [])
        lines.push(...entry(reply, '    ', time, names));
    }
    lines.push('');
    return lines.join('\n');
  }
}

function author(row: MessageRow): string {
  const name = row.display_name || row.full_name;
  if (name) return name;
  if (row.bot) return 'bot';
  return row.author_slack_id ?? 'someone';
}

/** One message as list items; its text is decoded once and kept on its own lines. */
function entry(
  row: MessageRow,
  indent: string,
  time: Intl.DateTimeFormat,
  names: ReadonlyMap<string, string>,
): string[] {
  const marks: string[] = [];
  if (row.edited_at) marks.push('edited');
  if (row.deleted) marks.push('deleted');
  const suffix = marks.length ? ` _(${marks.join(', ')})_` : '';
  const head = `${indent}- **${time.format(new Date(row.posted_at))}** ${author(row)}${suffix}`;
  const text = row.deleted && !row.text ? '' : decodeEntities(uiText(row.text, names));
  const body = text
    .split('\n')
    .filter((line, index, all) => line.length > 0 || (index > 0 && index < all.length - 1))
    .map((line) => `${indent}  ${line}`);
  const files = row.files.map(
    (file) => `${indent}  - 📎 ${file.permalink ? `[${file.name}](${file.permalink})` : file.name}`,
  );
  return [head, ...body, ...files];
}
