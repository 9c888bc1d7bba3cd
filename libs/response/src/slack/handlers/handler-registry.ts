import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { forEachProviderMethod } from '../../common/provider-methods.js';
import type { Incident } from '../../incidents/incident.entity.js';
import type { Block, ButtonElement } from '../blocks/block-kit.js';
import type { BlockActionPayload, SlackEvent, ViewSubmissionPayload } from '../payloads.js';
import {
  HEADLINE_POST_ACTION,
  INCIDENT_COMMAND,
  KEYWORD_HANDLER,
  RECURRING_NOTIFICATION,
  SLACK_ACTION_HANDLER,
  SLACK_EVENT_HANDLER,
  SLACK_VIEW_HANDLER,
  type IncidentCommandMeta,
  type RecurringNotificationMeta,
} from './decorators.js';

/** What a message posted by a handler can be: plain text, or text (the notification fallback) with blocks. */
export type SlackMessage = string | { text: string; blocks?: Block[]; threadTs?: string };

/** A message in a comms channel that concerns an incident (`@incident …` or a keyword). */
export interface IncidentMessageContext {
  incident: Incident;
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

/** Returns true when handled, false when the command failed (the caller reacts accordingly). */
export type CommandHandler = (context: CommandContext) => Promise<boolean | void>;
export type KeywordHandlerFn = (context: KeywordContext) => Promise<void>;

/** Where an Events API event came from. */
export interface SlackEventEnvelope {
  eventId: string;
  eventTime: number | null;
  teamId: string | null;
  /** This app's bot user in the workspace (`authorizations[].user_id`), when Slack said. */
  botUserId?: string | null;
}
export type SlackEventHandlerFn = (
  event: SlackEvent,
  envelope: SlackEventEnvelope,
) => Promise<void>;

export type HeadlineActionFn = (
  incident: Incident,
) => ButtonElement | null | Promise<ButtonElement | null>;

export interface BlockActionContext {
  actionId: string;
  /** The element's value (button `value`, or the selected option's value). */
  value: string | null;
  userId: string;
  channelId: string | null;
  messageTs: string | null;
  triggerId: string;
  payload: BlockActionPayload;
}
export type ActionHandlerFn = (context: BlockActionContext) => Promise<void>;

/** Answer of a view submission: nothing (the modal closes) or a `response_action`. */
export type ViewResponse =
  | void
  | { response_action: 'errors'; errors: Record<string, string> }
  | { response_action: 'clear' | 'update' | 'push'; view?: unknown };

export interface ViewSubmissionContext {
  callbackId: string;
  userId: string;
  privateMetadata: string;
  /** `view.state.values` flattened to block id → value (text, selected value or user id). */
  values: Record<string, string | null>;
  payload: ViewSubmissionPayload;
}
export type ViewHandlerFn = (context: ViewSubmissionContext) => Promise<ViewResponse>;

export type NotificationFn = (incident: Incident) => Promise<boolean> | boolean;

export interface RegisteredCommand extends IncidentCommandMeta {
  run: CommandHandler;
}

export interface RegisteredEventHandler {
  /** Stable id (`Class.method`), used in job keys. */
  id: string;
  type: string;
  run: SlackEventHandlerFn;
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
 * Finds the Slack extension points (decorators in `decorators.ts`) on every
 * provider at boot. Two handlers claiming one command or alias, notification
 * key, action id or modal callback id stop startup.
 */
@Injectable()
export class HandlerRegistry implements OnModuleInit {
  private readonly logger = new Logger(HandlerRegistry.name);
  private readonly commandsByName = new Map<string, RegisteredCommand>();
  private readonly commandList: RegisteredCommand[] = [];
  private readonly events = new Map<string, RegisteredEventHandler[]>();
  private readonly eventsById = new Map<string, RegisteredEventHandler>();
  private readonly keywords: RegisteredKeyword[] = [];
  private readonly headline: RegisteredHeadlineAction[] = [];
  private readonly notificationList: RegisteredNotification[] = [];
  private readonly actions = new Map<string, ActionHandlerFn>();
  private readonly views = new Map<string, ViewHandlerFn>();

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
      `Slack handlers: ${this.commandList.length} commands, ${this.eventsById.size} event handlers, ` +
        `${this.keywords.length} keyword handlers, ${this.headline.length} headline actions, ` +
        `${this.notificationList.length} notifications, ${this.actions.size} actions, ${this.views.size} modals`,
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

  eventHandlers(type: string): readonly RegisteredEventHandler[] {
    return this.events.get(type) ?? [];
  }

  eventHandler(id: string): RegisteredEventHandler | undefined {
    return this.eventsById.get(id);
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

  actionHandler(actionId: string): ActionHandlerFn | undefined {
    return this.actions.get(actionId);
  }

  viewHandler(callbackId: string): ViewHandlerFn | undefined {
    return this.views.get(callbackId);
  }

  private register(id: string, fn: (...args: unknown[]) => unknown, instance: object): void {
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

    const eventType = this.reflector.get<string | undefined>(SLACK_EVENT_HANDLER, fn);
    if (eventType) {
      const registered: RegisteredEventHandler = {
        id,
        type: eventType,
        run: bound<SlackEventHandlerFn>(),
      };
      this.events.set(eventType, [...(this.events.get(eventType) ?? []), registered]);
      this.eventsById.set(id, registered);
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

    const actionId = this.reflector.get<string | undefined>(SLACK_ACTION_HANDLER, fn);
    if (actionId) {
      if (this.actions.has(actionId))
        throw new Error(`Two handlers claim the Slack action "${actionId}" (${id})`);
      this.actions.set(actionId, bound<ActionHandlerFn>());
    }

    const callbackId = this.reflector.get<string | undefined>(SLACK_VIEW_HANDLER, fn);
    if (callbackId) {
      if (this.views.has(callbackId))
        throw new Error(`Two handlers claim the modal "${callbackId}" (${id})`);
      this.views.set(callbackId, bound<ViewHandlerFn>());
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
