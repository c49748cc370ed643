import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import Fastify, { type FastifyInstance, type FastifyServerFactory } from 'fastify';
import { toErrorReply } from './api-exception.filter';
import { AGENT_BODY_LIMIT, configureJsonParsing } from './json-body';
import { logRequest } from './request-log';

/** Where Nest finds the lean Fastify instance (see createLeanHttp). */
export const LEAN_HTTP = Symbol('LEAN_HTTP');

export interface LeanHttp {
  fastify: FastifyInstance;
  /** Whether a request is for the lean instance (method and path, before any routing). */
  claims(method: string | undefined, url: string | undefined): boolean;
  /** A Fastify server factory: the lean instance's requests go to it, everything else to `handler`. */
  serverFactory: FastifyServerFactory;
}

/**
 * A second, lean Fastify instance behind the same HTTP server, for the agent's poll: every PC polls
 * every 2 minutes with both parts, so that one request is most of the service's work. Nest's adapter
 * puts seven hooks on every route of its own instance (middleware, CORS, CSRF, shutdown, versioning);
 * routes here have none, and set their request id and log their errors themselves.
 */
export function createLeanHttp(options: { trustProxy: boolean; paths: readonly string[] }): LeanHttp {
  const fastify = Fastify({
    logger: false,
    bodyLimit: AGENT_BODY_LIMIT,
    trustProxy: options.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  });
  // bodyLimit above is the agent's 64 KiB; no hooks here, so the parser checks the query string too
  configureJsonParsing(fastify, { agentLimit: false, checkQuery: true });
  // body and framework errors (413, 400 malformed JSON, 415) with the contract's error body
  fastify.setErrorHandler((error, request, reply) => {
    const { status, body, headers } = toErrorReply(error, String(request.id));
    void reply
      .status(status)
      .headers({ ...headers, 'x-request-id': String(request.id) })
      .send(body);
    logRequest(request, reply, { poll: true, debugPolls: false });
  });
  const paths = new Set(options.paths);
  const claims = (method: string | undefined, url: string | undefined): boolean => {
    if (method !== 'POST' || url === undefined) return false;
    const query = url.indexOf('?');
    return paths.has(query === -1 ? url : url.slice(0, query));
  };
  const serverFactory: FastifyServerFactory = (handler, serverOptions) => {
    const server = http.createServer((request, response) => {
      if (claims(request.method, request.url)) fastify.routing(request, response);
      else handler(request, response);
    });
    const { keepAliveTimeout, requestTimeout } = serverOptions as {
      keepAliveTimeout?: number;
      requestTimeout?: number;
    };
    // as Fastify sets them on the server it creates itself
    server.keepAliveTimeout = keepAliveTimeout ?? 72_000;
    server.requestTimeout = requestTimeout ?? 0;
    return server;
  };
  return { fastify, claims, serverFactory };
}
