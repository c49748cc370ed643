import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ActivityModule } from '../activity/activity.module';
import { AuthModule } from '../auth/auth.module';
import { CommandsModule } from '../commands/commands.module';
import { registerCsvBody } from './csv-body';
import { MailboxMappingsController } from './mailbox-mappings.controller';
import { MailboxMappingsRepository } from './mailbox-mappings.repository';
import { MailboxMappingsService } from './mailbox-mappings.service';

/** D15: the partner's mailbox mapping (import as CSV or JSON, list). */
@Module({
  imports: [AuthModule, ActivityModule, CommandsModule],
  controllers: [MailboxMappingsController],
  providers: [MailboxMappingsRepository, MailboxMappingsService],
  exports: [],
})
export class MailboxMappingsModule implements OnModuleInit {
  constructor(private readonly adapter: HttpAdapterHost) {}

  /** The import's text/csv body parser, on the API's Fastify instance before it is ready. */
  onModuleInit(): void {
    registerCsvBody(this.adapter.httpAdapter.getInstance<FastifyInstance>());
  }
}
