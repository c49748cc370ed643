import { Module } from '@nestjs/common';

/** Readiness alerts (D1, D3): raised and cleared by the lifecycle, listed per migration. */
@Module({
  imports: [],
  controllers: [],
  providers: [],
  exports: [],
})
export class AlertsModule {}
