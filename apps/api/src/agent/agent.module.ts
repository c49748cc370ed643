import { Module } from '@nestjs/common';
import { CommandsModule } from '../commands/commands.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { AgentController } from './agent.controller';
import { AgentRepository } from './agent.repository';
import { AgentService } from './agent.service';
import { DeviceTokenGuard } from './device-token.guard';

/** The agent protocol v1 (enroll, poll, progress, result). */
@Module({
  imports: [LifecycleModule, CommandsModule],
  controllers: [AgentController],
  providers: [AgentRepository, AgentService, DeviceTokenGuard],
  exports: [],
})
export class AgentModule {}
