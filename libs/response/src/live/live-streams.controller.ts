import {
  Controller,
  Get,
  Logger,
  Param,
  Req,
  Res,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { IncidentDto } from '@response/contracts';
import type { Request, Response } from 'express';
import { AuthService } from '../auth/auth.service.js';
import type { AuthenticatedRequest } from '../auth/current-account.js';
import { IdPipe } from '../common/schemas.js';
import {
  VisibleIncident,
  viewerOf,
  type IncidentViewer,
} from '../incidents/incident-visibility.js';
import { ChangeBus, type Change } from './change-bus.js';
import { IncidentSnapshots } from './incident-snapshots.js';

/** A comment line keeps proxies and browsers from closing an idle stream. */
export const HEARTBEAT_MS = 25_000;
/** Changes to one incident within this time reach a stream as one event. */
const COALESCE_MS = 30;

interface Stream {
  /** Sends the incident if the stream cares about it; false ends the stream. */
  push(incident: IncidentDto | null, id: number): Promise<boolean>;
  /** The incident ids this stream follows; null for every incident. */
  incidentId: number | null;
  end(): void;
}

/**
 * Server-Sent Events: `GET /core/incidents/:id/stream` sends the incident's
 * JSON on connect and after every change to it, its actions, timeline or
 * anything else of it, from any process; `GET /core/stream` does the same for
 * every incident the caller can see. A comment heartbeat every 25 s; the
 * stream ends when the caller's session ends or they lose sight of the incident.
 */
@ApiTags('incidents')
@Controller('core')
export class LiveStreamsController implements OnApplicationShutdown {
  private readonly logger = new Logger(LiveStreamsController.name);
  private readonly streams = new Set<Stream>();

  constructor(
    private readonly bus: ChangeBus,
    private readonly snapshots: IncidentSnapshots,
    private readonly auth: AuthService,
  ) {}

  @Get('incidents/:id/stream')
  @VisibleIncident({ incidentParam: 'id' })
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'Server-Sent Events: `incident` with the incident JSON on connect and on every change',
  })
  async incident(
    @Param('id', new IdPipe('Incident')) id: number,
    @Req() req: Request & AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.open(req, res, id);
  }

  @Get('stream')
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'Server-Sent Events: `incident` with the JSON of every incident that changes',
  })
  async list(@Req() req: Request & AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.open(req, res, null);
  }

  onApplicationShutdown(): void {
    for (const stream of this.streams) stream.end();
  }

  get openStreams(): number {
    return this.streams.size;
  }

  private async open(
    req: Request & AuthenticatedRequest,
    res: Response,
    incidentId: number | null,
  ): Promise<void> {
    let viewer: IncidentViewer = viewerOf(req.account);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    // Proxies such as nginx would otherwise hold events back.
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write('retry: 3000\n\n');

    let ended = false;
    const pending = new Map<number, ReturnType<typeof setTimeout>>();
    const stream: Stream = {
      incidentId,
      push: async (incident, id) => {
        if (ended) return false;
        if (!incident) {
          if (incidentId !== null) return false;
          res.write(`event: deleted\ndata: ${JSON.stringify({ id })}\n\n`);
          return true;
        }
        if (!(await this.snapshots.visible(incident, viewer))) return incidentId === null;
        if (!ended) res.write(`event: incident\ndata: ${JSON.stringify(incident)}\n\n`);
        return true;
      },
      end: () => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        for (const timer of pending.values()) clearTimeout(timer);
        unsubscribe();
        this.streams.delete(stream);
        res.end();
      },
    };

    const deliver = (id: number) => {
      pending.delete(id);
      this.snapshots
        .read(id)
        .then((incident) => stream.push(incident, id))
        .then((keep) => {
          if (!keep) stream.end();
        })
        .catch((error: Error) => this.logger.warn(`Stream update failed: ${error.message}`));
    };
    const unsubscribe = this.bus.subscribe((change: Change) => {
      if (change.kind === 'account') {
        if (req.account && change.id === req.account.id) void recheck();
        return;
      }
      if (incidentId !== null && change.id !== incidentId) return;
      if (pending.has(change.id)) return;
      pending.set(
        change.id,
        setTimeout(() => deliver(change.id), COALESCE_MS),
      );
    });
    const recheck = async () => {
      const account = await this.auth.stillAuthenticated(req);
      if (!account) return stream.end();
      viewer = viewerOf(account);
      if (incidentId !== null) {
        const incident = await this.snapshots.read(incidentId);
        if (!incident || !(await this.snapshots.visible(incident, viewer))) stream.end();
      }
    };
    const heartbeat = setInterval(() => {
      if (ended) return;
      res.write(': heartbeat\n\n');
      void recheck().catch(() => stream.end());
    }, HEARTBEAT_MS);
    this.streams.add(stream);
    req.on('close', () => stream.end());

    // The current state first, so a reconnecting page is up to date at once.
    if (incidentId !== null) {
      const incident = await this.snapshots.read(incidentId, true);
      if (!(await stream.push(incident, incidentId))) stream.end();
    }
  }
}
