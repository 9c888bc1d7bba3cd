import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { eventsWindowQuery, type ChangeLogEntryDto, type Paginated } from '@response/contracts';
import { Between, DataSource } from 'typeorm';
import { ValidationError } from '../common/errors.js';
import { limitOffsetPage, parseLimitOffset } from '../common/pagination.js';
import { parseOrThrow } from '../common/zod-validation.pipe.js';
import { ChangeLogEntry } from './changelog-entry.entity.js';
import { ChangeLogEntrySerializer } from './changelog-entry.serializer.js';

const DAY_MS = 24 * 60 * 60 * 1000;

@Injectable()
export class ChangeLogReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Change-log entries with `from <= timestamp <= to`, oldest first. */
  async list(
    from: Date,
    to: Date,
    offset: number,
    limit: number,
  ): Promise<{ count: number; events: ChangeLogEntry[] }> {
    const [events, count] = await this.dataSource.manager.findAndCount(ChangeLogEntry, {
      where: { timestamp: Between(from, to) },
      order: { timestamp: 'ASC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
    return { count, events };
  }

  /**
   * `GET /core/events?from=&to=`: a page of the change log in that window; `to`
   * defaults to now and `from` to a day before `to`.
   */
  async listFromApi(
    query: Record<string, unknown>,
    url: URL,
  ): Promise<Paginated<ChangeLogEntryDto>> {
    const page = parseLimitOffset(query);
    const window = parseOrThrow(eventsWindowQuery, { from: query.from, to: query.to });
    const to = window.to ?? new Date();
    const from = window.from ?? new Date(to.getTime() - DAY_MS);
    if (from > to) throw new ValidationError({ from: 'must not be after to' });
    const { count, events } = await this.list(from, to, page.offset, page.limit);
    return limitOffsetPage(url, page, count, events.map(ChangeLogEntrySerializer.toDto));
  }
}
