import { Module } from '@nestjs/common';
import { MigrationsModule } from '../migrations/migrations.module';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookOutboxModule } from './webhook-outbox.module';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** D18: partners' webhook subscriptions, and the dispatcher that sends the outbox from every process. */
@Module({
  imports: [WebhookOutboxModule, MigrationsModule],
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhooksService, WebhookDispatcher],
  exports: [WebhookDispatcher],
})
export class WebhooksModule {}
