import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ActivityController } from './activity.controller';
import { ActivityRepository } from './activity.repository';
import { ActivityService } from './activity.service';
import { DeviceEventsRepository } from './device-events.repository';

/** Device timelines and the migration audit log. */
@Module({
  imports: [AuthModule],
  controllers: [ActivityController],
  providers: [ActivityRepository, ActivityService, DeviceEventsRepository],
  exports: [ActivityService, DeviceEventsRepository],
})
export class ActivityModule {}
