import { Inject, Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { incidentDocUrl } from '@response/contracts';
import { CONFIG, type Config } from '../../config/config.js';
import { DomainEvents, type IncidentChangedEvent } from '../../common/domain-events.js';
import { IncidentRepository } from '../../incidents/incident.repository.js';
import { SlackClientService } from '../../slack/slack-client.service.js';
import { headlineShows } from '../headline/headline.service.js';
import { isSlackUser } from '../slack-users/slack-user.js';

export const CLOSED_MESSAGE = 'This incident has been closed! 📖 ⟶ 📕';

/**
 * The close flow, whatever closed the incident (button, command, `/core` or
 * the web app): in the closing transaction, a message to the comms channel and
 * a DM asking the lead (or the reporter) for the report. The headline shows the
 * close first, then the channel message goes, then the DM. Keys per close make
 * a retried delivery send nothing twice.
 */
@Injectable()
export class CloseFlowService {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly incidents: IncidentRepository,
    private readonly slack: SlackClientService,
  ) {}

  @OnEvent(DomainEvents.IncidentUpdated, { suppressErrors: false })
  async onIncidentUpdated(event: IncidentChangedEvent): Promise<void> {
    if (!event.closed || !this.config.slack.enabled) return;
    const m = event.manager;
    const incident = await this.incidents.findWithChannel(event.incidentId, m);
    if (!incident) return;
    const channel = incident.commsChannel;
    if (channel) {
      await this.slack.enqueue(m, {
        method: 'chat.postMessage',
        args: { channel: channel.channelId, text: CLOSED_MESSAGE },
        key: `closed:${incident.id}:${event.version}`,
        incidentId: incident.id,
        channel: channel.channelId,
        // The close flow's order: the headline shows the close first, then the channel, then the DM.
        after: { condition: headlineShows(incident.id, event.version) },
      });
    }
    const owner = [incident.lead, incident.reporter].find(isSlackUser);
    if (owner) {
      await this.slack.enqueue(m, {
        method: 'chat.postMessage',
        args: {
          channel: owner.externalId,
          text: `👋 Don't forget to fill out an incident report here: ${incidentDocUrl(this.config.app.siteUrl, incident.id)}`,
        },
        key: `report-reminder:${incident.id}:${event.version}`,
        incidentId: incident.id,
        channel: owner.externalId,
        after: {
          condition: headlineShows(incident.id, event.version),
          ...(channel ? { delivered: `closed:${incident.id}:${event.version}` } : {}),
        },
      });
    }
  }
}
