import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { DomainError } from '@cutover/domain';
import { Logger } from '@nestjs/common';
import { toErrorReply } from './api-exception.filter';

const logger = new Logger('Http');

/** What Node's HTTP parser refused, as a contract error (before any request object exists). */
export function clientErrorOf(error: { code?: string }): DomainError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new DomainError('HEADERS_TOO_LARGE');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new DomainError('REQUEST_TIMEOUT');
    default:
      return new DomainError('VALIDATION_FAILED', 'The request is not valid HTTP/1.1.', [
        { field: 'request', problems: ['request is not valid HTTP/1.1 (request line or headers)'] },
      ]);
  }
}

/**
 * The server's `clientError` handler (Fastify's clientErrorHandler option): requests Node answers itself
 * (431 headers too large, 400 malformed request line or header, 408 timeout) get the contract's error
 * body too. It writes to the raw socket, as Node's and Fastify's own handlers do, then closes it.
 */
export function handleClientError(error: Error & { code?: string }, socket: Socket): void {
  // a reset connection has nobody left to answer
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const requestId = randomUUID();
  const { status, body } = toErrorReply(clientErrorOf(error), requestId);
  const text = JSON.stringify(body);
  logger.log({ msg: 'client error', requestId, status, code: error.code ?? null });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'content-type: application/json; charset=utf-8\r\n' +
        `content-length: ${Buffer.byteLength(text)}\r\n` +
        `x-request-id: ${requestId}\r\n` +
        'connection: close\r\n\r\n' +
        text,
    );
  }
  socket.destroy(error);
}
