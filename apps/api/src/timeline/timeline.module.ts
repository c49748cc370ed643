import { Module } from '@nestjs/common';
import { DeviceEventsRepository } from './device-events.repository';

/** The device timeline (device_event): the lifecycle appends to it, the Devices tab reads it. */
@Module({
  providers: [DeviceEventsRepository],
  exports: [DeviceEventsRepository],
})
export class TimelineModule {}
