import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module';
import { AlertsModule } from '../alerts/alerts.module';
import { CommandsModule } from '../commands/commands.module';
import { LifecycleRepository } from './lifecycle.repository';
import { LifecycleScheduler } from './lifecycle.scheduler';
import { LifecycleService } from './lifecycle.service';

/** What each device does next: D4 retries, D5 manual retries, D7/D8 switch, D9, D11 transfer slots, D1/D3 alerts. */
@Module({
  imports: [CommandsModule, ActivityModule, AlertsModule],
  controllers: [],
  providers: [LifecycleRepository, LifecycleService, LifecycleScheduler],
  exports: [LifecycleService, LifecycleScheduler],
})
export class LifecycleModule {}
