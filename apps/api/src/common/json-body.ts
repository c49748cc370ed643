import type { FastifyInstance } from 'fastify';

/** The agent contract caps bodies at 64 KiB; partner bulk actions carry up to 100 000 ids. */
export const AGENT_BODY_LIMIT = 64 * 1024;
export const PARTNER_BODY_LIMIT = 8 * 1024 * 1024;

const tooLarge = () =>
  Object.assign(new Error('Request body is larger than 64 KiB'), {
    code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    statusCode: 413,
  });
const malformed = () =>
  Object.assign(new Error('Malformed JSON'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 });

/**
 * JSON bodies: an empty body read as `{}`, contract errors for bad JSON, and (`agentLimit`) the agent
 * routes' 64 KiB limit on an instance whose own bodyLimit is larger.
 */
export function configureJsonParsing(fastify: FastifyInstance, options: { agentLimit: boolean }): void {
  fastify.removeContentTypeParser(['application/json']);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (
      options.agentLimit &&
      request.url.startsWith('/api/agent/') &&
      Buffer.byteLength(text) > AGENT_BODY_LIMIT
    ) {
      done(tooLarge(), undefined);
      return;
    }
    if (text.trim() === '') {
      done(null, {});
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(malformed(), undefined);
    }
  });
}
