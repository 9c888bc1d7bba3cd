import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import type { ChannelMessageDto, IncidentDto } from '@response/contracts';
import { firstValueFrom, type Subscription } from 'rxjs';
import { apiErrorMessage } from '../../core/api-error';
import { UsersApi } from '../../core/users-api';
import { dayHeading, localDayKey, time } from '../../shared/format';
import { readableText } from '../../shared/text';
import { DocTabs } from '../doc-tabs';
import { IncidentsApi } from '../incidents-api';
import { MessagesApi } from '../messages-api';
import { ChannelLine } from './channel-line';
import { ChannelView, type Line, type TextPart } from './channel-view';

/** Consecutive lines of a day, rendered once they come near the screen. */
export interface Block {
  key: string;
  lines: Line[];
  /** Height to hold until rendered, in rem: about what the lines will take. */
  estimate: number;
}

interface DayGroup {
  key: string;
  heading: string;
  blocks: Block[];
}

/** Top-level lines (a thread counts as one) per block. */
export const BLOCK_LINES = 40;

/** How long typing rests before the search runs. */
const SEARCH_DELAY_MS = 300;

/** Splits `text` around every case-insensitive occurrence of `term`. */
export function highlight(text: string, term: string): TextPart[] {
  if (!term) return [{ text, hit: false }];
  const parts: TextPart[] = [];
  const haystack = text.toLocaleLowerCase();
  const needle = term.toLocaleLowerCase();
  // Lower-casing can change lengths (e.g. İ): then highlight nothing rather than the wrong span.
  if (haystack.length !== text.length) return [{ text, hit: false }];
  let from = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, from)) {
    if (at > from) parts.push({ text: text.slice(from, at), hit: false });
    parts.push({ text: text.slice(at, at + needle.length), hit: true });
    from = at + needle.length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), hit: false });
  return parts;
}

/** About how tall a line is before it is rendered, in rem (see `.msg` in the styles). */
function estimate(line: Line): number {
  const m = line.message;
  let rem = 4;
  for (let at = m.text.indexOf('\n'); at !== -1 && rem < 40; at = m.text.indexOf('\n', at + 1))
    rem += 1.5;
  return rem + m.files.length * 1.4 + (line.replies.length > 0 ? 1.6 : 0);
}

/** Splits a day's lines into blocks of BLOCK_LINES, each keyed by its first message. */
export function blocksOf(lines: Line[], size = BLOCK_LINES): Block[] {
  const blocks: Block[] = [];
  for (let start = 0; start < lines.length; start += size) {
    const part = lines.slice(start, start + size);
    blocks.push({
      key: part[0].message.ts,
      lines: part,
      estimate: part.reduce((sum, line) => sum + estimate(line), 0),
    });
  }
  return blocks;
}

/**
 * The Channel tab: the kept conversation of the incident's comms channel, by
 * day, threads folded under their parent, files as links, edits and deletions
 * marked, searchable; any message can be added to the timeline.
 *
 * It stays smooth with tens of thousands of messages: the first hundred show
 * as soon as they arrive while the rest load, and each day is rendered in
 * blocks of BLOCK_LINES only when a block comes near the screen (`@defer on
 * viewport`), or is the last one; until then a block holds its estimated height.
 */
@Component({
  selector: 'app-incident-channel',
  imports: [RouterLink, DocTabs, ChannelLine],
  providers: [ChannelView],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './incident-channel.html',
  styleUrl: './incident-channel.css',
})
export class IncidentChannel {
  /** Route parameter. */
  readonly id = input.required<string>();

  private readonly api = inject(MessagesApi);
  private readonly incidentsApi = inject(IncidentsApi);
  private readonly usersApi = inject(UsersApi);
  private readonly title = inject(Title);
  private readonly view = inject(ChannelView);

  protected readonly incidentId = computed(() => Number(this.id()));
  protected readonly incident = signal<IncidentDto | null>(null);
  protected readonly messages = signal<ChannelMessageDto[] | null>(null);
  /** How many messages there are, or match the search, in all. */
  protected readonly total = signal(0);
  /** The first messages are shown; the rest are still arriving. */
  protected readonly loadingMore = signal(false);
  protected readonly error = signal('');
  protected readonly notFound = signal(false);
  /** What the search box holds, and the term the shown messages were searched for. */
  protected readonly query = signal('');
  protected readonly searched = signal('');
  protected readonly searching = signal(false);
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private loading: Subscription | undefined;

  protected readonly names = this.view.names;

  protected readonly days = computed<DayGroup[]>(() => {
    const list = this.messages() ?? [];
    const names = this.names();
    const term = this.searched();
    const present = new Set(list.map((m) => m.ts));
    const lines = new Map<string, Line>();
    const days: { key: string; heading: string; lines: Line[] }[] = [];
    for (const message of list) {
      const line: Line = {
        message,
        author: authorName(message, names),
        time: time(message.posted_at),
        parts: highlight(readableText(message.text, names), term),
        orphanReply: message.thread_ts !== null && !present.has(message.thread_ts),
        replies: [],
      };
      lines.set(message.ts, line);
      const parent = message.thread_ts ? lines.get(message.thread_ts) : undefined;
      if (parent) {
        parent.replies.push(line);
        continue;
      }
      const key = localDayKey(message.posted_at);
      let day = days.at(-1);
      if (!day || day.key !== key) {
        day = { key, heading: dayHeading(message.posted_at), lines: [] };
        days.push(day);
      }
      day.lines.push(line);
    }
    return days.map((day) => ({ key: day.key, heading: day.heading, blocks: blocksOf(day.lines) }));
  });

  /**
   * The block at the end, once every message has arrived: it is rendered at
   * once, so that End shows the last messages, and the blocks above rendering
   * later do not move them (the browser anchors the scroll to what is shown).
   */
  protected readonly lastBlock = computed(() =>
    this.loadingMore() ? null : (this.days().at(-1)?.blocks.at(-1)?.key ?? null),
  );

  constructor() {
    effect(() => {
      const id = this.incidentId();
      untracked(() => this.view.incidentId.set(id));
      void this.loadIncident(id);
      untracked(() => this.loadMessages(id, ''));
    });
    inject(DestroyRef).onDestroy(() => {
      clearTimeout(this.searchTimer);
      this.loading?.unsubscribe();
    });
  }

  private async loadIncident(id: number): Promise<void> {
    this.notFound.set(false);
    if (!Number.isInteger(id) || id <= 0) {
      this.notFound.set(true);
      return;
    }
    this.usersApi.list().subscribe({
      next: (users) => this.view.users.set(users),
      error: () => this.view.users.set([]),
    });
    try {
      const incident = await firstValueFrom(this.incidentsApi.get(id));
      this.incident.set(incident);
      this.title.setTitle(`Channel · Incident ${incident.id} · Response`);
    } catch (error) {
      if ((error as { status?: number }).status === 404) this.notFound.set(true);
      else this.error.set(apiErrorMessage(error));
    }
  }

  /** Loads the conversation (or the matches of `search`), showing it as it arrives; a newer load replaces an older one. */
  private loadMessages(id: number, search: string): void {
    if (!Number.isInteger(id) || id <= 0) return;
    this.loading?.unsubscribe();
    this.searching.set(true);
    let first = true;
    this.loading = this.api.stream(id, search).subscribe({
      next: (chunk) => {
        if (first) {
          first = false;
          this.messages.set(chunk.messages);
          this.searched.set(search);
          this.error.set('');
          this.searching.set(false);
        } else {
          this.messages.update((current) => {
            const seen = new Set((current ?? []).map((m) => m.ts));
            return [...(current ?? []), ...chunk.messages.filter((m) => !seen.has(m.ts))];
          });
        }
        this.total.set(chunk.count);
        this.loadingMore.set(!chunk.done);
      },
      error: (error: unknown) => {
        this.error.set(apiErrorMessage(error));
        this.messages.update((current) => current ?? []);
        this.searching.set(false);
        this.loadingMore.set(false);
      },
    });
  }

  protected onSearch(value: string): void {
    this.query.set(value);
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(
      () => this.loadMessages(this.incidentId(), value.trim()),
      SEARCH_DELAY_MS,
    );
  }

  protected clearSearch(): void {
    this.query.set('');
    clearTimeout(this.searchTimer);
    this.loadMessages(this.incidentId(), '');
  }

  protected readable(text: string): string {
    return readableText(text, this.names());
  }
}

function authorName(message: ChannelMessageDto, names: ReadonlyMap<string, string>): string {
  const user = message.user;
  if (user) return user.display_name || user.full_name || user.external_id;
  if (message.author_id) return names.get(message.author_id) ?? message.author_id;
  return message.bot ? 'Bot' : 'Someone';
}
