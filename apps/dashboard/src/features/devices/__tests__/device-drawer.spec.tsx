import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeDeviceDetail, makeFailedDevice } from '../../../testing/factories';
import { mockApi } from '../../../testing/mock-api';
import { currentUrl } from '../../../testing/render';
import { renderDevicesView, serveDevices } from './devices-test-utils';

describe('Device drawer', () => {
  it('opens from the hostname with the device timeline, newest first, and Escape closes it', async () => {
    const device = makeFailedDevice({ hostname: 'PC-0042' });
    const api = mockApi();
    serveDevices(api, () => [device]);
    api.on('GET', `/devices/${device.id}`, {
      ...makeDeviceDetail(device),
      events: [
        { at: '2025-11-25T10:39:00.000Z', type: 'retry_scheduled', detail: 'Automatic retry at 11:18' },
        {
          at: '2025-11-25T10:38:00.000Z',
          type: 'command_failed',
          detail: 'CREATE_PROFILE failed: CREDENTIAL_PROMPT_TIMEOUT',
        },
        { at: '2025-11-25T10:00:00.000Z', type: 'enrolled', detail: null },
      ],
    });
    renderDevicesView({ devices: [device] });
    await userEvent.click(await screen.findByRole('button', { name: 'PC-0042' }));

    const drawer = await screen.findByRole('dialog', { name: 'PC-0042' });
    expect(currentUrl().searchParams.get('device')).toBe(device.id); // a link to the open device can be shared
    const history = await within(drawer).findByRole('list', { name: 'Device history' });
    const items = within(history).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('div > div')?.textContent)).toEqual([
      'Retry scheduled',
      'Command failed',
      'Enrolled',
    ]);
    expect(within(drawer).getByText('CREATE_PROFILE failed: CREDENTIAL_PROMPT_TIMEOUT')).toBeInTheDocument();
    expect(within(drawer).getByRole('link', { name: 'Troubleshoot' })).toHaveAttribute(
      'href',
      '/troubleshooting/CREDENTIAL_PROMPT_TIMEOUT',
    );

    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(currentUrl().searchParams.get('device')).toBeNull();
  });

  it('retries one device from the drawer', async () => {
    const device = makeFailedDevice({ hostname: 'PC-0007' });
    const api = mockApi();
    serveDevices(api, () => [device]);
    api.on('GET', `/devices/${device.id}`, makeDeviceDetail(device));
    api.on('POST', '/migrations/mig-1/devices/actions', { status: 202, body: { affected: 1, skipped: [] } });
    renderDevicesView({ devices: [device], search: `?device=${device.id}` });
    const drawer = await screen.findByRole('dialog', { name: 'PC-0007' });
    await userEvent.click(await within(drawer).findByRole('button', { name: 'Retry profile creation now' }));
    expect(await within(drawer).findByText(/Retry queued/)).toBeInTheDocument();
    expect(api.lastCall('POST', '/migrations/mig-1/devices/actions').body).toEqual({
      action: 'retry-profile-creation',
      deviceIds: [device.id],
    });
  });
});
