import { Module } from '@nestjs/common';
import { WebhookOutbox } from './webhook-outbox';

/** D18: the outbox writer alone (no HTTP, no dispatcher), for the modules whose changes notify. */
@Module({
  providers: [WebhookOutbox],
  exports: [WebhookOutbox],
})
export class WebhookOutboxModule {}
