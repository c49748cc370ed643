import { Module } from '@nestjs/common';

/** The agent protocol v1 (enroll, poll, progress, result). */
@Module({
  imports: [],
  controllers: [],
  providers: [],
  exports: [],
})
export class AgentModule {}
