import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { WEBHOOK_TIMEOUT_MS } from '@cutover/domain';
import { Webhook } from 'standardwebhooks';
import {
  addressRefusal,
  parseWebhookUrl,
  webhookLookup,
  WebhookTargetRefusedError,
  type WebhookResolver,
  type WebhookTarget,
} from './webhook-target';

export const WEBHOOK_USER_AGENT = 'Cutover-Webhooks/1';
// D18: the receiver's answer is read (so the connection ends cleanly) up to 64 KiB, and thrown away.
export const WEBHOOK_MAX_RESPONSE_BYTES = 64 * 1024;

/** D18: a signing secret in the Standard Webhooks format: whsec_ + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export interface WebhookSendInput {
  url: string;
  /** The delivery's id: the same webhook-id on every attempt, so receivers can drop duplicates. */
  id: string;
  timestamp: Date;
  body: string;
  secret: string;
}

export interface WebhookSendOptions {
  allowHttp: boolean;
  timeoutMs?: number;
  /** Injected by tests; the system resolver otherwise. */
  resolve?: WebhookResolver;
}

/**
 * One attempt. Delivered exactly when error is null (a 2xx answer); status is the receiver's HTTP status when
 * it answered at all, also for a non-2xx (then error says so) or a body that timed out.
 */
export interface WebhookSendResult {
  status: number | null;
  error: string | null;
  durationMs: number;
}

function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function statusError(status: number): string | null {
  if (status >= 200 && status < 300) return null;
  // D18: a redirect is not followed (it could lead anywhere, a private address included): the attempt failed
  if (status >= 300 && status < 400) return `the endpoint answered ${status}: redirects are not followed`;
  return `the endpoint answered ${status}`;
}

const CERTIFICATE_CODES = /CERT|SIGNATURE|ISSUER|UNABLE_TO_VERIFY/;
const TLS_CODES = /^EPROTO$|TLS|SSL/;

/** A failed connection in a few words for the deliveries list. */
function networkError(error: unknown, target: WebhookTarget): string {
  if (error instanceof WebhookTargetRefusedError) return error.message;
  const failure = error as (NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] }) | null;
  // with several addresses node:net tries each and reports an AggregateError
  const code = failure?.code ?? failure?.errors?.[0]?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection reset';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'EHOSTUNREACH':
      return 'host unreachable';
    case 'ENETUNREACH':
      return 'network unreachable';
    case 'ENOTFOUND':
    case 'ENODATA':
      return `host not found (${target.url.hostname})`;
    case 'EAI_AGAIN':
      return `DNS lookup failed temporarily (${target.url.hostname})`;
  }
  if (code?.startsWith('HPE_')) return `invalid HTTP response (${code})`;
  if (code !== undefined && CERTIFICATE_CODES.test(code)) return `TLS certificate not accepted (${code})`;
  if (code !== undefined && TLS_CODES.test(code)) return `TLS handshake failed (${code})`;
  return `request failed (${code ?? failure?.message ?? String(error)})`;
}

function post(
  target: WebhookTarget,
  headers: Record<string, string>,
  body: string,
  options: WebhookSendOptions,
  timeoutMs: number,
): Promise<{ status: number | null; error: string | null }> {
  return new Promise((resolve) => {
    let status: number | null = null;
    let settled = false;
    const client = target.url.protocol === 'https:' ? https : http;
    const request = client.request(
      target.url,
      // agent: false: a fresh connection each time, never a pooled socket that skipped the lookup
      { method: 'POST', headers, agent: false, lookup: webhookLookup(target, options) },
      (response) => {
        const answered = response.statusCode ?? 0;
        status = answered;
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          // enough read: hang up, the rest of the answer is not wanted
          if (received >= WEBHOOK_MAX_RESPONSE_BYTES) finish(statusError(answered));
        });
        response.on('end', () => finish(statusError(answered)));
        response.on('error', (error) => finish(`${networkError(error, target)} while reading the response`));
        response.on('close', () => finish('connection closed before the response was complete'));
      },
    );
    // D18: 10 s for the whole attempt: DNS, connection, TLS, the answer and its body
    const timer = setTimeout(() => finish(`timed out after ${formatDuration(timeoutMs)}`), timeoutMs);
    function finish(error: string | null): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve({ status, error });
    }
    request.on('error', (error) => finish(networkError(error, target)));
    request.end(body);
  });
}

/**
 * D18: one delivery attempt, signed with the Standard Webhooks headers. Connects only to addresses it checked,
 * follows no redirect, gives up after timeoutMs (10 s), and never throws: every failure is in the result.
 */
export async function sendWebhook(
  input: WebhookSendInput,
  options: WebhookSendOptions,
): Promise<WebhookSendResult> {
  const started = performance.now();
  const result = (status: number | null, error: string | null): WebhookSendResult => ({
    status,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  try {
    const parsed = parseWebhookUrl(input.url, options.allowHttp);
    if (!parsed.ok) return result(null, `refused: ${parsed.reason}`);
    const { target } = parsed;
    // node:net calls no lookup for an IP address, so a literal is checked here
    const refusal = target.literal ? addressRefusal(target, [target.host], options.allowHttp) : null;
    if (refusal !== null) return result(null, refusal.error);
    let signature: string;
    try {
      signature = new Webhook(input.secret).sign(input.id, input.timestamp, input.body);
    } catch (error) {
      return result(
        null,
        `the signing secret is not valid (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(input.body)),
      'user-agent': WEBHOOK_USER_AGENT,
      'webhook-id': input.id,
      'webhook-timestamp': String(Math.floor(input.timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    };
    const outcome = await post(target, headers, input.body, options, options.timeoutMs ?? WEBHOOK_TIMEOUT_MS);
    return result(outcome.status, outcome.error);
  } catch (error) {
    return result(null, `request failed (${error instanceof Error ? error.message : String(error)})`);
  }
}
