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
});
