import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { MigrationAlertsRepository } from './migration-alerts.repository';

/** Readiness alerts (D1, D3): raised and cleared by the lifecycle, listed per migration. */
@Module({
  imports: [AuthModule],
  controllers: [AlertsController],
  providers: [MigrationAlertsRepository, AlertsService, AlertsRepository],
  exports: [AlertsRepository],
})
export class AlertsModule {}
