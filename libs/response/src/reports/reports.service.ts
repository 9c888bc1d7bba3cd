import { Injectable } from '@nestjs/common';
import { renderIncidentReport } from '@response/contracts';
import { get as emoji } from 'node-emoji';
import { IncidentsService } from '../incidents/incidents.service.js';
import { TimelineService } from '../timeline/timeline.service.js';
import { UsersService } from '../users/users.service.js';

/** The post-incident report, rendered by the same function as the web app's download. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly timeline: TimelineService,
    private readonly users: UsersService,
  ) {}

  async markdown(incidentId: number, now = new Date()): Promise<string> {
    const incident = await this.incidents.toDto(await this.incidents.findOne(incidentId));
    const timeline = await this.timeline.toDtos(await this.timeline.list(incidentId));
    const names = await this.users.namesFor([incident.report, incident.summary, incident.impact]);
    return renderIncidentReport({
      incident,
      timeline,
      now,
      userName: (id) => names.get(id),
      emoji: (name) => emoji(name),
    });
  }
}
