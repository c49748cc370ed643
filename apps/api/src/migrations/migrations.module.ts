import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module';
import { AuthModule } from '../auth/auth.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { MigrationsController } from './migrations.controller';
import { MigrationsRepository } from './migrations.repository';
import { MigrationsService } from './migrations.service';

/** Partner migrations: create, list, get, update (D4 recompute), enrollment keys. */
@Module({
  imports: [AuthModule, ActivityModule, LifecycleModule],
  controllers: [MigrationsController],
  providers: [MigrationsRepository, MigrationsService],
  exports: [],
})
export class MigrationsModule {}
