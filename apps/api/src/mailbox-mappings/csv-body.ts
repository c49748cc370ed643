import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PARTNER_BODY_LIMIT } from '../common/json-body';

/** The one route that takes a CSV body (D15 import). */
export const CSV_ROUTE = { method: 'PUT', url: '/api/migrations/:id/mailbox-mappings' } as const;

/** A text/csv body as read, for the route's pipe to parse after the guards (an anonymous request costs no parse). */
export class CsvText {
  constructor(readonly text: string) {}
}

const unsupported = () =>
  Object.assign(new Error('Unsupported Media Type'), {
    code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    statusCode: 415,
  });

function isCsvRoute(request: FastifyRequest): boolean {
  return request.method === CSV_ROUTE.method && request.routeOptions.url === CSV_ROUTE.url;
}

/** text/csv bodies, under the partner body limit, on CSV_ROUTE only: anywhere else it is a 415 as before. */
export function registerCsvBody(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: PARTNER_BODY_LIMIT },
    (request, body, done) => {
      if (isCsvRoute(request)) done(null, new CsvText(body as string));
      else done(unsupported(), undefined);
    },
  );
}
