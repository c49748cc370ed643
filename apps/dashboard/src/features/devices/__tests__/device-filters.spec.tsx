import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeDevice, makeFailedDevice } from '../../../testing/factories';
import { mockApi, type MockApi } from '../../../testing/mock-api';
import { currentUrl } from '../../../testing/render';
import { DEVICES_PATH, renderDevicesView, serveDevices } from './devices-test-utils';

const devices = [
  makeFailedDevice({ hostname: 'PC-0001' }),
  makeFailedDevice({ hostname: 'PC-0002' }),
  makeDevice({ hostname: 'LAPTOP-01', status: 'completed' }),
  makeDevice({ hostname: 'PC-0003', status: 'profile_ready' }),
];

let api: MockApi;
beforeEach(() => {
  api = mockApi();
  serveDevices(api, () => devices);
});

function lastListQuery(): URLSearchParams {
  return api.lastCall('GET', DEVICES_PATH).query;
}

describe('Device filters', () => {
  it('status chips show the count of each status present', async () => {
    renderDevicesView({ devices });
    const chips = screen.getByRole('group', { name: 'Filter by status' });
    expect(within(chips).getByRole('button', { name: /All statuses\s*4/ })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(within(chips).getByRole('button', { name: /Profile creation failed\s*2/ })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    expect(within(chips).getByRole('button', { name: /Completed\s*1/ })).toBeInTheDocument();
    // statuses without devices are not offered
    expect(within(chips).queryByRole('button', { name: /Switch failed/ })).not.toBeInTheDocument();
    expect(await screen.findByRole('checkbox', { name: 'Select PC-0001' })).toBeInTheDocument();
  });

  it('a status chip filters the list and writes the filter to the URL', async () => {
    renderDevicesView({ devices });
    await screen.findByRole('checkbox', { name: 'Select LAPTOP-01' });
    await userEvent.click(screen.getByRole('button', { name: /Profile creation failed/ }));
    await waitFor(() =>
      expect(screen.queryByRole('checkbox', { name: 'Select LAPTOP-01' })).not.toBeInTheDocument(),
    );
    expect(lastListQuery().get('status')).toBe('profile_failed');
    expect(currentUrl().searchParams.get('status')).toBe('profile_failed');
    expect(screen.getByRole('button', { name: /Profile creation failed/ })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    // several statuses at once, comma-separated
    await userEvent.click(screen.getByRole('button', { name: /Completed/ }));
    await waitFor(() => expect(lastListQuery().get('status')).toBe('profile_failed,completed'));
    expect(await screen.findByRole('checkbox', { name: 'Select LAPTOP-01' })).toBeInTheDocument();
  });

  it('the filter in the URL drives the first request, so a shared link shows the same view', async () => {
    renderDevicesView({ devices, search: '?status=profile_failed,switch_failed&hasError=true&q=pc-' });
    await screen.findByRole('checkbox', { name: 'Select PC-0001' });
    const query = lastListQuery();
    expect(query.get('status')).toBe('profile_failed,switch_failed');
    expect(query.get('hasError')).toBe('true');
    expect(query.get('q')).toBe('pc-');
    expect(screen.getByRole('button', { name: 'Has error' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('searchbox', { name: 'Search devices' })).toHaveValue('pc-');
    expect(screen.getByRole('button', { name: /Switch failed/ })).toHaveAttribute('aria-pressed', 'true');
  });

  it('"Has error" keeps only devices with an error', async () => {
    renderDevicesView({ devices });
    await screen.findByRole('checkbox', { name: 'Select PC-0003' });
    await userEvent.click(screen.getByRole('button', { name: 'Has error' }));
    await waitFor(() =>
      expect(screen.queryByRole('checkbox', { name: 'Select PC-0003' })).not.toBeInTheDocument(),
    );
    expect(lastListQuery().get('hasError')).toBe('true');
    expect(currentUrl().searchParams.get('hasError')).toBe('true');
  });

  it('search asks the API once typing pauses, and goes into the URL', async () => {
    renderDevicesView({ devices });
    await screen.findByRole('checkbox', { name: 'Select PC-0001' });
    const before = api.calls('GET', DEVICES_PATH).length;
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search devices' }), 'LAPTOP');
    await waitFor(() =>
      expect(screen.queryByRole('checkbox', { name: 'Select PC-0001' })).not.toBeInTheDocument(),
    );
    const searches = api
      .calls('GET', DEVICES_PATH)
      .slice(before)
      .map((r) => r.query.get('q'));
    expect(searches).toEqual(['LAPTOP']); // debounced: not one request per keystroke
    expect(currentUrl().searchParams.get('q')).toBe('LAPTOP');
    expect(screen.getByRole('checkbox', { name: 'Select LAPTOP-01' })).toBeInTheDocument();
  });

  it('the CSV export link carries the same filter', async () => {
    renderDevicesView({ devices, search: '?status=profile_failed&q=pc' });
    const link = await screen.findByRole('link', { name: 'Export CSV' });
    expect(link).toHaveAttribute('href', '/api/migrations/mig-1/devices.csv?status=profile_failed&q=pc');
  });

  it('"Clear filters" returns to every device', async () => {
    renderDevicesView({ devices, search: '?status=completed&hasError=true' });
    await screen.findByRole('button', { name: 'Clear filters' });
    await userEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]);
    await screen.findByRole('checkbox', { name: 'Select PC-0003' });
    expect(currentUrl().search).toBe('');
    expect(lastListQuery().get('status')).toBeNull();
    expect(screen.getByRole('button', { name: /All statuses/ })).toHaveAttribute('aria-pressed', 'true');
  });

  it('says so when nothing matches', async () => {
    renderDevicesView({ devices, search: '?q=nothing-like-this' });
    expect(await screen.findByText('No devices match these filters')).toBeInTheDocument();
  });

  describe('filters other tabs link to (errorCode, alert, online)', () => {
    const linked = [
      makeFailedDevice({ hostname: 'PC-CRED' }),
      makeFailedDevice({
        hostname: 'PC-XFER',
        status: 'switch_failed',
        online: false,
        error: {
          code: 'DATA_TRANSFER_FAILED',
          message: 'Moving the local data failed.',
          troubleshootingUrl: '/troubleshooting/DATA_TRANSFER_FAILED',
        },
      }),
      makeDevice({ hostname: 'PC-OK' }),
    ];
    beforeEach(() => serveDevices(api, () => linked));

    it('reads errorCode (sorted), alert and online from the URL into the list request, the CSV link and chips', async () => {
      renderDevicesView({
        devices: linked,
        search: '?errorCode=DATA_TRANSFER_FAILED,CREDENTIAL_PROMPT_TIMEOUT&alert=DISK_SPACE_LOW&online=false',
      });
      await waitFor(() => expect(api.calls('GET', DEVICES_PATH).length).toBeGreaterThan(0));
      const query = lastListQuery();
      expect(query.get('errorCode')).toBe('CREDENTIAL_PROMPT_TIMEOUT,DATA_TRANSFER_FAILED');
      expect(query.get('alert')).toBe('DISK_SPACE_LOW');
      expect(query.get('online')).toBe('false');
      expect(
        screen.getByRole('button', { name: 'Error DATA_TRANSFER_FAILED (remove filter)' }),
      ).toHaveAttribute('aria-pressed', 'true');
      expect(
        screen.getByRole('button', { name: 'Alert DISK_SPACE_LOW (remove filter)' }),
      ).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Offline' })).toHaveAttribute('aria-pressed', 'true');
      expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
        'href',
        '/api/migrations/mig-1/devices.csv?errorCode=CREDENTIAL_PROMPT_TIMEOUT%2CDATA_TRANSFER_FAILED&alert=DISK_SPACE_LOW&online=false',
      );
    });

    it('an error code link shows only those devices; its chip removes the filter again', async () => {
      renderDevicesView({ devices: linked, search: '?errorCode=DATA_TRANSFER_FAILED' });
      expect(await screen.findByRole('checkbox', { name: 'Select PC-XFER' })).toBeInTheDocument();
      expect(screen.queryByRole('checkbox', { name: 'Select PC-CRED' })).not.toBeInTheDocument();
      await userEvent.click(
        screen.getByRole('button', { name: 'Error DATA_TRANSFER_FAILED (remove filter)' }),
      );
      expect(await screen.findByRole('checkbox', { name: 'Select PC-CRED' })).toBeInTheDocument();
      expect(currentUrl().searchParams.get('errorCode')).toBeNull();
      expect(lastListQuery().get('errorCode')).toBeNull();
    });

    it('ignores values that are not codes, and "Clear filters" clears these too', async () => {
      renderDevicesView({ devices: linked, search: '?errorCode=x%3Dy,DISK_FULL&alert=<b>&online=maybe' });
      expect(await screen.findByText('No devices match these filters')).toBeInTheDocument();
      expect(lastListQuery().get('errorCode')).toBe('DISK_FULL');
      expect(lastListQuery().get('alert')).toBeNull();
      expect(lastListQuery().get('online')).toBeNull();
      await userEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]);
      await waitFor(() => expect(currentUrl().search).toBe(''));
    });
  });
});
