import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { forEachProviderMethod, type ProviderMethod } from '../../common/provider-methods.js';
import type { IncidentWithChannel } from '../../incidents/full-incident.js';
import type { ButtonElement } from '../../slack/block-kit.js';
import type { SlackMessage } from '../../slack/handlers/handler-registry.js';
import {
  HEADLINE_POST_ACTION,
  INCIDENT_COMMAND,
  KEYWORD_HANDLER,
  RECURRING_NOTIFICATION,
  type IncidentCommandMeta,
  type RecurringNotificationMeta,
} from './decorators.js';

/** A message in a comms channel that concerns an incident (`@incident …` or a keyword). */
export interface IncidentMessageContext {
  incident: IncidentWithChannel;
  channelId: string;
  /** Slack id of the sender. */
  userId: string;
  /** `ts` of the message. */
  ts: string;
  /** Posts into the channel through the queue; retried deliveries of one message never post twice. */
  say(message: SlackMessage): Promise<void>;
  /** An ephemeral message to the sender, through the queue. */
  whisper(text: string): Promise<void>;
  /** Adds a reaction to the message, through the queue ("already reacted" is fine). */
  react(name: string): Promise<void>;
  /** Removes a reaction from the message, through the queue ("no reaction" is fine). */
  unreact(name: string): Promise<void>;
}

/** `@incident <command> [text]`. */
export interface CommandContext extends IncidentMessageContext {
  /** The command word as typed, lower-cased (an alias when one was used). */
  command: string;
  /** What follows the command, trimmed. */
  text: string;
}

/** A channel message containing a keyword. */
export interface KeywordContext extends IncidentMessageContext {
  /** The keyword that matched. */
  keyword: string;
  /** The whole message text. */
  text: string;
}

/**
 * What a `@RecurringNotification` method receives besides the incident. It
 * returns whether the reminder applies now, and says what to send through
 * `say`/`dm`; nothing is sent unless the send is claimed (see RemindersService).
 */
export interface ReminderContext {
  /** The comms channel of the incident. */
  channelId: string;
  /** The time of this scan (from the injectable Clock). */
  now: Date;
  /** The incident's page in the web app. */
  docUrl: string;
  /** Which send this would be: 1 for the first. */
  occurrence: number;
  /** Posts in the comms channel. */
  say(message: SlackMessage): void;
  /** Sends a direct message to a Slack user. */
  dm(slackUserId: string, message: SlackMessage): void;
}

/** Returns true when handled, false when the command failed (the caller reacts accordingly). */
export type CommandHandler = (context: CommandContext) => Promise<boolean | void>;
export type KeywordHandlerFn = (context: KeywordContext) => Promise<void>;
export type HeadlineActionFn = (
  incident: IncidentWithChannel,
) => ButtonElement | null | Promise<ButtonElement | null>;
export type NotificationFn = (
  incident: IncidentWithChannel,
  reminder: ReminderContext,
) => boolean | Promise<boolean>;

export interface RegisteredCommand extends IncidentCommandMeta {
  run: CommandHandler;
}

export interface RegisteredKeyword {
  id: string;
  words: string[];
  run: KeywordHandlerFn;
}

export interface RegisteredHeadlineAction {
  id: string;
  order: number;
  run: HeadlineActionFn;
}

export interface RegisteredNotification extends RecurringNotificationMeta {
  id: string;
  run: NotificationFn;
}

/**
 * Finds the incident-level extension points (`decorators.ts`) on every
 * provider at boot: commands, keyword handlers, headline buttons and
 * reminders. Two handlers claiming one command or alias, or one notification
 * key, stop startup.
 */
@Injectable()
export class ExtensionRegistry implements OnModuleInit {
  private readonly logger = new Logger(ExtensionRegistry.name);
  private readonly commandsByName = new Map<string, RegisteredCommand>();
  private readonly commandList: RegisteredCommand[] = [];
  private readonly keywords: RegisteredKeyword[] = [];
  private readonly headline: RegisteredHeadlineAction[] = [];
  private readonly notificationList: RegisteredNotification[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    forEachProviderMethod(this.discovery, this.scanner, (fn, instance, name) =>
      this.register(name, fn, instance),
    );
    this.headline.sort((a, b) => a.order - b.order);
    this.logger.log(
      `Incident extensions: ${this.commandList.length} commands, ${this.keywords.length} keyword handlers, ` +
        `${this.headline.length} headline actions, ${this.notificationList.length} notifications`,
    );
  }

  /** The command claiming this name or alias (case-insensitive). */
  command(name: string): RegisteredCommand | undefined {
    return this.commandsByName.get(name.toLowerCase());
  }

  /** Every command once, in registration order, for `help`. */
  commands(): readonly RegisteredCommand[] {
    return this.commandList;
  }

  headlineActions(): readonly RegisteredHeadlineAction[] {
    return this.headline;
  }

  /** Keyword handlers with at least one word found in the text (whole words, case-insensitive). */
  keywordHandlers(text: string): { handler: RegisteredKeyword; keyword: string }[] {
    const lower = text.toLowerCase();
    const out: { handler: RegisteredKeyword; keyword: string }[] = [];
    for (const handler of this.keywords) {
      const keyword = handler.words.find((word) => containsWord(lower, word.toLowerCase()));
      if (keyword) out.push({ handler, keyword });
    }
    return out;
  }

  notifications(): readonly RegisteredNotification[] {
    return this.notificationList;
  }

  private register(id: string, fn: ProviderMethod, instance: object): void {
    const bound = <T>(): T => ((...args: unknown[]) => fn.apply(instance, args)) as T;

    const command = this.reflector.get<IncidentCommandMeta | undefined>(INCIDENT_COMMAND, fn);
    if (command) {
      const registered: RegisteredCommand = { ...command, run: bound<CommandHandler>() };
      for (const name of command.names) {
        const key = name.toLowerCase();
        if (this.commandsByName.has(key))
          throw new Error(`Two handlers claim the incident command "${name}" (${id})`);
        this.commandsByName.set(key, registered);
      }
      this.commandList.push(registered);
    }

    const words = this.reflector.get<string[] | undefined>(KEYWORD_HANDLER, fn);
    if (words) this.keywords.push({ id, words, run: bound<KeywordHandlerFn>() });

    const order = this.reflector.get<number | undefined>(HEADLINE_POST_ACTION, fn);
    if (order !== undefined) this.headline.push({ id, order, run: bound<HeadlineActionFn>() });

    const notification = this.reflector.get<RecurringNotificationMeta | undefined>(
      RECURRING_NOTIFICATION,
      fn,
    );
    if (notification) {
      if (this.notificationList.some((n) => n.key === notification.key)) {
        throw new Error(`Two reminders claim the notification key "${notification.key}" (${id})`);
      }
      this.notificationList.push({ ...notification, id, run: bound<NotificationFn>() });
    }
  }
}

function containsWord(text: string, word: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(word, from);
    if (at < 0) return false;
    const before = at === 0 ? '' : text[at - 1];
    const after = text[at + word.length] ?? '';
    if (!/[\p{L}\p{N}_]/u.test(before) && !/[\p{L}\p{N}_]/u.test(after)) return true;
    from = at + 1;
  }
}
