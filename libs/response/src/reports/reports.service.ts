import { Inject, Injectable } from '@nestjs/common';
import { renderIncidentReport } from '@response/contracts';
import { get as emoji } from 'node-emoji';
import { CONFIG, type Config } from '../config/config.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import { TranscriptService } from '../record/transcript.service.js';
import { TimelineService } from '../timeline/timeline.service.js';
import { UsersService } from '../users/users.service.js';

/** The post-incident report, rendered by the same function as the web app's download. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly timeline: TimelineService,
    private readonly users: UsersService,
    private readonly transcript: TranscriptService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** The report; with `transcript`, the kept conversation of its comms channel follows as an appendix. */
  async markdown(
    incidentId: number,
    options: { transcript?: boolean; now?: Date } = {},
  ): Promise<string> {
    const now = options.now ?? new Date();
    const incident = await this.incidents.toDto(await this.incidents.findOne(incidentId));
    const timeline = await this.timeline.toDtos(await this.timeline.list(incidentId));
    const names = await this.users.namesFor([incident.report, incident.summary, incident.impact]);
    const report = renderIncidentReport({
      incident,
      timeline,
      now,
      userName: (id) => names.get(id),
      emoji: (name) => emoji(name),
    });
    if (!options.transcript) return report;
    const appendix = await this.transcript.markdown(incidentId, this.config.app.timeZone);
    return `${report.trimEnd()}\n\n${appendix}`;
  }
}
