import { Global, Module } from '@nestjs/common';
import { OutboxReconciler } from './outbox.reconciler.js';
import { OutboxRelay } from './outbox.relay.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxService } from './outbox.service.js';

@Global()
@Module({
  providers: [OutboxRepository, OutboxService, OutboxRelay, OutboxReconciler],
  exports: [OutboxRepository, OutboxService, OutboxRelay, OutboxReconciler],
})
export class OutboxModule {}
