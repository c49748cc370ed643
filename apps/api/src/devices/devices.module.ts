import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module';
import { AuthModule } from '../auth/auth.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { DevicesController } from './devices.controller';
import { DevicesRepository } from './devices.repository';
import { DevicesService } from './devices.service';

/** The Devices tab: list, detail with timeline, bulk actions, CSV export. */
@Module({
  imports: [AuthModule, ActivityModule, LifecycleModule],
  controllers: [DevicesController],
  providers: [DevicesRepository, DevicesService],
  exports: [],
})
export class DevicesModule {}
