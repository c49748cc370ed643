import { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

const logger = new Logger('Http');

/**
 * One structured line per request: errors always (5xx at error level), successful agent polls only
 * at debug level (every PC polls every 2 minutes), everything else at log level.
 */
export function logRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { poll: boolean; debugPolls: boolean },
): void {
  const status = reply.statusCode;
  if (options.poll && status < 400 && !options.debugPolls) return;
  const entry = {
    msg: 'request',
    requestId: request.id,
    method: request.method,
    url: request.url,
    status,
    ms: Math.round(reply.elapsedTime),
  };
  if (status >= 500) logger.error(entry);
  else if (options.poll && status < 400) logger.debug(entry);
  else logger.log(entry);
}
