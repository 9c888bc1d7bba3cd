import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CONFIG, type Config } from '../config/config.js';
import { SlackClientService } from './slack-client.service.js';

/** Where the app stands in one configured channel. */
export type MembershipState = 'pending' | 'joined' | `not joined: ${string}`;

/**
 * At startup the app joins the channels it posts in (the incidents channel,
 * and the report and updates channels when set), so that looking up its own posts and
 * answering privately there work. A channel it cannot join (private, archived,
 * deleted, a missing scope) is said clearly in the log and on `/healthz`.
 */
@Injectable()
export class ChannelMembership implements OnApplicationBootstrap {
  private readonly logger = new Logger(ChannelMembership.name);
  private readonly states = new Map<string, MembershipState>();

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly slack: SlackClientService,
  ) {
    for (const [name, id] of this.channels()) this.states.set(`${name} (${id})`, 'pending');
  }

  onApplicationBootstrap(): void {
    if (!this.config.slack.enabled) return;
    // In the background: a slow Slack never holds up startup.
    void this.joinAll();
  }

  /** Channel (name and id) → state, for `/healthz`; empty when Slack is off. */
  status(): Record<string, MembershipState> {
    return Object.fromEntries(this.states);
  }

  async joinAll(): Promise<void> {
    for (const [name, id] of this.channels()) {
      const key = `${name} (${id})`;
      try {
        const answer = await this.slack.call<{ ok: boolean; error?: string }>(
          'conversations.join',
          { channel: id },
          {
            accept: [
              'channel_not_found',
              'is_archived',
              'method_not_supported_for_channel_type',
              'missing_scope',
              'not_authed',
              'invalid_auth',
            ],
          },
        );
        if (answer.ok) {
          this.states.set(key, 'joined');
          continue;
        }
        this.states.set(key, `not joined: ${answer.error ?? 'unknown'}`);
        this.logger.warn(
          `Could not join the ${name} ${id} (${answer.error}): ` +
            (answer.error === 'method_not_supported_for_channel_type'
              ? 'it is private; invite the app with /invite @incident there.'
              : 'check that the channel exists and is not archived, and the app has its scopes.'),
        );
      } catch (error) {
        this.states.set(key, `not joined: ${(error as Error).message}`);
        this.logger.warn(`Could not join the ${name} ${id}: ${(error as Error).message}`);
      }
    }
  }

  private channels(): [string, string][] {
    if (!this.config.slack.enabled) return [];
    const out: [string, string][] = [['incidents channel', this.config.slack.incidentChannelId]];
    if (this.config.slack.reportChannelId)
      out.push(['report channel', this.config.slack.reportChannelId]);
    if (this.config.updates.channelId) out.push(['updates channel', this.config.updates.channelId]);
    return out;
  }
}
