import { performance } from 'node:perf_hooks';
import {
  AGENT_API_BASE_PATH,
  DomainError,
  LONG_POLL_MAX_WAIT_SECONDS,
  LONG_POLL_MIN_WAIT_SECONDS,
} from '@cutover/domain';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import Ajv, { type ErrorObject } from 'ajv';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorReply } from '../common/api-exception.filter';
import { errorResponses, toOpenApiSchema } from '../common/api-docs.decorators';
import { LEAN_HTTP, type LeanHttp } from '../common/lean-http';
import type { PlainRouteConfig } from '../common/plain-routes';
import { logRequest } from '../common/request-log';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import type { FieldProblem } from '../common/validation.pipe';
import { MetricsService } from '../metrics/metrics.service';
import { NO_DEVICE_TOKEN } from './device-auth';
import { bearerToken, hashDeviceToken } from './device-token';
import { POLL_BODY_SCHEMA, POLL_RESPONSE_SCHEMA, type PollBody, parseWaitSeconds } from './dto/poll.schema';
import { PollService } from './poll.service';

export const POLL_PATH = `${AGENT_API_BASE_PATH}/poll`;

/** The API reference of the route, from the same schemas it validates and serialises with. */
const POLL_OPERATION = {
  operationId: 'AgentPoll_poll',
  tags: ['agent'],
  summary:
    'Check in (D1, D9 session, inventory) and receive the commands to run now (optionally long-polled)',
  parameters: [
    {
      name: 'waitSeconds',
      in: 'query',
      required: false,
      description:
        'Long poll: with nothing to deliver, hold the reply until a command is available or this many seconds pass.',
      schema: { type: 'integer', minimum: LONG_POLL_MIN_WAIT_SECONDS, maximum: LONG_POLL_MAX_WAIT_SECONDS },
    },
  ],
  requestBody: {
    required: true,
    content: { 'application/json': { schema: toOpenApiSchema(POLL_BODY_SCHEMA) } },
  },
  responses: {
    '200': {
      description: 'The poll interval and the commands to run now.',
      content: { 'application/json': { schema: toOpenApiSchema(POLL_RESPONSE_SCHEMA) } },
    },
    ...errorResponses([400, 401, 413, 415, 503], {
      401: 'No, unknown or revoked device token (UNAUTHENTICATED): enroll again.',
    }),
  },
};

/** Agent bodies are checked exactly: no type coercion ("false" is not a boolean), every problem listed. */
const ajv = new Ajv({
  allErrors: true,
  coerceTypes: false,
  useDefaults: false,
  allowUnionTypes: true,
  strict: true,
});

/** An ajv error as the contract's field problem (`session.locked: must be boolean`). */
function fieldProblems(errors: readonly ErrorObject[]): FieldProblem[] {
  const byField = new Map<string, string[]>();
  for (const error of errors) {
    if (error.keyword === 'if') continue; // the failing `then` branch reports the field itself
    const path = error.instancePath.split('/').filter(Boolean);
    if (error.keyword === 'required')
      path.push(String((error.params as { missingProperty: string }).missingProperty));
    const field = path.join('.') || 'body';
    const message =
      error.keyword === 'required'
        ? 'is required'
        : error.keyword === 'pattern'
          ? 'must not contain NUL or unpaired surrogate characters'
          : (error.message ?? 'is invalid');
    byField.set(field, [...(byField.get(field) ?? []), `${field} ${message}`]);
  }
  return [...byField].map(([field, problems]) => ({ field, problems }));
}

/**
 * POST /api/agent/v1/poll as a plain route on the lean Fastify instance (common/lean-http.ts): the
 * hottest request of the service (every PC, both parts, every 2 minutes) skips Nest's per-request
 * pipeline (hooks, guards, pipes, interceptors) and the browser security headers, and validates its
 * body with one compiled schema. Same contract: 401 before anything else is looked at, 400 listing
 * the fields, the error body of every other route.
 */
@Injectable()
export class PollRoute implements OnModuleInit {
  private readonly logger = new Logger('AgentPoll');
  private readonly validate = ajv.compile<PollBody>(POLL_BODY_SCHEMA);

  private readonly debugPolls: boolean;
  /** The HTTP histogram's child for a 200 poll, resolved once (the lean instance has no onResponse hook). */
  private readonly answered: { observe(seconds: number): void };

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LEAN_HTTP) private readonly lean: LeanHttp,
    private readonly polls: PollService,
    private readonly metrics: MetricsService,
  ) {
    this.debugPolls = config.logLevel === 'debug' || config.logLevel === 'verbose';
    this.answered = metrics.httpRoute('POST', POLL_PATH, 200);
  }

  onModuleInit(): void {
    this.lean.fastify.route({
      method: 'POST',
      url: POLL_PATH,
      // the route walk (test/partner/routes.spec.ts) reads the kind; helmet's headers are for browsers
      config: {
        routeKind: 'agent',
        openapi: POLL_OPERATION,
        helmet: { skipRoute: true },
      } satisfies PlainRouteConfig & {
        helmet: object;
      },
      schema: { response: { 200: POLL_RESPONSE_SCHEMA } },
      handler: (request, reply) => this.handle(request, reply),
    });
  }

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    // from the handler on: this instance has no onResponse hook, so Fastify does not time the request
    const started = performance.now();
    void reply.header('x-request-id', request.id);
    try {
      const token = bearerToken(request.headers.authorization);
      if (token === null) throw new DomainError('UNAUTHENTICATED', NO_DEVICE_TOKEN);
      const tokenHash = hashDeviceToken(token);
      const device = await this.polls.authenticate(tokenHash);
      const body = request.body;
      if (!this.validate(body)) {
        const details = fieldProblems(this.validate.errors ?? []);
        throw new DomainError(
          'VALIDATION_FAILED',
          `The request has invalid or missing fields: ${details.map((d) => d.field).join(', ')}.`,
          details,
        );
      }
      const wait = parseWaitSeconds((request.query as Record<string, unknown>).waitSeconds);
      if (wait.problem) {
        throw new DomainError('VALIDATION_FAILED', `The request has invalid fields: waitSeconds.`, [
          { field: 'waitSeconds', problems: [wait.problem] },
        ]);
      }
      const result = await this.polls.poll(tokenHash, device, body, wait.value);
      await reply.status(200).send(result);
      this.answered.observe((performance.now() - started) / 1000);
      if (this.debugPolls) logRequest(request, reply, { poll: true, debugPolls: true });
    } catch (error) {
      const { status, body, headers } = toErrorReply(error, String(request.id));
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
      this.metrics.httpRequest('POST', POLL_PATH, status, (performance.now() - started) / 1000);
      logRequest(request, reply, { poll: true, debugPolls: this.debugPolls });
    }
  }
}
