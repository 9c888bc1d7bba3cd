import {
  applyDecorators,
  Injectable,
  SetMetadata,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { Role } from '@response/contracts';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import type { AuthenticatedRequest, RequestAccount } from '../auth/current-account.js';
import { NotFoundError } from '../common/errors.js';
import { IdPipe } from '../common/schemas.js';

/** Who is looking: admins see every incident; others see private ones only where they take part. */
export interface IncidentViewer {
  admin: boolean;
  /** The ExternalUser linked to the caller's account, if any. */
  externalUserId: number | null;
  /** The account's username: its `web` user stands for it where it acted without a linked user. */
  username: string | null;
}

/** Sees everything (Slack handlers, jobs, admins). */
export const ALL_INCIDENTS: IncidentViewer = { admin: true, externalUserId: null, username: null };

export function viewerOf(account: RequestAccount | undefined): IncidentViewer {
  return {
    admin: account?.role === Role.Admin,
    externalUserId: account?.externalUserId ?? null,
    username: account?.username ?? null,
  };
}

/**
 * SQL that is true when the incident aliased `alias` may be seen by the
 * caller: it is not private, or the caller takes part in it. The caller is
 * the user `me` linked to their account (a bound parameter such as `:me` or
 * `$2`) or the account's own `web` user, named `web` (e.g. `:web` or `$3`),
 * which stands for the account where it declared, led or owned something
 * without a linked user. Taking part is reporting, leading, holding one of its
 * roles, owning one of its actions or (for the linked user) writing in its
 * comms channel. Admins need no condition at all.
 */
export function visibleIncidentSql(alias: string, me: string, web: string): string {
  return `(NOT ${alias}.private
    OR ${alias}.reporter_id = ${me} OR ${alias}.lead_id = ${me}
    OR EXISTS (SELECT 1 FROM action va WHERE va.incident_id = ${alias}.id AND va.user_id = ${me})
    OR EXISTS (SELECT 1 FROM user_stats vs WHERE vs.incident_id = ${alias}.id AND vs.user_id = ${me})
    OR EXISTS (SELECT 1 FROM incident_role vr WHERE vr.incident_id = ${alias}.id AND vr.user_id = ${me})
    OR EXISTS (SELECT 1 FROM external_user vw
                WHERE vw.app_id = 'web' AND vw.external_id = ${web}
                  AND (vw.id = ${alias}.reporter_id OR vw.id = ${alias}.lead_id
                       OR EXISTS (SELECT 1 FROM action vwa
                                   WHERE vwa.incident_id = ${alias}.id AND vwa.user_id = vw.id)
                       OR EXISTS (SELECT 1 FROM incident_role vwr
                                   WHERE vwr.incident_id = ${alias}.id AND vwr.user_id = vw.id))))`;
}

/** The values bound to `me` and `web` in {@link visibleIncidentSql}: -1 and '' match nobody. */
export function viewerParams(viewer: IncidentViewer): { me: number; web: string } {
  return { me: viewer.externalUserId ?? -1, web: viewer.username ?? '' };
}

/** Where a route names the incident it touches. */
export type IncidentRef =
  /** A route parameter holding the incident id. */
  | { incidentParam: string }
  /** A route parameter holding an action id: the incident is the action's. */
  | { actionParam: string }
  /** A field of the JSON body holding the incident id (`POST /core/actions`). */
  | { bodyField: string };

const INCIDENT_REF = 'response:incident-ref';

/**
 * Answers 404 exactly as for a missing incident (or action) when the caller
 * may not see the incident the route touches. On a controller, every route
 * with the named parameter is covered; routes without it pass.
 */
export function VisibleIncident(ref: IncidentRef): ClassDecorator & MethodDecorator {
  return applyDecorators(SetMetadata(INCIDENT_REF, ref), UseGuards(IncidentVisibilityGuard));
}

/**
 * Runs after authentication and before body validation, so that a hidden
 * incident and a missing one give the same answer whatever the body holds.
 * One query per request.
 */
@Injectable()
export class IncidentVisibilityGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const ref = this.reflector.getAllAndOverride<IncidentRef | undefined>(INCIDENT_REF, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!ref) return true;
    const req = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const viewer = viewerOf(req.account);
    if ('incidentParam' in ref) {
      const raw = req.params[ref.incidentParam];
      if (typeof raw !== 'string') return true;
      // Same 404 as the route's own IdPipe for something that is not an id.
      const id = new IdPipe('Incident').transform(raw);
      if (!(await this.incidentVisible(id, viewer))) throw new NotFoundError('Incident', id);
    } else if ('actionParam' in ref) {
      const raw = req.params[ref.actionParam];
      if (typeof raw !== 'string') return true;
      const id = new IdPipe('Action').transform(raw);
      if (!(await this.actionVisible(id, viewer))) throw new NotFoundError('Action', id);
    } else {
      const id = bodyId((req.body as Record<string, unknown> | undefined)?.[ref.bodyField]);
      // Not an id: the body validation answers 400.
      if (id !== null && !(await this.incidentVisible(id, viewer))) {
        throw new NotFoundError('Incident', id);
      }
    }
    return true;
  }

  private async incidentVisible(id: number, viewer: IncidentViewer): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      viewer.admin
        ? 'SELECT 1 FROM incident i WHERE i.id = $1'
        : `SELECT 1 FROM incident i WHERE i.id = $1 AND ${visibleIncidentSql('i', '$2', '$3')}`,
      viewer.admin ? [id] : [id, viewerParams(viewer).me, viewerParams(viewer).web],
    );
    return rows.length > 0;
  }

  private async actionVisible(id: number, viewer: IncidentViewer): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      viewer.admin
        ? 'SELECT 1 FROM action a WHERE a.id = $1'
        : `SELECT 1 FROM action a JOIN incident i ON i.id = a.incident_id
            WHERE a.id = $1 AND ${visibleIncidentSql('i', '$2', '$3')}`,
      viewer.admin ? [id] : [id, viewerParams(viewer).me, viewerParams(viewer).web],
    );
    return rows.length > 0;
  }
}

/** An incident id as the body schema accepts it (number or digit string), else null. */
function bodyId(value: unknown): number | null {
  const text = typeof value === 'number' || typeof value === 'string' ? String(value) : '';
  if (!/^\d{1,10}$/.test(text)) return null;
  const id = Number(text);
  return id >= 1 && id <= 2_147_483_647 ? id : null;
}
