import type { WebhookCreateRequest, WebhookDelivery, WebhookSummary } from '@cutover/domain';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { formatDateTime } from '../../../lib/format';
import { LIVE_REFRESH_MS } from '../../../lib/react-query';
import { mockApi, type MockApi, type RecordedRequest } from '../../../testing/mock-api';
import { renderWithProviders } from '../../../testing/render';
import { deliveriesRefetchInterval } from '../api/get-webhook-deliveries';
import { WebhooksView } from '../components/webhooks-view';
import { makeDelivery, makeWebhook, VALIDATION_FAILED_URL } from './settings-test-utils';

const SECRET = 'whsec_MfKQ9r8GKYqXEUFs1ic7VP7kDW5VY0KX';
const HOOK_URL = 'https://hooks.partner.example/cutover';
const DELIVERIES = '/webhooks/wh-1/deliveries';

let api: MockApi;
let webhooks: WebhookSummary[];
let deliveries: WebhookDelivery[];
beforeEach(() => {
  api = mockApi();
  webhooks = [makeWebhook()];
  deliveries = [];
  api.on('GET', '/webhooks', () => ({ items: webhooks }));
  api.on('GET', DELIVERIES, () => ({ items: deliveries }));
});

function webhookArticle(url = HOOK_URL) {
  return screen.findByRole('article', { name: url });
}

describe('Settings → Webhooks (D18)', () => {
  it('lists each webhook with its events and recent deliveries: status, response and next attempt', async () => {
    const nextAttemptAt = new Date(Date.now() + 30 * 60_000).toISOString();
    deliveries = [
      makeDelivery({ id: 'd1', status: 'succeeded', responseStatus: 204 }),
      makeDelivery({
        id: 'd2',
        event: 'device.manual_retry_required',
        status: 'failed',
        attempt: 3,
        responseStatus: 500,
        nextAttemptAt,
        at: new Date(Date.now() - 60_000).toISOString(),
      }),
    ];
    renderWithProviders(<WebhooksView />);
    const article = await webhookArticle();
    expect(within(article).getByRole('list', { name: 'Events' })).toHaveTextContent(
      'device.manual_retry_requireddevice.switch_failed',
    );
    const table = await within(article).findByRole('table', { name: `Recent deliveries to ${HOOK_URL}` });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Event', 'Status', 'Attempt', 'Response', 'Sent', 'Next attempt']);
    const [, newest, older] = within(table).getAllByRole('row');
    expect(newest).toHaveTextContent('device.manual_retry_required');
    expect(within(newest).getByText('Failed')).toBeInTheDocument();
    expect(newest).toHaveTextContent('HTTP 500');
    expect(newest).toHaveTextContent('1 min ago');
    expect(newest.querySelector(`time[datetime="${nextAttemptAt}"]`)).toHaveTextContent(
      formatDateTime(nextAttemptAt),
    );
    expect(within(older).getByText('Succeeded')).toBeInTheDocument();
    expect(older).toHaveTextContent('HTTP 204');
    expect(older).toHaveTextContent('None');
    // nothing pending: no live refresh
    expect(screen.queryByText(/Refreshing every/)).not.toBeInTheDocument();
  });

  it('shows the service’s refusal of an http:// URL next to the form, then adds the https:// one and shows its secret once', async () => {
    api.on('POST', '/webhooks', (req: RecordedRequest) => {
      const body = req.body as WebhookCreateRequest;
      if (!body.url.startsWith('https://')) return VALIDATION_FAILED_URL;
      const created = {
        id: 'wh-2',
        url: body.url,
        events: body.events,
        createdAt: '2025-11-25T10:00:00.000Z',
      };
      webhooks = [...webhooks, created];
      return { status: 201, body: { ...created, secret: SECRET } };
    });
    api.on('GET', '/webhooks/wh-2/deliveries', { items: [] });
    renderWithProviders(<WebhooksView />);
    await webhookArticle();

    const form = screen.getByRole('form', { name: 'Add webhook' });
    const url = within(form).getByLabelText('Endpoint URL');
    await userEvent.type(url, 'http://chat.example/hook');
    // every event is ticked to begin with; untick one
    await userEvent.click(within(form).getByRole('checkbox', { name: /alert\.raised/ }));
    await userEvent.click(within(form).getByRole('button', { name: 'Add webhook' }));

    expect(await within(form).findByText('The webhook was not added')).toBeInTheDocument();
    expect(within(form).getAllByRole('alert')[0]).toHaveTextContent(
      'The request has invalid or missing fields: url.',
    );
    expect(url).toHaveAccessibleDescription('url must be an https:// address.');
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(api.lastCall('POST', '/webhooks').body).toEqual({
      url: 'http://chat.example/hook',
      events: ['device.manual_retry_required', 'device.switch_failed', 'migration.summary'],
    });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    await userEvent.clear(url);
    await userEvent.type(url, 'https://chat.example/hook');
    await userEvent.click(within(form).getByRole('button', { name: 'Add webhook' }));
    const dialog = await screen.findByRole('dialog', { name: 'Webhook added' });
    expect(dialog).toHaveAccessibleDescription('Copy this secret now: it will not be shown again.');
    expect(within(dialog).getByLabelText('Signing secret')).toHaveValue(SECRET);
    expect(within(dialog).getByRole('button', { name: 'Copy' })).toHaveFocus();
    expect(await screen.findByRole('article', { name: 'https://chat.example/hook' })).toBeInTheDocument();

    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(SECRET);
    expect(screen.queryByDisplayValue(SECRET)).not.toBeInTheDocument();
    expect(within(form).queryByRole('alert')).not.toBeInTheDocument();
    expect(url).toHaveValue('');
  });

  it('checks the URL and the events before sending', async () => {
    renderWithProviders(<WebhooksView />);
    await webhookArticle();
    const form = screen.getByRole('form', { name: 'Add webhook' });
    await userEvent.type(within(form).getByLabelText('Endpoint URL'), 'chat.example/hook');
    for (const box of within(form).getAllByRole('checkbox')) await userEvent.click(box);
    await userEvent.click(within(form).getByRole('button', { name: 'Add webhook' }));
    expect(within(form).getByLabelText('Endpoint URL')).toHaveAccessibleDescription(
      'Enter the full address of your endpoint, starting with https://.',
    );
    expect(within(form).getByRole('group', { name: 'Events' })).toHaveAccessibleDescription(
      'Choose at least one event.',
    );
    expect(api.calls('POST', '/webhooks')).toHaveLength(0);
  });

  it('"Send test" posts a ping and refreshes the deliveries, which keep refreshing while one is pending', async () => {
    deliveries = [makeDelivery({ id: 'd1' })];
    api.on('POST', '/webhooks/wh-1/test', () => {
      deliveries = [
        makeDelivery({
          id: 'd2',
          event: 'ping',
          status: 'pending',
          responseStatus: null,
          at: new Date().toISOString(),
        }),
        ...deliveries,
      ];
      return { status: 202 };
    });
    renderWithProviders(<WebhooksView />);
    const article = await webhookArticle();
    const table = await within(article).findByRole('table', { name: `Recent deliveries to ${HOOK_URL}` });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    const before = api.calls('GET', DELIVERIES).length;

    await userEvent.click(within(article).getByRole('button', { name: `Send test to ${HOOK_URL}` }));
    await waitFor(() => expect(api.calls('POST', '/webhooks/wh-1/test')).toHaveLength(1));
    expect(await within(table).findByText('ping (test)')).toBeInTheDocument();
    expect(api.calls('GET', DELIVERIES).length).toBeGreaterThan(before);
    const pingRow = within(table).getByText('ping (test)').closest('tr')!;
    expect(within(pingRow).getByText('Pending')).toBeInTheDocument();
    expect(pingRow).toHaveTextContent('Not sent yet');
    expect(screen.getByText('Test sent')).toBeInTheDocument();
    expect(within(article).getByText(/Refreshing every 5 s while a delivery is pending/)).toBeInTheDocument();
  });

  it('refreshes the deliveries on its own while one is pending, and stops once all are settled', async () => {
    jest.useFakeTimers();
    try {
      deliveries = [makeDelivery({ status: 'pending', responseStatus: null, nextAttemptAt: null })];
      renderWithProviders(<WebhooksView />);
      const article = await webhookArticle();
      expect(await within(article).findByText('Pending')).toBeInTheDocument();
      const first = api.calls('GET', DELIVERIES).length;
      deliveries = [makeDelivery({ status: 'succeeded', responseStatus: 200 })];
      await act(async () => {
        await jest.advanceTimersByTimeAsync(LIVE_REFRESH_MS);
      });
      expect(await within(article).findByText('Succeeded')).toBeInTheDocument();
      const settled = api.calls('GET', DELIVERIES).length;
      expect(settled).toBeGreaterThan(first);
      await act(async () => {
        await jest.advanceTimersByTimeAsync(LIVE_REFRESH_MS * 4);
      });
      expect(api.calls('GET', DELIVERIES)).toHaveLength(settled);
    } finally {
      jest.useRealTimers();
    }
  });

  it('shows why a test could not be sent', async () => {
    api.on('POST', '/webhooks/wh-1/test', {
      status: 429,
      body: { error: { code: 'RATE_LIMITED', message: 'Too many requests.' } },
    });
    renderWithProviders(<WebhooksView />);
    const article = await webhookArticle();
    await userEvent.click(within(article).getByRole('button', { name: `Send test to ${HOOK_URL}` }));
    expect(await within(article).findByRole('alert')).toHaveTextContent('Too many requests.');
  });

  it('deletes a webhook only after the confirm step', async () => {
    api.on('DELETE', '/webhooks/wh-1', () => {
      webhooks = [];
      return { status: 204 };
    });
    renderWithProviders(<WebhooksView />);
    const article = await webhookArticle();
    await userEvent.click(within(article).getByRole('button', { name: `Delete webhook ${HOOK_URL}` }));
    let dialog = screen.getByRole('dialog', { name: 'Delete this webhook?' });
    expect(dialog).toHaveTextContent(HOOK_URL);
    await userEvent.keyboard('{Escape}');
    expect(api.calls('DELETE', '/webhooks/wh-1')).toHaveLength(0);

    await userEvent.click(within(article).getByRole('button', { name: `Delete webhook ${HOOK_URL}` }));
    dialog = screen.getByRole('dialog', { name: 'Delete this webhook?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete webhook' }));
    expect(await screen.findByText('No webhooks yet')).toBeInTheDocument();
    expect(api.calls('DELETE', '/webhooks/wh-1')).toHaveLength(1);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Your webhooks' })).toHaveFocus();
  });
});

describe('deliveriesRefetchInterval', () => {
  const now = Date.parse('2025-11-25T10:00:00.000Z');
  const list = (...statuses: WebhookDelivery['status'][]) => ({
    items: statuses.map((status, i) => makeDelivery({ id: `d${i}`, status })),
  });

  it.each([
    ['nothing loaded yet', undefined, undefined, false],
    ['no deliveries', list(), undefined, false],
    ['all settled', list('succeeded', 'failed'), undefined, false],
    ['one pending', list('succeeded', 'pending'), undefined, LIVE_REFRESH_MS],
    ['settled, a test sent moments ago', list('succeeded'), now + 1, LIVE_REFRESH_MS],
    ['settled, the test window over', list('succeeded'), now, false],
  ] as const)('%s', (_name, data, watchUntil, expected) => {
    expect(deliveriesRefetchInterval(data, { now, watchUntil })).toBe(expected);
  });
});
