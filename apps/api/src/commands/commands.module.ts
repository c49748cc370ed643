import { Module } from '@nestjs/common';

/** The per-device command queue in PostgreSQL: claim, lease, result (SQL in commands.repository.ts). */
@Module({
  imports: [],
  controllers: [],
  providers: [],
  exports: [],
})
export class CommandsModule {}
