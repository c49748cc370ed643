import type { BulkActionResponse, Device } from '@cutover/domain';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeDevice, makeFailedDevice } from '../../../testing/factories';
import { mockApi, type MockApi } from '../../../testing/mock-api';
import { DEVICES_PATH, MIGRATION_ID, renderDevicesView, serveDevices } from './devices-test-utils';

const ACTIONS_PATH = `/migrations/${MIGRATION_ID}/devices/actions`;

let api: MockApi;
let devices: Device[];
beforeEach(() => {
  devices = [
    makeFailedDevice({ hostname: 'PC-0001' }),
    makeFailedDevice({ hostname: 'PC-0002' }),
    makeDevice({ hostname: 'PC-0003', status: 'profile_ready' }),
  ];
  api = mockApi();
  serveDevices(api, () => devices, { total: 250 });
});

const box = (hostname: string) => screen.getByRole('checkbox', { name: `Select ${hostname}` });

async function openPanel(...hostnames: string[]) {
  await screen.findByRole('checkbox', { name: `Select ${hostnames[0]}` });
  for (const h of hostnames) await userEvent.click(box(h));
  await userEvent.click(screen.getByRole('button', { name: 'Actions' }));
  return screen.getByRole('dialog', { name: 'Device actions' });
}

describe('Devices Action panel', () => {
  it('D5: retry by ids — confirm with the count, then the result with the skipped devices and why', async () => {
    const reply: BulkActionResponse = {
      affected: 2,
      skipped: [{ deviceId: devices[2].id, reason: 'profile_already_created' }],
    };
    api.on('POST', ACTIONS_PATH, { status: 202, body: reply });
    const onActionDone = jest.fn();
    renderDevicesView({ devices, onActionDone });

    const panel = await openPanel('PC-0001', 'PC-0002', 'PC-0003');
    expect(within(panel).getByText('3 devices selected')).toBeInTheDocument();
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry profile creation' }));

    // confirm step: the count and the devices
    expect(within(panel).getByText('3 devices')).toBeInTheDocument();
    expect(within(panel).getByText('PC-0002')).toBeInTheDocument();
    expect(api.calls('POST', ACTIONS_PATH)).toHaveLength(0);
    const listCalls = api.calls('GET', DEVICES_PATH).length;
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry 3 devices' }));

    expect(await within(panel).findByText('Retry queued for 2 devices')).toBeInTheDocument();
    expect(api.lastCall('POST', ACTIONS_PATH).body).toEqual({
      action: 'retry-profile-creation',
      deviceIds: [devices[0].id, devices[1].id, devices[2].id],
    });
    const skipped = within(panel).getByRole('region', { name: 'Skipped devices' });
    expect(within(skipped).getByText('1 device skipped')).toBeInTheDocument();
    expect(within(skipped).getByText('Profile already created')).toBeInTheDocument();
    expect(within(skipped).getByText('PC-0003')).toBeInTheDocument();

    // the list is refetched at once (the new statuses show); Done closes the panel and clears the selection
    await waitFor(() => expect(api.calls('GET', DEVICES_PATH).length).toBeGreaterThan(listCalls));
    await userEvent.click(within(panel).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(box('PC-0001')).not.toBeChecked();
    expect(onActionDone).toHaveBeenCalledWith(reply);
  });

  it('D5: "select all matching" sends the list filter, not ids', async () => {
    api.on('POST', ACTIONS_PATH, { status: 202, body: { affected: 250, skipped: [] } });
    renderDevicesView({ devices, search: '?status=profile_failed&hasError=true' });
    await screen.findByRole('checkbox', { name: 'Select PC-0001' });
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select all' }));
    await userEvent.click(screen.getByRole('button', { name: 'Select all 250 matching devices' }));
    await userEvent.click(screen.getByRole('button', { name: 'Actions' }));
    const panel = screen.getByRole('dialog', { name: 'Device actions' });
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry profile creation' }));
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry 250 devices' }));
    expect(await within(panel).findByText('Retry queued for 250 devices')).toBeInTheDocument();
    expect(api.lastCall('POST', ACTIONS_PATH).body).toEqual({
      action: 'retry-profile-creation',
      filter: { status: ['profile_failed'], hasError: true },
    });
  });

  it('says when nothing was queued', async () => {
    api.on('POST', ACTIONS_PATH, {
      status: 202,
      body: { affected: 0, skipped: [{ deviceId: devices[0].id, reason: 'retry_already_queued' }] },
    });
    renderDevicesView({ devices });
    const panel = await openPanel('PC-0001');
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry profile creation' }));
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry 1 device' }));
    expect(await within(panel).findByText('No retry was queued')).toBeInTheDocument();
    expect(within(panel).getByText('A retry is already queued')).toBeInTheDocument();
  });

  it('shows the API error and keeps the selection to try again', async () => {
    api.on('POST', ACTIONS_PATH, {
      status: 400,
      body: {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'The request is not valid. Correct the fields listed in details and send it again.',
          details: [],
        },
      },
    });
    renderDevicesView({ devices });
    const panel = await openPanel('PC-0001');
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry profile creation' }));
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry 1 device' }));
    expect(await within(panel).findByRole('alert')).toHaveTextContent('The request is not valid');
    expect(within(panel).getByRole('button', { name: 'Retry 1 device' })).toBeEnabled();
  });

  it('keyboard: focus moves into the panel, Tab stays inside, Escape closes it and focus returns to Actions', async () => {
    renderDevicesView({ devices });
    await screen.findByRole('checkbox', { name: 'Select PC-0001' });
    await userEvent.click(box('PC-0001'));
    const actions = screen.getByRole('button', { name: 'Actions' });
    actions.focus();
    await userEvent.keyboard('{Enter}');
    const panel = screen.getByRole('dialog', { name: 'Device actions' });
    expect(panel).toHaveAttribute('aria-modal', 'true');
    expect(within(panel).getByRole('button', { name: 'Retry profile creation' })).toHaveFocus();
    for (let i = 0; i < 6; i++) {
      await userEvent.tab();
      expect(panel).toContainElement(document.activeElement as HTMLElement);
    }
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(actions).toHaveFocus();
    expect(box('PC-0001')).toBeChecked();
  });

  it('Back returns from the confirmation without sending anything', async () => {
    renderDevicesView({ devices });
    const panel = await openPanel('PC-0001');
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry profile creation' }));
    await userEvent.click(within(panel).getByRole('button', { name: 'Back' }));
    expect(within(panel).getByRole('button', { name: 'Retry profile creation' })).toBeInTheDocument();
    expect(api.calls('POST', ACTIONS_PATH)).toHaveLength(0);
  });
});
