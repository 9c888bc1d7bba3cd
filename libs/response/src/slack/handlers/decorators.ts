import { SetMetadata } from '@nestjs/common';

/**
 * Extension points of the Slack wire. Put these on methods of any provider;
 * the handler registry finds them at boot through DiscoveryService. Two
 * handlers claiming the same action id, modal callback id or slash command
 * stop startup. The incident-level ones (`@IncidentCommand`, …) are in
 * `comms/extensions`.
 */

export const SLACK_EVENT_HANDLER = Symbol('SLACK_EVENT_HANDLER');
export const SLACK_ACTION_HANDLER = Symbol('SLACK_ACTION_HANDLER');
export const SLACK_VIEW_HANDLER = Symbol('SLACK_VIEW_HANDLER');
export const SLACK_SLASH_COMMAND = Symbol('SLACK_SLASH_COMMAND');

/** What a `@SlackEventHandler` claims: an event type, and whether it wants events from bots too. */
export interface SlackEventHandlerMeta {
  type: string;
  bots: boolean;
}

/**
 * Runs for every Events API event of this type (`pin_added`, `message`, …),
 * from the queue. A method may carry several, one per type. Events sent by
 * bots (this app's own posts included) reach only handlers that ask for them
 * with `{ bots: true }`.
 */
export const SlackEventHandler =
  (type: string, options: { bots?: boolean } = {}): MethodDecorator =>
  (_target, _key, descriptor) => {
    const method = descriptor.value as object;
    const claims =
      (Reflect.getMetadata(SLACK_EVENT_HANDLER, method) as SlackEventHandlerMeta[] | undefined) ??
      [];
    Reflect.defineMetadata(
      SLACK_EVENT_HANDLER,
      [...claims, { type, bots: options.bots ?? false }],
      method,
    );
    return descriptor;
  };

/**
 * Handles a `block_actions` click on a button or menu with this `action_id`
 * (e.g. a button added by a plug-in). The method receives a BlockActionContext.
 */
export const SlackActionHandler = (actionId: string): MethodDecorator =>
  SetMetadata<symbol, string>(SLACK_ACTION_HANDLER, actionId);

/**
 * Handles the `view_submission` of a modal with this `callback_id`. The method
 * receives a ViewSubmissionContext and may return `{response_action: 'errors', …}`.
 */
export const SlackViewHandler = (callbackId: string): MethodDecorator =>
  SetMetadata<symbol, string>(SLACK_VIEW_HANDLER, callbackId);

/**
 * Answers a slash command (`/incident`), or, without a name, every slash
 * command no other handler claims. The method receives the command's payload
 * and may return a text shown to the user; it must answer within Slack's 3 s.
 */
export const SlackSlashCommand = (command = '*'): MethodDecorator =>
  SetMetadata<symbol, string>(SLACK_SLASH_COMMAND, command.toLowerCase());

export const SLACK_DELIVERY_CONDITION = Symbol('SLACK_DELIVERY_CONDITION');

/**
 * A named condition a queued Slack call can wait for (`after.condition` of the
 * job): the method receives the job's condition params and returns whether the
 * call may go now. E.g. the close message waits until the headline shows the close.
 */
export const SlackDeliveryCondition = (name: string): MethodDecorator =>
  SetMetadata<symbol, string>(SLACK_DELIVERY_CONDITION, name);
