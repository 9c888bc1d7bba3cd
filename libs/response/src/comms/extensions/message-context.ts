import { Injectable } from '@nestjs/common';
import type { IncidentWithChannel } from '../../incidents/full-incident.js';
import type { SlackMessage } from '../../slack/handlers/handler-registry.js';
import { SlackClientService } from '../../slack/slack-client.service.js';
import type {
  CommandContext,
  IncidentMessageContext,
  KeywordContext,
} from './extension-registry.js';

export interface MessageOrigin {
  incident: IncidentWithChannel;
  channelId: string;
  userId: string;
  ts: string;
}

/**
 * Builds the contexts handed to `@IncidentCommand` and `@KeywordHandler`
 * methods. Everything they send goes through the queue with keys derived
 * from the triggering message, so a redelivered event never posts twice.
 */
@Injectable()
export class MessageContextFactory {
  constructor(private readonly slack: SlackClientService) {}

  command(origin: MessageOrigin, command: string, text: string): CommandContext {
    return { ...this.base(origin, `cmd:${command}`), command, text };
  }

  keyword(origin: MessageOrigin, keyword: string, text: string, handlerId: string): KeywordContext {
    return { ...this.base(origin, `kw:${handlerId}`), keyword, text };
  }

  base(origin: MessageOrigin, scope: string): IncidentMessageContext {
    const { incident, channelId, userId, ts } = origin;
    let said = 0;
    const key = (what: string) => `${what}:${channelId}:${ts}:${scope}`;
    return {
      incident,
      channelId,
      userId,
      ts,
      say: async (message: SlackMessage) => {
        said++;
        const body = typeof message === 'string' ? { text: message } : message;
        await this.slack.enqueue(null, {
          method: 'chat.postMessage',
          args: {
            channel: channelId,
            text: body.text,
            ...(body.blocks ? { blocks: body.blocks } : {}),
            ...(body.threadTs ? { thread_ts: body.threadTs } : {}),
          },
          key: key(`say${said}`),
          incidentId: incident.id,
          channel: channelId,
        });
      },
      whisper: async (text: string) => {
        said++;
        await this.slack.enqueue(null, {
          method: 'chat.postEphemeral',
          args: { channel: channelId, user: userId, text },
          key: key(`whisper${said}`),
          incidentId: incident.id,
          channel: channelId,
        });
      },
      react: (name: string) => this.reaction('reactions.add', origin, name),
      unreact: (name: string) => this.reaction('reactions.remove', origin, name),
    };
  }

  private async reaction(
    method: 'reactions.add' | 'reactions.remove',
    origin: MessageOrigin,
    name: string,
  ): Promise<void> {
    await this.slack.enqueue(null, {
      method,
      args: { channel: origin.channelId, timestamp: origin.ts, name },
      // A later add/remove of the same reaction is a new effect: key on the time it was asked for.
      key: `${method}:${origin.channelId}:${origin.ts}:${name}:${Date.now()}`,
      incidentId: origin.incident.id,
      channel: origin.channelId,
    });
  }
}
