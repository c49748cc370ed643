import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@cutover/domain';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toErrorReply } from '../common/api-exception.filter';
import { errorResponses } from '../common/api-docs.decorators';
import { addRouteHooks, type PlainRouteConfig } from '../common/plain-routes';
import { logRequest } from '../common/request-log';
import { assertStorableQuery } from '../common/safe-input';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { MetricsService } from './metrics.service';

/** Where Prometheus scrapes, beside the API (not under /api: not a partner route). */
export const METRICS_PATH = '/metrics';

const BEARER = /^Bearer[ \t]+(\S{1,1024})[ \t]*$/i;

const METRICS_OPERATION = {
  operationId: 'Metrics_get',
  tags: ['metrics'],
  summary: 'Prometheus metrics of this API process (text exposition format 0.0.4)',
  description:
    'Process metrics, HTTP request durations by route template and status, agent polls by component and outcome, ' +
    'commands delivered, command results, held long polls, webhook deliveries. With METRICS_TOKEN set, send ' +
    '`Authorization: Bearer <METRICS_TOKEN>`; without it the endpoint is open: keep it off the public network.',
  responses: {
    '200': {
      description:
        'The metrics of the process that answered (each replica has its own: scrape every replica).',
      content: { 'text/plain': { schema: { type: 'string' } } },
    },
    ...errorResponses([400, 401], {
      401: 'METRICS_TOKEN is set and the request has no bearer token or another one (UNAUTHENTICATED).',
    }),
  },
};

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * GET /metrics, a plain route on the API's Fastify instance (like the agent's poll: no Nest pipeline,
 * no partner session guard, and not counted by the HTTP histogram it serves), and the route-level hook
 * that feeds that histogram for every other route of the instance.
 */
@Injectable()
export class MetricsRoute implements OnModuleInit {
  private readonly logger = new Logger('Metrics');
  private readonly fastify: FastifyInstance;
  /** The token's hash: comparing hashes takes the same time whatever the length or content sent. */
  private readonly tokenHash: Buffer | null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    adapter: HttpAdapterHost,
    private readonly metrics: MetricsService,
  ) {
    this.tokenHash = config.metricsToken === null ? null : sha256(config.metricsToken);
    this.fastify = adapter.httpAdapter.getInstance<FastifyInstance>();
    // here, not in onModuleInit: Nest adds the controllers' routes in app.init(), after building its
    // providers, and route-level hooks reach only the routes added after them (plain-routes.ts)
    addRouteHooks(this.fastify, {
      onResponse: (request, reply, done) => {
        this.metrics.httpRequest(
          request.method,
          request.routeOptions.url ?? 'unmatched',
          reply.statusCode,
          reply.elapsedTime / 1000,
        );
        done();
      },
    });
  }

  onModuleInit(): void {
    this.fastify.route({
      method: 'GET',
      url: METRICS_PATH,
      exposeHeadRoute: false,
      config: {
        routeKind: 'public',
        openapi: METRICS_OPERATION,
      } satisfies PlainRouteConfig,
      handler: (request, reply) => this.handle(request, reply),
    });
  }

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    void reply.header('x-request-id', request.id);
    try {
      // 401 before anything else is looked at, as on the agent's poll
      if (!this.authorized(request.headers.authorization)) {
        throw new DomainError(
          'UNAUTHENTICATED',
          'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.',
        );
      }
      assertStorableQuery(request.query);
      const { contentType, body } = await this.metrics.render();
      // scrapes succeed every few seconds: not logged
      await reply
        .status(200)
        .header('content-type', contentType)
        .header('cache-control', 'no-store')
        .send(body);
    } catch (error) {
      const { status, body, headers } = toErrorReply(error, String(request.id));
      if (status === 401) headers['www-authenticate'] = 'Bearer realm="metrics"';
      if (status >= 500) {
        this.logger.error({
          msg: 'request failed',
          requestId: request.id,
          url: request.url,
          error:
            error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : error,
        });
      }
      await reply.status(status).headers(headers).send(body);
      logRequest(request, reply, { poll: false, debugPolls: false });
    }
  }

  /** Open without METRICS_TOKEN; else only with its bearer token, compared in constant time. */
  private authorized(header: string | string[] | undefined): boolean {
    if (this.tokenHash === null) return true;
    const token = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    return token !== undefined && timingSafeEqual(sha256(token), this.tokenHash);
  }
}
