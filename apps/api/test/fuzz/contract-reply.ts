import * as net from 'node:net';
import { isApiErrorCode } from '@cutover/domain';
import { statusOf } from '../../src/common/api-exception.filter';
import type { TestApp } from '../test-app';

export interface Expectation {
  status?: number;
  /** One of these statuses (when the order of two checks is not the contract's business). */
  statuses?: number[];
  /** Fields a 400 must list in details. */
  fields?: string[];
}

/**
 * What is wrong with a reply, by the contracts: never a 5xx (the database is up), an error has exactly the
 * body `{ error: { code, message, details } }` with a catalogue code of its status, and a 400 lists fields.
 */
export function replyProblems(status: number, body: unknown, expected: Expectation = {}): string[] {
  const problems: string[] = [];
  if (status >= 500) problems.push(`answered ${status}`);
  if (expected.status !== undefined && status !== expected.status)
    problems.push(`answered ${status}, expected ${expected.status}`);
  if (expected.statuses !== undefined && !expected.statuses.includes(status))
    problems.push(`answered ${status}, expected one of ${expected.statuses.join(', ')}`);
  if (status < 400) return problems;
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  if (
    body === null ||
    typeof body !== 'object' ||
    Object.keys(body).join() !== 'error' ||
    error === null ||
    typeof error !== 'object' ||
    Object.keys(error).sort().join() !== 'code,details,message'
  ) {
    problems.push('has no contract error body');
    return problems;
  }
  const { code, message, details } = error;
  if (typeof code !== 'string' || !isApiErrorCode(code)) problems.push(`has code ${String(code)}`);
  else if (statusOf(code) !== status) problems.push(`has code ${code} with status ${status}`);
  if (typeof message !== 'string' || message.length === 0) problems.push('has no message');
  if (status === 400) {
    const fields = Array.isArray(details)
      ? details.map((d) => (d as { field?: unknown } | null)?.field).filter((f) => typeof f === 'string')
      : [];
    if (!Array.isArray(details) || details.length === 0 || fields.length !== details.length)
      problems.push('is a 400 whose details do not list the fields');
    for (const field of expected.fields ?? [])
      if (!fields.includes(field)) problems.push(`does not name ${field} (names ${fields.join(', ')})`);
  }
  return problems;
}

/** Sends bytes as they are (what supertest cannot: a broken request line) and reads the reply until close. */
export async function rawRequest(
  t: TestApp,
  text: string,
): Promise<{ status: number; headers: string; body: unknown }> {
  // listening only for this request (the app's close() does not stop a server it did not start)
  const opened = !t.server.address();
  if (opened) await new Promise<void>((resolve) => t.server.listen(0, '127.0.0.1', resolve));
  const { port } = t.server.address() as net.AddressInfo;
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) =>
      chunks.length > 0 ? resolve(Buffer.concat(chunks).toString()) : reject(error),
    );
    socket.on('close', () => resolve(Buffer.concat(chunks).toString()));
    socket.setTimeout(10_000, () => socket.destroy()); // a request left unanswered: whatever came so far
    socket.end(text);
  }).finally(async () => {
    if (opened) await new Promise<void>((resolve) => t.server.close(() => resolve()));
  });
  const [head, ...rest] = raw.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
  let body: unknown = rest.join('\r\n\r\n');
  try {
    body = JSON.parse(body as string);
  } catch {
    // not JSON: replyProblems says so
  }
  return { status, headers: head, body };
}
