import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module';
import { AuthModule } from '../auth/auth.module';
import { CommandsModule } from '../commands/commands.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { BulkActionsRepository } from './bulk-actions.repository';
import { BulkActionsService } from './bulk-actions.service';
import { DevicesController } from './devices.controller';
import { DevicesRepository } from './devices.repository';
import { DevicesService } from './devices.service';

/** The Devices tab: list, detail with timeline, bulk actions, CSV export. */
@Module({
  imports: [AuthModule, ActivityModule, LifecycleModule, CommandsModule],
  controllers: [DevicesController],
  providers: [DevicesRepository, DevicesService, BulkActionsRepository, BulkActionsService],
  exports: [],
})
export class DevicesModule {}
