import { Injectable, computed, inject, signal, type WritableSignal } from '@angular/core';
import type { ChannelMessageDto, UserDto } from '@response/contracts';
import { firstValueFrom } from 'rxjs';
import { apiErrorMessage } from '../../core/api-error';
import { Session } from '../../core/session';
import { readableText, userNames } from '../../shared/text';
import { MessagesApi } from '../messages-api';

/** A piece of a message's text, marked when it matches the search. */
export interface TextPart {
  text: string;
  hit: boolean;
}

/** A message as the Channel tab shows it, with the replies of its thread. */
export interface Line {
  message: ChannelMessageDto;
  author: string;
  time: string;
  parts: TextPart[];
  /** A reply whose thread is not shown (its parent did not match the search). */
  orphanReply: boolean;
  replies: Line[];
}

/**
 * What the lines of one Channel tab share: which threads and earlier versions
 * are open, which messages are being or were added to the timeline. Provided
 * by the tab; each line reads only what concerns it, so that opening one
 * thread re-renders one line, not thousands.
 */
@Injectable()
export class ChannelView {
  private readonly api = inject(MessagesApi);
  private readonly session = inject(Session);

  readonly incidentId = signal(0);
  /** The people Response knows, and their names by Slack user id (for mentions). */
  readonly users = signal<UserDto[]>([]);
  readonly names = computed(() => userNames(this.users()));
  readonly canAdd = computed(() => this.session.canEdit());
  readonly openThreads = signal<ReadonlySet<string>>(new Set());
  readonly openVersions = signal<ReadonlySet<string>>(new Set());
  readonly adding = signal<ReadonlySet<string>>(new Set());
  /** Added to the timeline from this tab since the messages were read. */
  readonly added = signal<ReadonlySet<string>>(new Set());
  readonly rowError = signal<{ ts: string; message: string } | null>(null);

  toggle(set: WritableSignal<ReadonlySet<string>>, ts: string): void {
    set.update((current) => {
      const next = new Set(current);
      if (!next.delete(ts)) next.add(ts);
      return next;
    });
  }

  async addToTimeline(message: ChannelMessageDto): Promise<void> {
    if (this.adding().has(message.ts)) return;
    this.adding.update((s) => new Set(s).add(message.ts));
    this.rowError.set(null);
    try {
      await firstValueFrom(this.api.addToTimeline(this.incidentId(), message.ts));
      this.added.update((s) => new Set(s).add(message.ts));
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

  readable(text: string): string {
    return readableText(text, this.names());
  }
}
