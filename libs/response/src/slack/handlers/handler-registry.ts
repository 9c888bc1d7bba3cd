import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { SlackEventEnvelope } from '@response/contracts';
import { forEachProviderMethod, type ProviderMethod } from '../../common/provider-methods.js';
import type { Block } from '../block-kit.js';
import type {
  BlockActionPayload,
  SlackEvent,
  SlashCommandPayload,
  ViewSubmissionPayload,
} from '../payloads.js';
import {
  SLACK_ACTION_HANDLER,
  SLACK_DELIVERY_CONDITION,
  SLACK_EVENT_HANDLER,
  SLACK_SLASH_COMMAND,
  SLACK_VIEW_HANDLER,
  type SlackEventHandlerMeta,
} from './decorators.js';

/** What a message posted by a handler can be: plain text, or text (the notification fallback) with blocks. */
export type SlackMessage = string | { text: string; blocks?: Block[]; threadTs?: string };

export type { SlackEventEnvelope };
export type SlackEventHandlerFn = (
  event: SlackEvent,
  envelope: SlackEventEnvelope,
) => Promise<void>;

export interface BlockActionContext {
  actionId: string;
  /** The element's value (button `value`, or the selected option's value). */
  value: string | null;
  userId: string;
  /** Where the clicked message is (`container`): its channel and `ts`. */
  channelId: string | null;
  messageTs: string | null;
  triggerId: string;
  /** Where to answer the clicker (ephemeral), valid for 30 minutes; null in a modal. */
  responseUrl: string | null;
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
  /**
   * The data the modal was opened with through `ModalMetadata.seal`, when its
   * private_metadata is authentic and was sealed for this user; null otherwise.
   */
  metadata: unknown;
  /** `view.state.values` flattened to block id → value (text, selected value or user id). */
  values: Record<string, string | null>;
  payload: ViewSubmissionPayload;
}
export type ViewHandlerFn = (context: ViewSubmissionContext) => Promise<ViewResponse>;

/** A slash command handler: a string answer is shown to the user. */
export type SlashCommandFn = (payload: SlashCommandPayload) => Promise<string | undefined>;

/** Whether a queued Slack call may go now (see `@SlackDeliveryCondition`). */
export type DeliveryConditionFn = (params: Record<string, unknown>) => Promise<boolean>;

export interface RegisteredEventHandler {
  /** Stable id (`Class.method`), used in job keys. */
  id: string;
  type: string;
  /** Whether it also runs for events sent by bots. */
  bots: boolean;
  run: SlackEventHandlerFn;
}

/**
 * Finds the Slack wire's extension points (`decorators.ts`) on every provider
 * at boot. Two handlers claiming one action id, modal callback id or slash
 * command stop startup.
 */
@Injectable()
export class HandlerRegistry implements OnModuleInit {
  private readonly logger = new Logger(HandlerRegistry.name);
  private readonly events = new Map<string, RegisteredEventHandler[]>();
  private readonly eventsById = new Map<string, RegisteredEventHandler>();
  private readonly actions = new Map<string, ActionHandlerFn>();
  private readonly views = new Map<string, ViewHandlerFn>();
  private readonly slashCommands = new Map<string, SlashCommandFn>();
  private readonly conditions = new Map<string, DeliveryConditionFn>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    forEachProviderMethod(this.discovery, this.scanner, (fn, instance, name) =>
      this.register(name, fn, instance),
    );
    this.logger.log(
      `Slack handlers: ${this.eventsById.size} event handlers, ${this.actions.size} actions, ` +
        `${this.views.size} modals, ${this.slashCommands.size} slash commands`,
    );
  }

  eventHandlers(type: string): readonly RegisteredEventHandler[] {
    return this.events.get(type) ?? [];
  }

  eventHandler(id: string): RegisteredEventHandler | undefined {
    return this.eventsById.get(id);
  }

  actionHandler(actionId: string): ActionHandlerFn | undefined {
    return this.actions.get(actionId);
  }

  viewHandler(callbackId: string): ViewHandlerFn | undefined {
    return this.views.get(callbackId);
  }

  /** The handler of a slash command (`/incident`), or the catch-all one. */
  slashCommand(command: string): SlashCommandFn | undefined {
    return this.slashCommands.get(command.toLowerCase()) ?? this.slashCommands.get('*');
  }

  /** The delivery condition of this name. */
  deliveryCondition(name: string): DeliveryConditionFn | undefined {
    return this.conditions.get(name);
  }

  private register(id: string, fn: ProviderMethod, instance: object): void {
    const bound = <T>(): T => ((...args: unknown[]) => fn.apply(instance, args)) as T;
    const claim = <T>(map: Map<string, T>, key: string, what: string): void => {
      if (map.has(key)) throw new Error(`Two handlers claim the ${what} "${key}" (${id})`);
      map.set(key, bound<T>());
    };

    const claims =
      this.reflector.get<SlackEventHandlerMeta[] | undefined>(SLACK_EVENT_HANDLER, fn) ?? [];
    for (const claim of claims) {
      const registered: RegisteredEventHandler = {
        id,
        type: claim.type,
        bots: claim.bots,
        run: bound<SlackEventHandlerFn>(),
      };
      this.events.set(claim.type, [...(this.events.get(claim.type) ?? []), registered]);
      this.eventsById.set(id, registered);
    }
    const actionId = this.reflector.get<string | undefined>(SLACK_ACTION_HANDLER, fn);
    if (actionId) claim(this.actions, actionId, 'Slack action');
    const callbackId = this.reflector.get<string | undefined>(SLACK_VIEW_HANDLER, fn);
    if (callbackId) claim(this.views, callbackId, 'modal');
    const command = this.reflector.get<string | undefined>(SLACK_SLASH_COMMAND, fn);
    if (command) claim(this.slashCommands, command, 'slash command');
    const condition = this.reflector.get<string | undefined>(SLACK_DELIVERY_CONDITION, fn);
    if (condition) claim(this.conditions, condition, 'delivery condition');
  }
}
