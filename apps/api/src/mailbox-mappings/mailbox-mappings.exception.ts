import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { MappingRejection } from './mailbox-mapping-rows';

/** D15: an import with rejected lines imports nothing; answered 422 with the import's own body, not the error body. */
export class MailboxMappingsRejected extends Error {
  constructor(readonly rejected: MappingRejection[]) {
    super(`Mailbox mapping rejected: ${rejected.length} line(s)`);
    this.name = MailboxMappingsRejected.name;
  }
}

@Catch(MailboxMappingsRejected)
export class MailboxMappingsRejectedFilter implements ExceptionFilter {
  catch(exception: MailboxMappingsRejected, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.status(422).send({ imported: 0, matchedDevices: 0, rejected: exception.rejected });
  }
}
