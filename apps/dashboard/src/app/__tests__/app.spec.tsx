import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { ToastProvider } from '../../components/ui/toast';
import { makeSummary } from '../../features/migration-summary/__tests__/summary-test-utils';
import { makeFailedDevice, makeMigration, makePage } from '../../testing/factories';
import { mockApi, type MockApi } from '../../testing/mock-api';
import { createTestQueryClient, currentUrl, LocationProbe } from '../../testing/render';
import { AppRoutes } from '../router';

jest.mock('../../features/troubleshooting/api/troubleshooting-docs', () => ({
  loadTroubleshootingDoc: async (code: string) =>
    code === 'DISK_FULL' ? '# Not enough disk space\n\n## Free space\n\n- Run **Disk Cleanup**\n' : null,
}));

const ME = { user: { id: 'u1', email: 'tech@partner.example' }, partner: { id: 'p1', name: 'Northwind IT' } };
const UNAUTHENTICATED = {
  status: 401,
  body: { error: { code: 'UNAUTHENTICATED', message: 'Sign in again.' } },
};

function renderApp(route: string) {
  return render(
    <QueryClientProvider client={createTestQueryClient()}>
      <ToastProvider>
        <MemoryRouter initialEntries={[route]}>
          <AppRoutes />
          <LocationProbe />
        </MemoryRouter>
      </ToastProvider>
    </QueryClientProvider>,
  );
}

let api: MockApi;
beforeEach(() => {
  api = mockApi();
});

describe('sign in', () => {
  it('sends a visitor without a session to sign in, then back where they were going', async () => {
    let signedIn = false;
    api.on('GET', '/auth/me', () => (signedIn ? ME : UNAUTHENTICATED));
    api.on('POST', '/auth/login', (req: { body: { password: string } }) => {
      if (req.body.password !== 'correct horse battery')
        return {
          status: 401,
          body: {
            error: {
              code: 'INVALID_CREDENTIALS',
              message: 'The email or password is wrong. Check both and try again.',
            },
          },
        };
      signedIn = true;
      return { status: 200, body: ME };
    });
    api.on('GET', '/migrations', { items: [] });
    renderApp('/migrations');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(currentUrl().pathname).toBe('/sign-in');
    expect(currentUrl().searchParams.get('next')).toBe('/migrations');

    await userEvent.type(screen.getByLabelText('Email'), 'tech@partner.example');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong password!');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The email or password is wrong');

    await userEvent.clear(screen.getByLabelText('Password'));
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse battery');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Migrations', level: 1 })).toBeInTheDocument();
    expect(currentUrl().pathname).toBe('/migrations');
    expect(api.lastCall('POST', '/auth/login').body).toEqual({
      email: 'tech@partner.example',
      password: 'correct horse battery',
    });
    expect(screen.getByText('Northwind IT')).toBeInTheDocument();
  });

  it('sign out ends the session and returns to sign in', async () => {
    let signedIn = true;
    api.on('GET', '/auth/me', () => (signedIn ? ME : UNAUTHENTICATED));
    api.on('POST', '/auth/logout', () => {
      signedIn = false;
      return { status: 204 };
    });
    api.on('GET', '/migrations', { items: [] });
    renderApp('/migrations');
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(api.calls('POST', '/auth/logout')).toHaveLength(1);
  });

  it('an expired session anywhere sends the user to sign in', async () => {
    let expired = false;
    api.on('GET', '/auth/me', () => (expired ? UNAUTHENTICATED : ME));
    api.on('GET', '/migrations', () => (expired ? UNAUTHENTICATED : { items: [] }));
    api.on('POST', '/migrations', () => {
      expired = true;
      return UNAUTHENTICATED;
    });
    renderApp('/migrations');
    await userEvent.click(
      (await screen.findAllByRole('button', { name: /New migration|Create your first migration/ }))[0],
    );
    const dialog = screen.getByRole('dialog', { name: 'New migration' });
    await userEvent.type(within(dialog).getByLabelText('Customer name'), 'Fabrikam');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create migration' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });
});

describe('migrations', () => {
  beforeEach(() => {
    api.on('GET', '/auth/me', ME);
  });

  it('lists migrations, each row a link named by the customer, with cutover countdown and device counts', async () => {
    const past = makeMigration({
      id: 'm-past',
      customerName: 'Fabrikam',
      cutoverAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
      migrationType: 'pop3',
      openAlerts: 0,
    });
    const soon = makeMigration({
      id: 'm-soon',
      customerName: 'Contoso Ltd',
      cutoverAt: new Date(Date.now() + 26 * 3600_000).toISOString(),
    });
    api.on('GET', '/migrations', { items: [soon, past] });
    renderApp('/migrations');
    const link = await screen.findByRole('link', { name: 'Fabrikam' });
    expect(link).toHaveAttribute('href', '/migrations/m-past');
    const pastRow = link.closest('tr')!;
    expect(within(pastRow).getByText('cut over 3 h ago')).toBeInTheDocument();
    expect(within(pastRow).getByText('POP3')).toBeInTheDocument();
    const soonRow = screen.getByRole('link', { name: 'Contoso Ltd' }).closest('tr')!;
    expect(within(soonRow).getByText('in 1 d 2 h')).toBeInTheDocument();
    expect(
      within(soonRow).getByRole('img', { name: '3 profile creation failed, 40 profile ready, 5 completed' }),
    ).toBeInTheDocument();
  });

  it('creates a migration and opens it', async () => {
    const created = makeMigration({ id: 'm-new', customerName: 'Fabrikam', deviceCounts: {}, openAlerts: 0 });
    api.on('GET', '/migrations', { items: [] });
    api.on('POST', '/migrations', { status: 201, body: created });
    api.on('GET', '/migrations/m-new', created);
    renderApp('/migrations');
    await userEvent.click(await screen.findByRole('button', { name: 'New migration' }));
    const dialog = screen.getByRole('dialog', { name: 'New migration' });
    await userEvent.type(within(dialog).getByLabelText('Customer name'), 'Fabrikam');
    await userEvent.selectOptions(within(dialog).getByLabelText('Migration type'), 'pop3');
    await userEvent.type(within(dialog).getByLabelText('Transfer cap'), '5');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create migration' }));
    expect(await screen.findByRole('heading', { name: 'Fabrikam', level: 1 })).toBeInTheDocument();
    const body = api.lastCall('POST', '/migrations').body as Record<string, unknown>;
    expect(body).toMatchObject({
      customerName: 'Fabrikam',
      migrationType: 'pop3',
      maxConcurrentTransfers: 5,
    });
    expect(new Date(body.cutoverAt as string).toISOString()).toBe(body.cutoverAt);
  });

  it('migration page: tabs Overview, Devices, Alerts, Activity; the Devices tab shows the list', async () => {
    const migration = makeMigration();
    api.on('GET', '/migrations/mig-1', migration);
    api.on('GET', '/migrations/mig-1/devices', makePage([]));
    renderApp('/migrations/mig-1');
    expect(await screen.findByRole('heading', { name: 'Contoso Ltd', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByText('ek_live_3f9a2c71d4b84e0f')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Devices' }));
    expect(await screen.findByRole('table', { name: 'Devices' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Devices' })).toHaveAttribute('aria-selected', 'true');
    // arrow keys move between tabs
    screen.getByRole('tab', { name: 'Devices' }).focus();
    await userEvent.keyboard('{ArrowRight}');
    await waitFor(() => expect(currentUrl().pathname).toBe('/migrations/mig-1/alerts'));
  });

  it('edits the cutover time and the transfer cap', async () => {
    const migration = makeMigration({ maxConcurrentTransfers: null });
    api.on('GET', '/migrations/mig-1', migration);
    api.on('PATCH', '/migrations/mig-1', (req: { body: Record<string, unknown> }) => ({
      ...migration,
      ...req.body,
    }));
    renderApp('/migrations/mig-1');
    await userEvent.click(await screen.findByRole('button', { name: 'Edit migration' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit migration' });
    const cap = within(dialog).getByLabelText('Transfer cap');
    await userEvent.type(cap, '10');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.lastCall('PATCH', '/migrations/mig-1').body).toEqual({ maxConcurrentTransfers: 10 });
    expect(await screen.findByText('10 transfers at once')).toBeInTheDocument();
  });

  it("D16, D17: the Devices tab's action preview expects pickup within the migration's poll interval", async () => {
    api.on('GET', '/migrations/mig-1', { ...makeMigration(), pollIntervalSeconds: 300 });
    api.on('GET', '/migrations/mig-1/devices', makePage([makeFailedDevice({ hostname: 'PC-0001' })]));
    api.on('POST', '/migrations/mig-1/devices/actions/preview', {
      action: 'retry-profile-creation',
      eligible: 1,
      skipped: [],
      pickup: { now: 0, withinPollInterval: 1, whenOnline: 0 },
    });
    renderApp('/migrations/mig-1/devices');
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Select PC-0001' }));
    await userEvent.click(screen.getByRole('button', { name: 'Actions' }));
    await userEvent.click(screen.getByRole('button', { name: 'Retry profile creation' }));
    expect(await screen.findByText('Retry 1 device · 1 expected within 5 minutes')).toBeInTheDocument();
  });
});

describe('cutover night and morning report', () => {
  beforeEach(() => {
    api.on('GET', '/auth/me', ME);
    api.on('GET', '/migrations/mig-1', makeMigration());
    api.on('GET', '/migrations/mig-1/summary', makeSummary());
    api.on('GET', '/migrations/mig-1/devices', makePage([]));
  });

  it('the Cutover night tab links a readiness count to the Devices tab, which asks the API for that alert', async () => {
    renderApp('/migrations/mig-1/cutover-night');
    expect(await screen.findByRole('tab', { name: 'Cutover night' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await userEvent.click(await screen.findByRole('link', { name: '3 devices with low disk space' }));
    await waitFor(() => expect(currentUrl().pathname).toBe('/migrations/mig-1/devices'));
    expect(currentUrl().searchParams.get('alert')).toBe('DISK_SPACE_LOW');
    await waitFor(() =>
      expect(api.lastCall('GET', '/migrations/mig-1/devices')?.query.get('alert')).toBe('DISK_SPACE_LOW'),
    );
    expect(screen.getByRole('button', { name: 'Alert DISK_SPACE_LOW (remove filter)' })).toBeInTheDocument();
  });

  it('"Select these devices" in the Morning report opens the Devices tab filtered by that error code', async () => {
    renderApp('/migrations/mig-1/morning-report');
    expect(await screen.findByRole('tab', { name: 'Morning report' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await userEvent.click(
      await screen.findByRole('link', { name: 'Select these devices (1 device with DATA_TRANSFER_FAILED)' }),
    );
    await waitFor(() =>
      expect(api.lastCall('GET', '/migrations/mig-1/devices')?.query.get('errorCode')).toBe(
        'DATA_TRANSFER_FAILED',
      ),
    );
    expect(currentUrl().search).toBe('?errorCode=DATA_TRANSFER_FAILED');
  });
});

describe('troubleshooting pages', () => {
  it('D6: renders the catalogue message and action, then the page from docs/troubleshooting', async () => {
    api.on('GET', '/auth/me', ME);
    renderApp('/troubleshooting/DISK_FULL');
    expect(
      await screen.findByRole('heading', { name: 'Not enough disk space', level: 1 }),
    ).toBeInTheDocument();
    expect(screen.getByText(/does not have enough free space/)).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Free space' })).toBeInTheDocument();
    expect(screen.getByText('Disk Cleanup').tagName).toBe('STRONG');
  });

  it('shows an unknown code with the general advice', async () => {
    api.on('GET', '/auth/me', UNAUTHENTICATED);
    renderApp('/troubleshooting/SOMETHING_NEW');
    expect(await screen.findByRole('heading', { name: 'Unexpected error', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('Unrecognised error code')).toBeInTheDocument();
  });
});
