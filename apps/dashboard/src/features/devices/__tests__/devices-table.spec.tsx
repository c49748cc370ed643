import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeDevice, makeFailedDevice } from '../../../testing/factories';
import { renderWithProviders } from '../../../testing/render';
import { DevicesTable } from '../components/devices-table';

function renderTable(devices = [makeDevice()], props: Partial<Parameters<typeof DevicesTable>[0]> = {}) {
  const handlers = { onToggle: jest.fn(), onSetMany: jest.fn(), openDevice: jest.fn() };
  renderWithProviders(<DevicesTable devices={devices} isSelected={() => false} {...handlers} {...props} />);
  return handlers;
}

function rowOf(hostname: string): HTMLElement {
  return screen.getByRole('checkbox', { name: `Select ${hostname}` }).closest('tr')!;
}

describe('DevicesTable', () => {
  it('shows hostname, user, status and Outlook version of each device', () => {
    renderTable([
      makeDevice({
        hostname: 'PC-0042',
        userEmail: 'alice@contoso.com',
        windowsUser: 'CONTOSO\\alice',
        status: 'profile_ready',
        outlookVersion: '16.0.4266.1001',
      }),
    ]);
    const row = rowOf('PC-0042');
    expect(within(row).getByRole('button', { name: 'PC-0042' })).toBeInTheDocument();
    expect(within(row).getByText('alice@contoso.com')).toBeInTheDocument();
    expect(within(row).getByText('CONTOSO\\alice')).toBeInTheDocument();
    expect(within(row).getByText('Profile ready')).toBeInTheDocument();
    expect(within(row).getByText('16.0.4266.1001')).toBeInTheDocument();
  });

  it('D6: shows the error message with a Troubleshoot link to its page', () => {
    renderTable([makeFailedDevice({ hostname: 'PC-FAIL' })]);
    const row = rowOf('PC-FAIL');
    expect(within(row).getByText('Sign-in prompt not answered')).toBeInTheDocument();
    expect(within(row).getByText(/nobody answered within 10 minutes/)).toBeInTheDocument();
    expect(within(row).getByRole('link', { name: 'Troubleshoot' })).toHaveAttribute(
      'href',
      '/troubleshooting/CREDENTIAL_PROMPT_TIMEOUT',
    );
  });

  it('D4: shows the next automatic retry, or "Manual retry required"', () => {
    renderTable([
      makeFailedDevice({ hostname: 'PC-A', nextRetryAt: new Date(Date.now() + 39 * 60_000).toISOString() }),
      makeFailedDevice({ hostname: 'PC-B', nextRetryAt: null, manualRetryRequired: true }),
    ]);
    expect(within(rowOf('PC-A')).getByText(/in 39 min/)).toBeInTheDocument();
    expect(within(rowOf('PC-B')).getByText('Manual retry required')).toBeInTheDocument();
  });

  it('D7: shows a progress bar with the stage while switching', () => {
    renderTable([
      makeDevice({
        hostname: 'PC-SW',
        status: 'switching',
        progress: { stage: 'transferring_data', percent: 42 },
      }),
    ]);
    const row = rowOf('PC-SW');
    expect(within(row).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '42');
    expect(within(row).getByText('Moving data')).toHaveAttribute('title', 'Moving local data');
    expect(within(row).getByText('Switching')).toBeInTheDocument();
  });

  it('D1: shows online state and when each agent part last checked in', () => {
    renderTable([
      makeDevice({
        hostname: 'PC-ON',
        online: true,
        clientLastSeenAt: new Date(Date.now() - 2 * 60_000).toISOString(),
        serviceLastSeenAt: new Date(Date.now() - 3 * 60_000).toISOString(),
      }),
      makeDevice({
        hostname: 'PC-OFF',
        online: false,
        lastSeenAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
        clientLastSeenAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
        serviceLastSeenAt: null,
      }),
    ]);
    expect(within(rowOf('PC-ON')).getByText('Online')).toBeInTheDocument();
    expect(within(rowOf('PC-ON')).getByText('Client 2 min')).toBeInTheDocument();
    expect(within(rowOf('PC-ON')).getByText('Service 3 min')).toBeInTheDocument();
    expect(within(rowOf('PC-OFF')).getByText('Offline · 3 h ago')).toBeInTheDocument();
    expect(within(rowOf('PC-OFF')).getByText('Service never')).toBeInTheDocument();
  });

  it('D3: shows alerts with their text', () => {
    renderTable([
      makeDevice({
        hostname: 'PC-OLD',
        alerts: [
          {
            code: 'OUTLOOK_OUTDATED',
            message: 'Outlook is older than the minimum build.',
            troubleshootingUrl: '/troubleshooting/OUTLOOK_OUTDATED',
          },
        ],
      }),
    ]);
    expect(within(rowOf('PC-OLD')).getByText('Outlook outdated')).toBeInTheDocument();
  });

  it('names each row checkbox "Select <hostname>" and reports clicks', async () => {
    const devices = [makeDevice({ hostname: 'PC-1' }), makeDevice({ hostname: 'PC-2' })];
    const { onToggle } = renderTable(devices);
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select PC-2' }));
    expect(onToggle).toHaveBeenCalledWith(devices[1]);
  });

  it('"Select all" ticks every row of the page, and shows mixed when some are ticked', async () => {
    const devices = [makeDevice({ hostname: 'PC-1' }), makeDevice({ hostname: 'PC-2' })];
    const { onSetMany } = renderTable(devices, { isSelected: (id) => id === devices[0].id });
    const all = screen.getByRole('checkbox', { name: 'Select all' });
    expect(all).toHaveProperty('indeterminate', true);
    await userEvent.click(all);
    expect(onSetMany).toHaveBeenCalledWith(devices, true);
  });

  it('Shift+click ticks the range between two rows', async () => {
    const devices = [1, 2, 3, 4].map((n) => makeDevice({ hostname: `PC-${n}` }));
    const { onSetMany, onToggle } = renderTable(devices);
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select PC-1' }));
    expect(onToggle).toHaveBeenCalledTimes(1);
    const user = userEvent.setup();
    await user.keyboard('{Shift>}');
    await user.click(screen.getByRole('checkbox', { name: 'Select PC-3' }));
    await user.keyboard('{/Shift}');
    expect(onSetMany).toHaveBeenCalledWith(devices.slice(0, 3), true);
  });

  it('opens the device when its hostname is clicked', async () => {
    const device = makeDevice({ hostname: 'PC-9' });
    const { openDevice } = renderTable([device]);
    await userEvent.click(screen.getByRole('button', { name: 'PC-9' }));
    expect(openDevice).toHaveBeenCalledWith(device.id);
  });

  it('shows loading rows, then the empty state when there are no devices', () => {
    const { rerender } = renderWithProviders(
      <DevicesTable
        devices={[]}
        isSelected={() => false}
        onToggle={jest.fn()}
        onSetMany={jest.fn()}
        openDevice={jest.fn()}
        loading
        empty={<p>Nothing here</p>}
      />,
    );
    expect(screen.getByRole('table', { name: 'Devices' })).toHaveAttribute('aria-busy', 'true');
    expect(screen.queryByText('Nothing here')).not.toBeInTheDocument();
    rerender(
      <DevicesTable
        devices={[]}
        isSelected={() => false}
        onToggle={jest.fn()}
        onSetMany={jest.fn()}
        openDevice={jest.fn()}
        empty={<p>Nothing here</p>}
      />,
    );
    // rerender drops the providers: the empty table needs none of them
    expect(screen.getByText('Nothing here')).toBeInTheDocument();
  });
});
