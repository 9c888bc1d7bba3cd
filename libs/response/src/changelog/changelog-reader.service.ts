import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource } from 'typeorm';
import { ChangeLogEntry } from './changelog-entry.entity.js';

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
}
