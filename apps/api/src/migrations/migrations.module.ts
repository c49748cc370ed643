import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module';
import { AuthModule } from '../auth/auth.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { MigrationsController } from './migrations.controller';
import { MigrationsRepository } from './migrations.repository';
import { MigrationsService } from './migrations.service';
import { SummaryRepository } from './summary.repository';
import { SummaryService } from './summary.service';

/** Partner migrations: create, list, get, update (D4 recompute), enrollment keys, the D12 summary. */
@Module({
  imports: [AuthModule, ActivityModule, LifecycleModule],
  controllers: [MigrationsController],
  providers: [MigrationsRepository, MigrationsService, SummaryRepository, SummaryService],
  exports: [SummaryService],
})
export class MigrationsModule {}
