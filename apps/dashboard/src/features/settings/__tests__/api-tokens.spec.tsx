import type { ApiTokenCreateRequest, ApiTokenSummary } from '@cutover/domain';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApi, type MockApi, type RecordedRequest } from '../../../testing/mock-api';
import { renderWithProviders } from '../../../testing/render';
import { ApiTokensView } from '../components/api-tokens-view';
import { makeApiToken } from './settings-test-utils';

const SECRET = 'cut_live_4f7b1e9a0c2d4e6f8a1b3c5d7e9f0a2b';

let api: MockApi;
let tokens: ApiTokenSummary[];
let writeText: jest.Mock;
beforeEach(() => {
  api = mockApi();
  writeText = jest.fn(async () => undefined);
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  tokens = [makeApiToken()];
  api.on('GET', '/tokens', () => ({ items: tokens }));
});

function tokenTable() {
  return screen.findByRole('table', { name: 'API tokens' });
}

describe('Settings → API tokens', () => {
  it('lists each token with when it was created, when it expires and when a script last used it', async () => {
    tokens = [
      makeApiToken(),
      makeApiToken({
        id: 'tok-2',
        name: 'Billing sync',
        createdAt: '2025-11-21T09:00:00.000Z',
        expiresAt: '2020-01-01T00:00:00.000Z',
        lastUsedAt: new Date(Date.now() - 3 * 60_000).toISOString(),
      }),
    ];
    renderWithProviders(<ApiTokensView />);
    const table = await tokenTable();
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Name', 'Created', 'Expires', 'Last used', 'Actions']);
    const rows = within(table)
      .getAllByRole('rowheader')
      .map((th) => th.closest('tr')!);
    // newest first
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      'Billing sync',
      'RMM nightly export',
    ]);
    expect(rows[0]).toHaveTextContent('Expired');
    expect(rows[0]).toHaveTextContent('3 min ago');
    expect(within(rows[1]).getAllByText('Never')).toHaveLength(2);
  });

  it('creates a token, shows it once in a dialog with a Copy button, and leaves only the list once closed', async () => {
    api.on('POST', '/tokens', (req: RecordedRequest) => {
      const body = req.body as ApiTokenCreateRequest;
      const created = {
        id: 'tok-9',
        name: body.name,
        createdAt: '2025-11-25T10:00:00.000Z',
        expiresAt: '2025-12-25T10:00:00.000Z',
      };
      tokens = [...tokens, { ...created, lastUsedAt: null }];
      return { status: 201, body: { ...created, token: SECRET } };
    });
    renderWithProviders(<ApiTokensView />);
    await tokenTable();

    await userEvent.type(screen.getByLabelText('Token name'), '  Backup script ');
    await userEvent.type(screen.getByLabelText('Expires after (days)'), '30');
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));

    const dialog = await screen.findByRole('dialog', { name: 'Token created' });
    expect(api.lastCall('POST', '/tokens').body).toEqual({ name: 'Backup script', expiresInDays: 30 });
    expect(dialog).toHaveAccessibleDescription('Copy this token now: it will not be shown again.');
    expect(within(dialog).getByText('This is the only time you can see it')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('API token')).toHaveValue(SECRET);
    // focus moves into the dialog, onto Copy
    const copy = within(dialog).getByRole('button', { name: 'Copy' });
    expect(copy).toHaveFocus();
    await userEvent.click(copy);
    expect(await within(dialog).findByRole('button', { name: 'Copied' })).toBeInTheDocument();
    expect(writeText).toHaveBeenCalledWith(SECRET);

    // the form was emptied for the next token, and the list already shows the new one (without its secret)
    expect(screen.getByLabelText('Token name')).toHaveValue('');
    const table = await tokenTable();
    expect(await within(table).findByRole('rowheader', { name: 'Backup script' })).toBeInTheDocument();

    // Tab stays inside the dialog; Escape closes it
    for (let i = 0; i < 5; i++) {
      await userEvent.tab();
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
    }
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(SECRET);
    expect(screen.queryByDisplayValue(SECRET)).not.toBeInTheDocument();
    expect(within(table).getByRole('rowheader', { name: 'Backup script' })).toBeInTheDocument();
    // focus is back on the form's button
    expect(screen.getByRole('button', { name: 'Create token' })).toHaveFocus();
  });

  it('leaves the expiry out when it is empty, and "Done" closes the dialog as well', async () => {
    api.on('POST', '/tokens', {
      status: 201,
      body: {
        id: 'tok-9',
        name: 'CI',
        token: SECRET,
        createdAt: '2025-11-25T10:00:00.000Z',
        expiresAt: null,
      },
    });
    renderWithProviders(<ApiTokensView />);
    await tokenTable();
    await userEvent.type(screen.getByLabelText('Token name'), 'CI');
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));
    const dialog = await screen.findByRole('dialog', { name: 'Token created' });
    expect(api.lastCall('POST', '/tokens').body).toEqual({ name: 'CI' });
    expect(dialog).toHaveTextContent('“CI” does not expire');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(SECRET);
  });

  it('checks the form before sending, and shows the service’s error next to it', async () => {
    api.on('POST', '/tokens', {
      status: 400,
      body: {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'The request has invalid or missing fields: expiresInDays.',
          details: [{ field: 'expiresInDays', problems: ['expiresInDays must not be greater than 365.'] }],
        },
      },
    });
    renderWithProviders(<ApiTokensView />);
    await tokenTable();
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));
    expect(screen.getByLabelText('Token name')).toHaveAccessibleDescription(
      'Name the token after the script or machine that uses it.',
    );
    await userEvent.type(screen.getByLabelText('Token name'), 'Backup');
    await userEvent.type(screen.getByLabelText('Expires after (days)'), '1.5');
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));
    expect(screen.getByLabelText('Expires after (days)')).toHaveAccessibleDescription(
      'Enter a whole number of days above 0, or leave it empty for no expiry.',
    );
    expect(api.calls('POST', '/tokens')).toHaveLength(0);

    await userEvent.clear(screen.getByLabelText('Expires after (days)'));
    await userEvent.type(screen.getByLabelText('Expires after (days)'), '400');
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));
    const form = screen.getByRole('form', { name: 'Create token' });
    expect(await within(form).findByText('The token was not created')).toBeInTheDocument();
    expect(within(form).getAllByRole('alert')[0]).toHaveTextContent(
      'The request has invalid or missing fields: expiresInDays.',
    );
    expect(screen.getByLabelText('Expires after (days)')).toHaveAccessibleDescription(
      'expiresInDays must not be greater than 365.',
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('revokes a token only after the confirm step', async () => {
    api.on('DELETE', '/tokens/tok-1', () => {
      tokens = [];
      return { status: 204 };
    });
    renderWithProviders(<ApiTokensView />);
    const table = await tokenTable();

    await userEvent.click(within(table).getByRole('button', { name: 'Revoke RMM nightly export' }));
    let dialog = screen.getByRole('dialog', { name: 'Revoke “RMM nightly export”?' });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.calls('DELETE', '/tokens/tok-1')).toHaveLength(0);

    await userEvent.click(within(table).getByRole('button', { name: 'Revoke RMM nightly export' }));
    dialog = screen.getByRole('dialog', { name: 'Revoke “RMM nightly export”?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke token' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.calls('DELETE', '/tokens/tok-1')).toHaveLength(1);
    expect(await screen.findByText('No API tokens yet')).toBeInTheDocument();
    expect(screen.getByText('Token revoked')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Your tokens' })).toHaveFocus();
  });

  it('keeps the confirm dialog open with the error when revoking fails', async () => {
    api.on('DELETE', '/tokens/tok-1', {
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'Nothing was found at this address.' } },
    });
    renderWithProviders(<ApiTokensView />);
    const table = await tokenTable();
    await userEvent.click(within(table).getByRole('button', { name: 'Revoke RMM nightly export' }));
    const dialog = screen.getByRole('dialog', { name: 'Revoke “RMM nightly export”?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke token' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Nothing was found at this address.');
  });
});
