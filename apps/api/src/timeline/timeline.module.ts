import { Module } from '@nestjs/common';
import { WebhookOutboxModule } from '../webhooks/webhook-outbox.module';
import { DeviceEventsRepository } from './device-events.repository';

/** The device timeline (device_event): the lifecycle appends to it (and D18 notifications with it), the Devices tab reads it. */
@Module({
  imports: [WebhookOutboxModule],
  providers: [DeviceEventsRepository],
  exports: [DeviceEventsRepository],
})
export class TimelineModule {}
