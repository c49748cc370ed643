import { type DynamicModule, Module } from '@nestjs/common';
import { ActivityModule } from './activity/activity.module';
import { AgentModule } from './agent/agent.module';
import { AlertsModule } from './alerts/alerts.module';
import { AuthModule } from './auth/auth.module';
import { CommandsModule } from './commands/commands.module';
import { Clock } from './common/clock';
import { LEAN_HTTP, type LeanHttp } from './common/lean-http';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DevicesModule } from './devices/devices.module';
import { HealthModule } from './health/health.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { MailboxMappingsModule } from './mailbox-mappings/mailbox-mappings.module';
import { MetricsModule } from './metrics/metrics.module';
import { MigrationsModule } from './migrations/migrations.module';
import { TimelineModule } from './timeline/timeline.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, clock: Clock, lean: LeanHttp): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        HealthModule,
        MetricsModule,
        TimelineModule,
        ActivityModule,
        AlertsModule,
        CommandsModule,
        LifecycleModule,
        AgentModule,
        AuthModule,
        MigrationsModule,
        DevicesModule,
        MailboxMappingsModule,
        WebhooksModule,
      ],
      providers: [
        { provide: Clock, useValue: clock },
        { provide: LEAN_HTTP, useValue: lean },
      ],
      exports: [Clock, LEAN_HTTP],
    };
  }
}
