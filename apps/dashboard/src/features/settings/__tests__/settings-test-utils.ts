import type { ApiTokenSummary, WebhookDelivery, WebhookSummary } from '@cutover/domain';

export function makeApiToken(overrides: Partial<ApiTokenSummary> = {}): ApiTokenSummary {
  return {
    id: 'tok-1',
    name: 'RMM nightly export',
    createdAt: '2025-11-20T09:00:00.000Z',
    expiresAt: null,
    lastUsedAt: null,
    ...overrides,
  };
}

export function makeWebhook(overrides: Partial<WebhookSummary> = {}): WebhookSummary {
  return {
    id: 'wh-1',
    url: 'https://hooks.partner.example/cutover',
    events: ['device.manual_retry_required', 'device.switch_failed'],
    createdAt: '2025-11-20T09:00:00.000Z',
    ...overrides,
  };
}

export function makeDelivery(overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    id: 'del-1',
    event: 'device.switch_failed',
    attempt: 1,
    status: 'succeeded',
    responseStatus: 200,
    at: new Date(Date.now() - 5 * 60_000).toISOString(),
    nextAttemptAt: null,
    ...overrides,
  };
}

export const VALIDATION_FAILED_URL = {
  status: 400,
  body: {
    error: {
      code: 'VALIDATION_FAILED',
      message: 'The request has invalid or missing fields: url.',
      details: [{ field: 'url', problems: ['url must be an https:// address.'] }],
    },
  },
};
