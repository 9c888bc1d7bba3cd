import { Global, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { ChangeBus } from './change-bus.js';
import { IncidentSnapshots } from './incident-snapshots.js';
import { LiveStreamsController } from './live-streams.controller.js';

/**
 * Live updates: every change is announced to every process (ChangeBus), and
 * open Server-Sent Events streams pass it on to browsers and other clients.
 * Global, so any module can announce or listen without importing this one.
 */
@Global()
@Module({
  imports: [IncidentsModule, AuthModule],
  controllers: [LiveStreamsController],
  providers: [ChangeBus, IncidentSnapshots],
  exports: [ChangeBus],
})
export class LiveModule {}
