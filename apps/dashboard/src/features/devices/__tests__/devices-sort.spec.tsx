import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeDevice, makeFailedDevice, makePage } from '../../../testing/factories';
import { mockApi, type MockApi, type RecordedRequest } from '../../../testing/mock-api';
import { currentUrl } from '../../../testing/render';
import { ariaSortOf, nextSort } from '../components/sortable-header';
import { DEVICES_PATH, renderDevicesView, serveDevices } from './devices-test-utils';

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
const devices = [
  makeDevice({ hostname: 'PC-B', status: 'profile_ready', lastSeenAt: minutesAgo(5) }),
  makeFailedDevice({ hostname: 'pc-a', lastSeenAt: minutesAgo(90) }),
  makeDevice({ hostname: 'LAPTOP-C', status: 'completed', lastSeenAt: minutesAgo(1) }),
  makeDevice({ hostname: 'PC-D', status: 'enrolled', lastSeenAt: null, online: false }),
];

let api: MockApi;
beforeEach(() => {
  api = mockApi();
  serveDevices(api, () => devices);
});

const lastListQuery = () => api.lastCall('GET', DEVICES_PATH).query;
const header = (name: RegExp) => screen.getByRole('columnheader', { name });
const sortButton = (name: RegExp) => within(header(name)).getByRole('button');
/** Hostnames in the order the table shows them. */
const shownHostnames = () =>
  screen
    .getAllByRole('checkbox', { name: /^Select (?!all)/ })
    .map((box) => box.getAttribute('aria-label')?.slice(7));

describe('Device list sorting', () => {
  it('Hostname, Status and Online / last seen are buttons in their headers; aria-sort marks hostname by default', async () => {
    renderDevicesView({ devices });
    await screen.findByRole('checkbox', { name: 'Select PC-D' });
    for (const name of [/^Hostname/, /^Status/, /^Online \/ last seen/])
      expect(within(header(name)).getByRole('button')).toBeInTheDocument();
    expect(within(header(/^User/)).queryByRole('button')).not.toBeInTheDocument();
    expect(header(/^Hostname/)).toHaveAttribute('aria-sort', 'ascending');
    expect(header(/^Status/)).not.toHaveAttribute('aria-sort');
    expect(header(/^Online \/ last seen/)).not.toHaveAttribute('aria-sort');
    expect(lastListQuery().get('sort')).toBeNull(); // the API's default
    expect(shownHostnames()).toEqual(['LAPTOP-C', 'pc-a', 'PC-B', 'PC-D']);
  });

  it('a click sorts, a second click on the same column reverses; the URL keeps the sort', async () => {
    renderDevicesView({ devices });
    await screen.findByRole('checkbox', { name: 'Select PC-D' });

    await userEvent.click(sortButton(/^Hostname/));
    await waitFor(() => expect(lastListQuery().get('sort')).toBe('-hostname'));
    expect(currentUrl().searchParams.get('sort')).toBe('-hostname');
    expect(header(/^Hostname/)).toHaveAttribute('aria-sort', 'descending');
    await waitFor(() => expect(shownHostnames()).toEqual(['PC-D', 'PC-B', 'pc-a', 'LAPTOP-C']));

    await userEvent.click(sortButton(/^Online \/ last seen/));
    await waitFor(() => expect(lastListQuery().get('sort')).toBe('lastSeenAt'));
    expect(currentUrl().searchParams.get('sort')).toBe('lastSeenAt');
    expect(header(/^Online \/ last seen/)).toHaveAttribute('aria-sort', 'ascending');
    expect(header(/^Hostname/)).not.toHaveAttribute('aria-sort');
    await waitFor(() => expect(shownHostnames()).toEqual(['PC-D', 'pc-a', 'PC-B', 'LAPTOP-C'])); // never seen first

    await userEvent.click(sortButton(/^Online \/ last seen/));
    await waitFor(() => expect(lastListQuery().get('sort')).toBe('-lastSeenAt'));
    expect(header(/^Online \/ last seen/)).toHaveAttribute('aria-sort', 'descending');
    await waitFor(() => expect(shownHostnames()).toEqual(['LAPTOP-C', 'PC-B', 'pc-a', 'PC-D']));

    await userEvent.click(sortButton(/^Status/));
    await waitFor(() => expect(lastListQuery().get('sort')).toBe('status'));
    expect(header(/^Status/)).toHaveAttribute('aria-sort', 'ascending');
    // status has one direction: another click keeps it
    await userEvent.click(sortButton(/^Status/));
    expect(currentUrl().searchParams.get('sort')).toBe('status');

    // back to the default: hostname leaves the URL
    await userEvent.click(sortButton(/^Hostname/));
    await waitFor(() => expect(lastListQuery().get('sort')).toBeNull());
    expect(currentUrl().searchParams.has('sort')).toBe(false);
    expect(header(/^Hostname/)).toHaveAttribute('aria-sort', 'ascending');
  });

  it('the sort in a shared link drives the first request; an unknown one is ignored', async () => {
    renderDevicesView({ devices, search: '?sort=-lastSeenAt&status=profile_ready,completed' });
    await screen.findByRole('checkbox', { name: 'Select PC-B' });
    expect(api.calls('GET', DEVICES_PATH)[0].query.get('sort')).toBe('-lastSeenAt');
    expect(lastListQuery().get('status')).toBe('profile_ready,completed');
    expect(header(/^Online \/ last seen/)).toHaveAttribute('aria-sort', 'descending');
    expect(shownHostnames()).toEqual(['LAPTOP-C', 'PC-B']);
  });

  it('ignores an unknown sort in the URL (hostname order, nothing sent)', async () => {
    renderDevicesView({ devices, search: '?sort=colour' });
    await screen.findByRole('checkbox', { name: 'Select PC-D' });
    expect(lastListQuery().get('sort')).toBeNull();
    expect(header(/^Hostname/)).toHaveAttribute('aria-sort', 'ascending');
  });

  it('a new sort starts again from the first page (the cursor belongs to the old sort); filters stay', async () => {
    // two pages whatever the order; the cursor names the sort it was made for
    api.on('GET', DEVICES_PATH, (request: RecordedRequest) =>
      makePage(devices.slice(0, 2), {
        total: 4,
        nextCursor: request.query.get('cursor') ? null : `after-${request.query.get('sort') ?? 'hostname'}`,
      }),
    );
    renderDevicesView({ devices, search: '?limit=100&status=profile_ready,completed' });
    await userEvent.click(sortButton(/^Status/));
    await waitFor(() => expect(lastListQuery().get('sort')).toBe('status'));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Next page' })).toBeEnabled());
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(lastListQuery().get('cursor')).toBe('after-status'));
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeEnabled();

    await userEvent.click(sortButton(/^Online \/ last seen/));
    await waitFor(() => expect(lastListQuery().get('sort')).toBe('lastSeenAt'));
    expect(lastListQuery().get('cursor')).toBeNull();
    expect(lastListQuery().get('status')).toBe('profile_ready,completed');
    expect(lastListQuery().get('limit')).toBe('100');
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled();
  });

  it('sorting keeps the ticked devices (the selection is of devices, not of positions)', async () => {
    renderDevicesView({ devices });
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Select PC-B' }));
    await userEvent.click(sortButton(/^Status/));
    await waitFor(() => expect(lastListQuery().get('sort')).toBe('status'));
    expect(screen.getByRole('checkbox', { name: 'Select PC-B' })).toBeChecked();
  });
});

describe('header sort rules', () => {
  it('ascending first, then descending where the column has one; aria-sort follows', () => {
    const hostname = { ascending: 'hostname', descending: '-hostname' } as const;
    const status = { ascending: 'status' } as const;
    expect(nextSort(hostname, 'status')).toBe('hostname');
    expect(nextSort(hostname, 'hostname')).toBe('-hostname');
    expect(nextSort(hostname, '-hostname')).toBe('hostname');
    expect(nextSort(status, 'status')).toBe('status');
    expect(nextSort(status, '-lastSeenAt')).toBe('status');
    expect(ariaSortOf(hostname, '-hostname')).toBe('descending');
    expect(ariaSortOf(hostname, 'hostname')).toBe('ascending');
    expect(ariaSortOf(status, 'hostname')).toBeUndefined();
  });
});
