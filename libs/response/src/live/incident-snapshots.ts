import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { IncidentDto } from '@response/contracts';
import type { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors.js';
import {
  visibleIncidentSql,
  viewerParams,
  type IncidentViewer,
} from '../incidents/incident-visibility.js';
import { IncidentsService } from '../incidents/incidents.service.js';

/** How long one read of a changed incident serves every stream of this process. */
const SHARED_FOR_MS = 200;

/**
 * The JSON of a changed incident, read once per change for every stream of the
 * process (200 open docs make one read, not 200), and whether a viewer may see it.
 */
@Injectable()
export class IncidentSnapshots {
  private readonly recent = new Map<number, { at: number; dto: Promise<IncidentDto | null> }>();

  constructor(
    private readonly incidents: IncidentsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The incident as `/core` returns it, or null when it no longer exists. */
  read(id: number, fresh = false): Promise<IncidentDto | null> {
    const now = Date.now();
    const hit = this.recent.get(id);
    if (!fresh && hit && now - hit.at < SHARED_FOR_MS) return hit.dto;
    const dto = this.incidents.getDto(id).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
    this.recent.set(id, { at: now, dto });
    // Forget it soon; a later change reads again.
    setTimeout(() => {
      if (this.recent.get(id)?.dto === dto) this.recent.delete(id);
    }, SHARED_FOR_MS).unref();
    return dto;
  }

  /** Whether the viewer may see the incident now (one statement for private incidents only). */
  async visible(incident: IncidentDto, viewer: IncidentViewer): Promise<boolean> {
    if (viewer.admin || !incident.private) return true;
    const { me, web } = viewerParams(viewer);
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM incident i WHERE i.id = $1 AND ${visibleIncidentSql('i', '$2', '$3')}`,
      [incident.id, me, web],
    );
    return rows.length > 0;
  }
}
