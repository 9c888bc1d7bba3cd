import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';
import { Title } from '@angular/platform-browser';
import { NgTemplateOutlet } from '@angular/common';
import { RouterLink } from '@angular/router';
import type { ChannelMessageDto, IncidentDto, UserDto } from '@response/contracts';
import { firstValueFrom } from 'rxjs';
import { apiErrorMessage } from '../../core/api-error';
import { Session } from '../../core/session';
import { UsersApi } from '../../core/users-api';
import { dayHeading, localDayKey, time } from '../../shared/format';
import { readableText, userNames } from '../../shared/text';
import { DocTabs } from '../doc-tabs';
import { IncidentsApi } from '../incidents-api';
import { MessagesApi } from '../messages-api';

/** A piece of a message's text, marked when it matches the search. */
export interface TextPart {
  text: string;
  hit: boolean;
}

interface Line {
  message: ChannelMessageDto;
  author: string;
  time: string;
  parts: TextPart[];
  /** A reply whose thread is not shown (its parent did not match the search). */
  orphanReply: boolean;
  replies: Line[];
}

interface DayGroup {
  key: string;
  heading: string;
  lines: Line[];
}

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

/**
 * The Channel tab: the kept conversation of the incident's comms channel, by
 * day, threads folded under their parent, files as links, edits and deletions
 * marked, searchable; any message can be added to the timeline.
 */
@Component({
  selector: 'app-incident-channel',
  imports: [RouterLink, NgTemplateOutlet, DocTabs],
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
  protected readonly session = inject(Session);

  protected readonly incidentId = computed(() => Number(this.id()));
  protected readonly incident = signal<IncidentDto | null>(null);
  protected readonly messages = signal<ChannelMessageDto[] | null>(null);
  protected readonly users = signal<UserDto[]>([]);
  protected readonly error = signal('');
  protected readonly notFound = signal(false);
  /** What the search box holds, and the term the shown messages were searched for. */
  protected readonly query = signal('');
  protected readonly searched = signal('');
  protected readonly searching = signal(false);
  protected readonly openThreads = signal<ReadonlySet<string>>(new Set());
  protected readonly openVersions = signal<ReadonlySet<string>>(new Set());
  protected readonly adding = signal<ReadonlySet<string>>(new Set());
  protected readonly rowError = signal<{ ts: string; message: string } | null>(null);

  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private loadSeq = 0;

  protected readonly names = computed(() => userNames(this.users()));

  protected readonly days = computed<DayGroup[]>(() => {
    const list = this.messages() ?? [];
    const names = this.names();
    const term = this.searched();
    const present = new Set(list.map((m) => m.ts));
    const lines = new Map<string, Line>();
    const days: DayGroup[] = [];
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
    return days;
  });

  protected readonly total = computed(() => this.messages()?.length ?? 0);

  constructor() {
    effect(() => {
      const id = this.incidentId();
      void this.loadIncident(id);
      void this.loadMessages(id, '');
    });
    inject(DestroyRef).onDestroy(() => clearTimeout(this.searchTimer));
  }

  private async loadIncident(id: number): Promise<void> {
    this.notFound.set(false);
    if (!Number.isInteger(id) || id <= 0) {
      this.notFound.set(true);
      return;
    }
    this.usersApi
      .list()
      .subscribe({ next: (users) => this.users.set(users), error: () => this.users.set([]) });
    try {
      const incident = await firstValueFrom(this.incidentsApi.get(id));
      this.incident.set(incident);
      this.title.setTitle(`Channel · Incident ${incident.id} · Response`);
    } catch (error) {
      if ((error as { status?: number }).status === 404) this.notFound.set(true);
      else this.error.set(apiErrorMessage(error));
    }
  }

  private async loadMessages(id: number, search: string): Promise<void> {
    if (!Number.isInteger(id) || id <= 0) return;
    const seq = ++this.loadSeq;
    this.searching.set(true);
    try {
      const list = await firstValueFrom(this.api.list(id, search));
      // A slower, older search never replaces a newer one.
      if (seq !== this.loadSeq) return;
      this.messages.set(list);
      this.searched.set(search);
      this.error.set('');
    } catch (error) {
      if (seq !== this.loadSeq) return;
      this.error.set(apiErrorMessage(error));
      this.messages.update((current) => current ?? []);
    } finally {
      if (seq === this.loadSeq) this.searching.set(false);
    }
  }

  protected onSearch(value: string): void {
    this.query.set(value);
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(
      () => void this.loadMessages(this.incidentId(), value.trim()),
      SEARCH_DELAY_MS,
    );
  }

  protected clearSearch(): void {
    this.query.set('');
    clearTimeout(this.searchTimer);
    void this.loadMessages(this.incidentId(), '');
  }

  protected toggle(set: typeof this.openThreads, ts: string): void {
    set.update((current) => {
      const next = new Set(current);
      if (!next.delete(ts)) next.add(ts);
      return next;
    });
  }

  protected readonly canAdd = computed(() => this.session.canEdit());

  protected async addToTimeline(message: ChannelMessageDto): Promise<void> {
    if (this.adding().has(message.ts)) return;
    this.adding.update((s) => new Set(s).add(message.ts));
    this.rowError.set(null);
    try {
      await firstValueFrom(this.api.addToTimeline(this.incidentId(), message.ts));
      this.messages.update((list) =>
        (list ?? []).map((m) => (m.ts === message.ts ? { ...m, on_timeline: true } : m)),
      );
    } catch (error) {
      this.rowError.set({ ts: message.ts, message: `Not added: ${apiErrorMessage(error)}` });
    } finally {
      this.adding.update((s) => {
        const next = new Set(s);
        next.delete(message.ts);
        return next;
      });
    }
  }

  protected readable(text: string): string {
    return readableText(text, this.names());
  }

  protected fileSize(size: number | null): string {
    if (size === null) return '';
    if (size < 1024) return `${size} B`;
    if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`;
    return `${(size / (1024 * 1024)).toFixed(1)} MB`;
  }

  protected stamp(iso: string): string {
    return `${dayHeading(iso)} ${time(iso)}`;
  }
}

function authorName(message: ChannelMessageDto, names: ReadonlyMap<string, string>): string {
  const user = message.user;
  if (user) return user.display_name || user.full_name || user.external_id;
  if (message.author_id) return names.get(message.author_id) ?? message.author_id;
  return message.bot ? 'Bot' : 'Someone';
}
