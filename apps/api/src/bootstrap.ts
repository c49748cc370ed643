import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DomainError } from '@cutover/domain';
import fastifyStatic from '@fastify/static';
import { ConsoleLogger, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module';
import { registerHttpSecurity } from './auth/http-security';
import { ApiExceptionFilter, toErrorReply } from './common/api-exception.filter';
import { handleClientError } from './common/client-error';
import { Clock, SystemClock } from './common/clock';
import { configureJsonParsing, PARTNER_BODY_LIMIT } from './common/json-body';
import { createLeanHttp } from './common/lean-http';
import { addRouteHooks, recordPlainRoutes } from './common/plain-routes';
import { POLL_PATH } from './agent/poll.route';
import { logRequest } from './common/request-log';
import { assertStorableQuery } from './common/safe-input';
import { apiValidationPipe } from './common/validation.pipe';
import type { AppConfig } from './config/config';
import { setupOpenApi } from './openapi/openapi';

export interface CreateAppOptions {
  clock?: Clock;
  logger?: LoggerService | false;
}

export function createLogger(config: AppConfig): LoggerService {
  const levels = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  return new ConsoleLogger({
    json: config.logFormat === 'json',
    colors: config.logFormat === 'pretty',
    logLevels: levels.slice(0, levels.indexOf(config.logLevel) + 1) as unknown as (typeof levels)[number][],
  });
}

/** Builds the whole service (API + dashboard) without listening: main.ts and the tests share it. */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const clock = options.clock ?? new SystemClock();
  const lean = createLeanHttp({ trustProxy: config.trustProxy, paths: [POLL_PATH] });
  const adapter = new FastifyAdapter({
    serverFactory: lean.serverFactory,
    bodyLimit: PARTNER_BODY_LIMIT,
    trustProxy: config.trustProxy, // else anyone could spoof X-Forwarded-For past the per-address login limit
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    // 431 headers too large, 400 malformed request line: Node answers these itself; with the contract body
    clientErrorHandler: handleClientError,
    // long path ids reach the handlers (answered as not found there); a path that is not valid URL
    // encoding or longer still cannot name anything either: 404 with the contract body, not Fastify's own
    routerOptions: { maxParamLength: 2048 },
    frameworkErrors: (_error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const { status, body } = toErrorReply(new DomainError('NOT_FOUND'), String(request.id));
      void reply.status(status).send(body);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, clock, lean),
    adapter,
    {
      logger: options.logger ?? createLogger(config),
      abortOnError: false,
      bodyParser: false, // ours below: the agent routes' 64 KiB limit and contract errors for bad JSON
    },
  );
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  recordPlainRoutes(fastify);
  recordPlainRoutes(lean.fastify, fastify);
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalPipes(apiValidationPipe());
  app.enableShutdownHooks();
  // hooks attached to each route (see addRouteHooks) must be in place before any route is registered
  configureRequestLog(fastify, config);
  registerHttpSecurity(app, config);
  rejectUnstorableQueries(fastify);
  setupOpenApi(app);

  configureJsonParsing(fastify, { agentLimit: true });
  await serveDashboard(fastify, config.staticDir);
  fastify.addHook('onClose', async () => {
    await lean.fastify.close();
  });
  await app.init();
  await fastify.ready();
  await lean.fastify.ready();
  return app;
}

function configureRequestLog(fastify: FastifyInstance, config: AppConfig): void {
  const debugPolls = config.logLevel === 'debug' || config.logLevel === 'verbose';
  // route-level: the agent's poll route sets its request id and logs itself (plain-routes.ts)
  addRouteHooks(fastify, {
    onSend: (request, reply, payload, done) => {
      void reply.header('x-request-id', request.id);
      done(null, payload);
    },
    onResponse: (request, reply, done) => {
      logRequest(request, reply, { poll: request.url.startsWith('/api/agent/v1/poll'), debugPolls });
      done();
    },
  });
}

/**
 * A query value with NUL or an unpaired surrogate is a 400 naming the parameter, on every route, before
 * a guard, DTO or query sees it (JSON bodies: json-body.ts). The lean poll route checks in its parser.
 */
function rejectUnstorableQueries(fastify: FastifyInstance): void {
  addRouteHooks(fastify, {
    onRequest: (request, _reply, done) => {
      try {
        assertStorableQuery(request.query);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

/** The built dashboard at /, with any unknown non-API path answered by index.html (client-side routes). */
async function serveDashboard(fastify: FastifyInstance, staticDir: string | null): Promise<void> {
  const indexFile = staticDir ? path.join(staticDir, 'index.html') : null;
  const hasDashboard = indexFile !== null && fs.existsSync(indexFile);
  if (hasDashboard && staticDir) {
    await fastify.register(fastifyStatic, {
      root: staticDir,
      wildcard: false,
      index: false,
      setHeaders: (res, filePath) => {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        void res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  fastify.get('/*', (request, reply) => {
    if (request.url === '/api' || request.url.startsWith('/api/')) {
      const notFound = new DomainError(
        'NOT_FOUND',
        'There is no such API path. See /api/docs for the API reference.',
      );
      const { status, body } = toErrorReply(notFound, String(request.id));
      return reply.status(status).send(body);
    }
    if (!hasDashboard) {
      return reply
        .status(200)
        .type('text/plain')
        .send('Cutover API is running. The dashboard is not built: run `npm run build` (or `npm start`).');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
