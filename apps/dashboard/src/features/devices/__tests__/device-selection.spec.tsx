import type { Device } from '@cutover/domain';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeDevice, makeFailedDevice } from '../../../testing/factories';
import { mockApi, type MockApi } from '../../../testing/mock-api';
import { DEVICES_PATH, renderDevicesView, serveDevices } from './devices-test-utils';

let api: MockApi;
let devices: Device[];
beforeEach(() => {
  devices = [
    makeFailedDevice({ hostname: 'PC-0001' }),
    makeFailedDevice({ hostname: 'PC-0002' }),
    makeDevice({ hostname: 'PC-0003', status: 'completed' }),
  ];
  api = mockApi();
});

const box = (hostname: string) => screen.getByRole('checkbox', { name: `Select ${hostname}` });

describe('Device selection', () => {
  it('ticking rows selects them and enables Actions', async () => {
    serveDevices(api, () => devices);
    renderDevicesView({ devices });
    await screen.findByRole('checkbox', { name: 'Select PC-0001' });
    expect(screen.getByRole('button', { name: 'Actions' })).toBeDisabled();
    await userEvent.click(box('PC-0001'));
    await userEvent.click(box('PC-0002'));
    expect(box('PC-0001')).toBeChecked();
    expect(box('PC-0003')).not.toBeChecked();
    expect(screen.getByText('2 devices selected.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Actions' })).toBeEnabled();
    await userEvent.click(box('PC-0001'));
    expect(screen.getByText('1 device selected.')).toBeInTheDocument();
  });

  it('"Select all" ticks the page, then the banner offers every matching device', async () => {
    serveDevices(api, () => devices, { total: 1234 });
    renderDevicesView({ devices });
    await screen.findByRole('checkbox', { name: 'Select PC-0001' });
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select all' }));
    expect(box('PC-0001')).toBeChecked();
    expect(box('PC-0003')).toBeChecked();
    expect(screen.getByText('All 3 devices on this page are selected.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Select all 1,234 matching devices' }));
    expect(screen.getByText('All 1,234 matching devices are selected.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Clear selection' }));
    expect(box('PC-0001')).not.toBeChecked();
    expect(screen.queryByRole('region', { name: 'Selection' })).not.toBeInTheDocument();
  });

  it('unticking a row leaves "all matching" for the rest of the page', async () => {
    serveDevices(api, () => devices, { total: 500 });
    renderDevicesView({ devices });
    await screen.findByRole('checkbox', { name: 'Select PC-0001' });
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select all' }));
    await userEvent.click(screen.getByRole('button', { name: /Select all 500 matching devices/ }));
    await userEvent.click(box('PC-0002'));
    expect(screen.getByText('2 devices selected.')).toBeInTheDocument();
    expect(box('PC-0002')).not.toBeChecked();
  });

  it('live refresh: the list refetches every 5 s, rows update and the selection stays', async () => {
    jest.useFakeTimers();
    try {
      const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
      serveDevices(api, () => devices);
      renderDevicesView({ devices });
      await screen.findByRole('checkbox', { name: 'Select PC-0001' });
      await user.click(box('PC-0002'));
      const before = api.calls('GET', DEVICES_PATH).length;

      // the agent picked up the retry: the next refresh shows the new status
      devices = devices.map((d) =>
        d.hostname === 'PC-0002' ? { ...d, status: 'creating_profile', error: null, nextRetryAt: null } : d,
      );
      await act(async () => {
        await jest.advanceTimersByTimeAsync(5_000);
      });
      await waitFor(() => expect(api.calls('GET', DEVICES_PATH).length).toBeGreaterThan(before));
      expect(await screen.findByText('Creating profile')).toBeInTheDocument();
      expect(box('PC-0002')).toBeChecked();
      expect(screen.getByText('1 device selected.')).toBeInTheDocument();
    } finally {
      jest.useRealTimers();
    }
  });

  it('live refresh keeps the scroll position of the table', async () => {
    serveDevices(api, () => devices);
    const { queryClient } = renderDevicesView({ devices });
    await screen.findByRole('checkbox', { name: 'Select PC-0001' });
    const scroller = screen.getByTestId('devices-scroller');
    scroller.scrollTop = 400;
    await act(() => queryClient.refetchQueries());
    expect(screen.getByTestId('devices-scroller')).toBe(scroller); // same element, not remounted
    expect(scroller.scrollTop).toBe(400);
  });

  it('a new filter starts a new selection', async () => {
    serveDevices(api, () => devices);
    renderDevicesView({ devices });
    await screen.findByRole('checkbox', { name: 'Select PC-0001' });
    await userEvent.click(box('PC-0001'));
    await userEvent.click(screen.getByRole('button', { name: /Profile creation failed/ }));
    await waitFor(() =>
      expect(screen.queryByRole('checkbox', { name: 'Select PC-0003' })).not.toBeInTheDocument(),
    );
    expect(box('PC-0001')).not.toBeChecked();
    expect(screen.getByRole('button', { name: 'Actions' })).toBeDisabled();
  });

  it('the selection survives paging, and pages move by cursor', async () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      makeDevice({ hostname: `PC-${String(i + 1).padStart(4, '0')}` }),
    );
    api.on('GET', DEVICES_PATH, (request: { query: URLSearchParams }) => {
      const cursor = request.query.get('cursor');
      return cursor === 'after-50'
        ? { items: many.slice(50), total: 60, nextCursor: null }
        : { items: many.slice(0, 50), total: 60, nextCursor: 'after-50' };
    });
    renderDevicesView({ devices: many });
    await screen.findByRole('checkbox', { name: 'Select PC-0001' });
    expect(screen.getByText('1–50 of 60')).toBeInTheDocument();
    await userEvent.click(box('PC-0001'));
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByRole('checkbox', { name: 'Select PC-0055' });
    expect(api.lastCall('GET', DEVICES_PATH).query.get('cursor')).toBe('after-50');
    expect(screen.getByText('51–60 of 60')).toBeInTheDocument();
    expect(screen.getByText('1 device selected.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    await waitFor(() => expect(box('PC-0001')).toBeChecked());
  });
});
