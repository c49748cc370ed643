import { type ApiErrorCode, API_ERROR_MESSAGES, DomainError, type ErrorBody } from '@cutover/domain';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { driverCode, isDatabaseUnavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from './database-errors';

const logger = new Logger('ApiError');

/**
 * PostgreSQL data errors only a request's values can cause: a 400, not a 500. Reaching the database with
 * them means a validation gap (DTOs and safe-input.ts should have refused the value), so each is logged.
 */
const INPUT_DATA_ERRORS: ReadonlyMap<string, string> = new Map([
  ['22021', 'contains characters the database cannot store (NUL or invalid UTF-8)'], // character_not_in_repertoire
  ['22P05', 'contains characters the database cannot store'], // untranslatable_character
  ['22P02', 'has a value of the wrong form (not a number, id or date where one is needed)'], // invalid_text_representation
  ['22001', 'has a value that is too long'], // string_data_right_truncation
  ['22003', 'has a number out of range'], // numeric_value_out_of_range
  ['54001', 'is too complex to process'], // statement_too_complex
]);

/** Every API error leaves through here, with the contracts' body `{ error: { code, message, details } }`. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { status, body, headers } = toErrorReply(exception, request.id);
    if (status >= 500) {
      this.logger.error({
        msg: 'request failed',
        requestId: request.id,
        method: request.method,
        url: request.url,
        error:
          exception instanceof Error
            ? { name: exception.name, message: exception.message, stack: exception.stack }
            : exception,
      });
    }
    for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
    void reply.status(status).send(body);
  }
}

export function statusOf(code: ApiErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
      return 400;
    case 'UNAUTHENTICATED':
    case 'INVALID_ENROLLMENT_KEY':
    case 'INVALID_CREDENTIALS':
      return 401;
    case 'SIGNUP_DISABLED':
    case 'CSRF_REJECTED':
      return 403;
    case 'NOT_FOUND':
    case 'COMMAND_NOT_FOUND':
    case 'DEVICE_NOT_FOUND':
    case 'MIGRATION_NOT_FOUND':
    case 'TOKEN_NOT_FOUND':
    case 'WEBHOOK_NOT_FOUND':
      return 404;
    case 'RESULT_CONFLICT':
    case 'EMAIL_TAKEN':
      return 409;
    case 'REQUEST_TIMEOUT':
      return 408;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'HEADERS_TOO_LARGE':
      return 431;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'RATE_LIMITED':
      return 429;
    case 'OVERLOADED':
      return 503;
    case 'INTERNAL':
      return 500;
    default:
      return assertUnreachable(code);
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}

interface ErrorReply {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

function reply(
  code: ApiErrorCode,
  message?: string,
  details?: unknown,
  headers: Record<string, string> = {},
): ErrorReply {
  return {
    status: statusOf(code),
    body: { error: { code, message: message ?? API_ERROR_MESSAGES[code], details: details ?? null } },
    headers,
  };
}

/** Maps domain errors, Nest's HTTP exceptions and Fastify's own errors (body parsing, size) to the contract. */
export function toErrorReply(exception: unknown, requestId: string): ErrorReply {
  if (exception instanceof DomainError) {
    const headers: Record<string, string> = {};
    const retryAfter = (exception.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
    return reply(exception.code, exception.message, exception.details, headers);
  }
  // the database is down, restarting or out of connections: a 503 the client retries, never a 500
  if (isDatabaseUnavailable(exception)) {
    return reply(
      'OVERLOADED',
      undefined,
      { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS },
      {
        'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS),
      },
    );
  }
  const sqlState = driverCode(exception);
  const inputProblem = sqlState === undefined ? undefined : INPUT_DATA_ERRORS.get(sqlState);
  if (inputProblem !== undefined) {
    logger.warn({
      msg: 'invalid input reached the database (a validation gap)',
      requestId,
      sqlState,
      error: exception instanceof Error ? exception.message : String(exception),
    });
    return reply('VALIDATION_FAILED', `The request ${inputProblem}. Correct it and send it again.`, [
      { field: 'request', problems: [`request ${inputProblem}`] },
    ]);
  }
  const fastifyCode = (exception as { code?: string } | null)?.code;
  switch (fastifyCode) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return reply('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return reply('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return reply('VALIDATION_FAILED', 'The request body is empty; send a JSON object.', [
        { field: 'body', problem: 'empty' },
      ]);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return reply('VALIDATION_FAILED', 'The request body is not valid JSON.', [
        { field: 'body', problem: 'malformed JSON' },
      ]);
  }
  if (exception instanceof SyntaxError && 'body' in exception) {
    return reply('VALIDATION_FAILED', 'The request body is not valid JSON.', [
      { field: 'body', problem: 'malformed JSON' },
    ]);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404) return reply('NOT_FOUND');
    if (status === 413) return reply('PAYLOAD_TOO_LARGE');
    if (status === 415) return reply('UNSUPPORTED_MEDIA_TYPE');
    if (status === 401) return reply('UNAUTHENTICATED');
    if (status === 429) return reply('RATE_LIMITED');
    if (status >= 400 && status < 500) return reply('VALIDATION_FAILED', exception.message);
  }
  const statusCode = (exception as { statusCode?: number } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return reply('VALIDATION_FAILED', (exception as Error).message);
  }
  return reply(
    'INTERNAL',
    `Something went wrong on our side. Try again; if it persists, report request id ${requestId}.`,
    {
      requestId,
    },
  );
}
