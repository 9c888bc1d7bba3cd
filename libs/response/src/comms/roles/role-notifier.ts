import { Inject, Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { escapeMrkdwn, incidentDocUrl } from '@response/contracts';
import { DomainEvents, type IncidentRoleChangedEvent } from '../../common/domain-events.js';
import { CONFIG, type Config } from '../../config/config.js';
import { IncidentRepository } from '../../incidents/incident.repository.js';
import { SlackClientService } from '../../slack/slack-client.service.js';
import { ExternalUser } from '../../users/external-user.entity.js';
import { reportMrkdwn } from '../headline/headline-blocks.js';
import { isSlackUser } from '../slack-users/slack-user.js';

/**
 * Whoever takes a role (`INCIDENT_ROLES`) joins the comms channel and gets a
 * DM naming the role and linking the doc, however the role was given (a
 * command, the edit form, `/core` or the web app). Both are recorded in the
 * change's transaction, keyed by the incident version of the change, so each
 * is sent once.
 */
@Injectable()
export class RoleNotifier {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly incidents: IncidentRepository,
    private readonly slack: SlackClientService,
  ) {}

  @OnEvent(DomainEvents.IncidentRoleChanged, { suppressErrors: false })
  async onRoleChanged(event: IncidentRoleChangedEvent): Promise<void> {
    if (!this.config.slack.enabled || event.userId === null) return;
    const m = event.manager;
    const user = await m.findOne(ExternalUser, { where: { id: event.userId } });
    if (!isSlackUser(user)) return;
    const incident = await this.incidents.findWithChannel(event.incidentId, m);
    if (!incident) return;
    const channel = incident.commsChannel;
    if (channel && !channel.archivedAt) {
      await this.slack.enqueue(m, {
        method: 'conversations.invite',
        args: { channel: channel.channelId, users: user.externalId },
        key: `role-invite:${incident.id}:${event.role}:v${event.version}`,
        incidentId: incident.id,
      });
    }
    const by =
      event.actorExternalId && event.actorExternalId !== user.externalId
        ? ` (from <@${event.actorExternalId}>)`
        : '';
    const lines = [
      `:wave: You are now the *${escapeMrkdwn(event.roleName)}* of incident ${incident.id}${by}: *${reportMrkdwn(incident)}*`,
      `:page_facing_up: The incident doc: ${incidentDocUrl(this.config.app.siteUrl, incident.id)}`,
    ];
    if (channel)
      lines.push(`:speaking_head_in_silhouette: The comms channel: <#${channel.channelId}>`);
    await this.slack.enqueue(m, {
      method: 'chat.postMessage',
      args: { channel: user.externalId, text: lines.join('\n') },
      key: `role-dm:${incident.id}:${event.role}:v${event.version}`,
      incidentId: incident.id,
      channel: user.externalId,
    });
  }
}
