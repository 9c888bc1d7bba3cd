import { Injectable } from '@nestjs/common';
import { messageQuerySchema, type ChannelMessageDto, type Paginated } from '@response/contracts';
import { limitOffsetPage, parseLimitOffset, single } from '../common/pagination.js';
import { parseOrThrow } from '../common/zod-validation.pipe.js';
import { ChannelMessageRepository, type MessageRow } from './channel-message.repository.js';

/** `/core/incidents/:id/messages`: the kept conversation of an incident's comms channel. */
@Injectable()
export class MessagesService {
  constructor(private readonly messages: ChannelMessageRepository) {}

  async listFromApi(
    incidentId: number,
    query: Record<string, unknown>,
    url: URL,
  ): Promise<Paginated<ChannelMessageDto>> {
    const page = parseLimitOffset(query);
    const filters = parseOrThrow(messageQuerySchema, {
      search: single(query, 'search'),
      since: single(query, 'since'),
      until: single(query, 'until'),
      thread: single(query, 'thread'),
    });
    const { count, rows } = await this.messages.page(incidentId, filters, page.offset, page.limit);
    return limitOffsetPage(url, page, count, rows.map(toMessageDto));
  }
}

export function toMessageDto(row: MessageRow): ChannelMessageDto {
  return {
    ts: row.ts,
    thread_ts: row.thread_ts,
    user:
      row.app_id && row.external_id
        ? {
            app_id: row.app_id,
            external_id: row.external_id,
            display_name: row.display_name ?? '',
            full_name: row.full_name ?? '',
            email: row.email,
            deleted: row.user_deleted ?? false,
          }
        : null,
    author_id: row.author_slack_id,
    bot: row.bot,
    text: row.text,
    files: row.files,
    posted_at: new Date(row.posted_at).toISOString(),
    edited_at: row.edited_at ? new Date(row.edited_at).toISOString() : null,
    previous: row.versions.map((v) => ({ text: v.text, at: new Date(v.at).toISOString() })),
    deleted: row.deleted,
    on_timeline: row.on_timeline,
  };
}
