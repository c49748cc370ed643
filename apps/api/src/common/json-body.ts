import type { FastifyInstance } from 'fastify';
import {
  assertStorableQuery,
  invalidInput,
  jsonBodyProblems,
  MAX_JSON_VALUES,
  MAX_JSON_VALUES_BY_ROUTE,
} from './safe-input';

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
 * routes' 64 KiB limit on an instance whose own bodyLimit is larger. Every body is checked once here,
 * before any DTO or schema walks it: nesting (MAX_JSON_DEPTH), NUL and unpaired surrogates in any string
 * (safe-input.ts) are a 400 naming the field. `checkQuery`: the query string too, on an instance whose
 * routes have no hooks to do it (the lean agent poll; its JSON body comes with every request).
 */
export function configureJsonParsing(
  fastify: FastifyInstance,
  options: { agentLimit: boolean; checkQuery?: boolean },
): void {
  fastify.removeContentTypeParser(['application/json']);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, raw, done) => {
    const text = raw as string;
    if (
      options.agentLimit &&
      request.url.startsWith('/api/agent/') &&
      Buffer.byteLength(text) > AGENT_BODY_LIMIT
    ) {
      done(tooLarge(), undefined);
      return;
    }
    let body: unknown = {};
    try {
      if (options.checkQuery) assertStorableQuery(request.query);
      if (text.trim() !== '') body = JSON.parse(text);
    } catch (error) {
      done(error instanceof SyntaxError ? malformed() : (error as Error), undefined);
      return;
    }
    const route = `${request.method} ${request.routeOptions?.url ?? ''}`;
    const problems = jsonBodyProblems(body, MAX_JSON_VALUES_BY_ROUTE[route] ?? MAX_JSON_VALUES);
    if (problems.length > 0) done(invalidInput(problems), undefined);
    else done(null, body);
  });
}
