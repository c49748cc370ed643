import { Module } from '@nestjs/common';
import { CommandsModule } from '../commands/commands.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { AgentAdmission } from './agent-admission';
import { AgentController } from './agent.controller';
import { AgentService } from './agent.service';
import { DeviceAuth } from './device-auth';
import { DeviceTokenGuard } from './device-token.guard';
import { PollRoute } from './poll.route';
import { PollService } from './poll.service';

/** The agent protocol v1: enroll, progress, result (controller) and poll (a plain Fastify route on the fast path). */
@Module({
  imports: [LifecycleModule, CommandsModule],
  controllers: [AgentController],
  providers: [AgentAdmission, AgentService, DeviceAuth, DeviceTokenGuard, PollService, PollRoute],
  exports: [],
})
export class AgentModule {}
