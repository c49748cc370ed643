import { Global, Module } from '@nestjs/common';
import { CommandsModule } from '../commands/commands.module';
import { MetricsRoute } from './metrics.route';
import { MetricsService } from './metrics.service';

/**
 * GET /metrics (Prometheus). Global: any feature counts through MetricsService without importing this
 * module (the agent poll, results, webhook deliveries).
 */
@Global()
@Module({
  imports: [CommandsModule],
  providers: [MetricsService, MetricsRoute],
  exports: [MetricsService],
})
export class MetricsModule {}
