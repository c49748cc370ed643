import { Module } from '@nestjs/common';
import { CommandNotifier } from './command-notifier';
import { CommandsRepository } from './commands.repository';
import { SignalsRepository } from './signals.repository';

/** The per-device command queue in PostgreSQL: claim, lease, result (SQL in commands.repository.ts). */
@Module({
  imports: [],
  controllers: [],
  providers: [CommandsRepository, SignalsRepository, CommandNotifier],
  exports: [CommandsRepository, SignalsRepository, CommandNotifier],
})
export class CommandsModule {}
