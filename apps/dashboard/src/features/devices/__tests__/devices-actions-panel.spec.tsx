import type { BulkActionRequest, BulkActionResponse, BulkPreviewResponse, Device } from '@cutover/domain';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { formatNumber } from '../../../lib/format';
import { makeDevice, makeFailedDevice } from '../../../testing/factories';
import { mockApi, type MockApi, type RecordedRequest } from '../../../testing/mock-api';
import { DEVICES_PATH, MIGRATION_ID, renderDevicesView, serveDevices } from './devices-test-utils';

const ACTIONS_PATH = `/migrations/${MIGRATION_ID}/devices/actions`;
const PREVIEW_PATH = `/migrations/${MIGRATION_ID}/devices/actions/preview`;

let api: MockApi;
let devices: Device[];

/** What the API would preview for these three devices: D5 skips a created profile, D14 anything but switch_failed. */
function previewOf(request: BulkActionRequest): BulkPreviewResponse {
  const ids = request.deviceIds;
  const selected = ids ? devices.filter((d) => ids.includes(d.id)) : devices;
  const reason = request.action === 'retry-switch' ? 'switch_not_failed' : 'profile_already_created';
  const skipped = selected.filter((d) =>
    request.action === 'retry-switch' ? d.status !== 'switch_failed' : d.status === 'profile_ready',
  );
  const eligible = selected.length - skipped.length;
  return {
    action: request.action,
    eligible,
    skipped:
      skipped.length === 0
        ? []
        : [
            {
              reason,
              count: skipped.length,
              sample: skipped.map((d) => ({ deviceId: d.id, hostname: d.hostname })),
            },
          ],
    pickup: { now: 0, withinPollInterval: eligible, whenOnline: 0 },
  };
}

beforeEach(() => {
  devices = [
    makeFailedDevice({ hostname: 'PC-0001' }),
    makeFailedDevice({ hostname: 'PC-0002' }),
    makeDevice({ hostname: 'PC-0003', status: 'profile_ready' }),
  ];
  api = mockApi();
  serveDevices(api, () => devices, { total: 250 });
  api.on('POST', PREVIEW_PATH, (request: RecordedRequest) => previewOf(request.body as BulkActionRequest));
});

const box = (hostname: string) => screen.getByRole('checkbox', { name: `Select ${hostname}` });

async function openPanel(...hostnames: string[]) {
  await screen.findByRole('checkbox', { name: `Select ${hostnames[0]}` });
  for (const h of hostnames) await userEvent.click(box(h));
  await userEvent.click(screen.getByRole('button', { name: 'Actions' }));
  return screen.getByRole('dialog', { name: 'Device actions' });
}

/** Opens the panel on these devices, picks the action, and waits for its preview. */
async function previewFor(actionName: string, ...hostnames: string[]) {
  const panel = await openPanel(...hostnames);
  await userEvent.click(within(panel).getByRole('button', { name: actionName }));
  const preview = within(panel).getByRole('region', { name: 'Preview' });
  await waitFor(() => expect(preview).toHaveAttribute('aria-busy', 'false'));
  return { panel, preview };
}

/** Holds every preview reply until `release` is called (the list and the action answer at once). */
function holdPreviews() {
  const answer = api.fetch.getMockImplementation()!;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  api.fetch.mockImplementation(async (input, init) => {
    if (String(input).includes('/actions/preview')) await gate;
    return answer(input, init);
  });
  return () => release();
}

describe('Devices Action panel', () => {
  it('D5: retry by ids — preview, confirm with the eligible count, then the result with the skipped devices and why', async () => {
    const reply: BulkActionResponse & { activityId: string } = {
      affected: 2,
      skipped: [{ deviceId: devices[2].id, reason: 'profile_already_created' }],
      activityId: 'a1b2c3d4-0000-4000-8000-000000000001',
    };
    api.on('POST', ACTIONS_PATH, { status: 202, body: reply });
    const onActionDone = jest.fn();
    renderDevicesView({ devices, onActionDone });

    const panel = await openPanel('PC-0001', 'PC-0002', 'PC-0003');
    expect(within(panel).getByText('3 devices selected')).toBeInTheDocument();
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry profile creation' }));

    // the preview first: what will happen, with nothing sent to the action yet
    const preview = within(panel).getByRole('region', { name: 'Preview' });
    expect(
      await within(preview).findByText(
        'Retry 2 devices · 1 skipped: profile already created (1) · 2 expected within 2 minutes',
      ),
    ).toBeInTheDocument();
    expect(within(panel).getByText('PC-0002')).toBeInTheDocument();
    expect(api.calls('POST', ACTIONS_PATH)).toHaveLength(0);
    const listCalls = api.calls('GET', DEVICES_PATH).length;
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry 2 devices' }));

    expect(await within(panel).findByText('Retry queued for 2 devices')).toBeInTheDocument();
    const body = {
      action: 'retry-profile-creation',
      deviceIds: [devices[0].id, devices[1].id, devices[2].id],
    };
    expect(api.lastCall('POST', PREVIEW_PATH).body).toEqual(body);
    expect(api.lastCall('POST', ACTIONS_PATH).body).toEqual(body);
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

  it('D5: "select all matching" sends the list filter, not ids, to the preview and to the action', async () => {
    api.on('POST', PREVIEW_PATH, {
      action: 'retry-profile-creation',
      eligible: 250,
      skipped: [],
      pickup: { now: 0, withinPollInterval: 250, whenOnline: 0 },
    } satisfies BulkPreviewResponse);
    api.on('POST', ACTIONS_PATH, { status: 202, body: { affected: 250, skipped: [] } });
    renderDevicesView({ devices, search: '?status=profile_failed&hasError=true' });
    await screen.findByRole('checkbox', { name: 'Select PC-0001' });
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select all' }));
    await userEvent.click(screen.getByRole('button', { name: 'Select all 250 matching devices' }));
    await userEvent.click(screen.getByRole('button', { name: 'Actions' }));
    const panel = screen.getByRole('dialog', { name: 'Device actions' });
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry profile creation' }));
    await userEvent.click(await within(panel).findByRole('button', { name: 'Retry 250 devices' }));
    expect(await within(panel).findByText('Retry queued for 250 devices')).toBeInTheDocument();
    const body = { action: 'retry-profile-creation', filter: { status: ['profile_failed'], hasError: true } };
    expect(api.lastCall('POST', PREVIEW_PATH).body).toEqual(body);
    expect(api.lastCall('POST', ACTIONS_PATH).body).toEqual(body);
  });

  it('D16, D17: the preview counts the affected and the skipped by reason, and says when they pick it up', async () => {
    const sample = Array.from({ length: 10 }, (_, i) => ({ deviceId: `d-${i}`, hostname: `PC-DONE-${i}` }));
    api.on('POST', PREVIEW_PATH, {
      action: 'retry-profile-creation',
      eligible: 1204,
      skipped: [
        { reason: 'profile_already_created', count: 35, sample },
        {
          reason: 'retry_already_queued',
          count: 2,
          sample: [
            { deviceId: 'q-1', hostname: 'PC-QUEUED-1' },
            { deviceId: 'q-2', hostname: 'PC-QUEUED-2' },
          ],
        },
      ],
      pickup: { now: 0, withinPollInterval: 1100, whenOnline: 104 },
    } satisfies BulkPreviewResponse);
    renderDevicesView({ devices });
    const { preview } = await previewFor('Retry profile creation', 'PC-0001');

    expect(preview).toHaveAttribute('aria-live', 'polite');
    expect(preview).toHaveTextContent(
      `Retry ${formatNumber(1204)} devices · 37 skipped: profile already created (35), a retry is already queued (2)` +
        ` · ${formatNumber(1100)} expected within 2 minutes, 104 when they come online`,
    );
    expect(screen.getByRole('button', { name: `Retry ${formatNumber(1204)} devices` })).toBeEnabled();
  });

  it.each([
    {
      title: 'one of each, "now" first, with the migration poll interval',
      reply: {
        eligible: 2,
        skipped: [{ reason: 'retry_already_queued' as const, count: 1, sample: [] }],
        pickup: { now: 1, withinPollInterval: 0, whenOnline: 1 },
      },
      pollIntervalSeconds: 300,
      text: 'Retry 2 devices · 1 skipped: a retry is already queued (1) · 1 expected now (holding a connection), 1 when it comes online',
      button: 'Retry 2 devices',
    },
    {
      title: 'a single device, nothing skipped',
      reply: { eligible: 1, skipped: [], pickup: { now: 0, withinPollInterval: 1, whenOnline: 0 } },
      pollIntervalSeconds: 300,
      text: 'Retry 1 device · 1 expected within 5 minutes',
      button: 'Retry 1 device',
    },
    {
      title: 'a poll interval of one minute',
      reply: { eligible: 3, skipped: [], pickup: { now: 0, withinPollInterval: 3, whenOnline: 0 } },
      pollIntervalSeconds: 60,
      text: 'Retry 3 devices · 3 expected within 1 minute',
      button: 'Retry 3 devices',
    },
  ])('D16: pluralises the preview: $title', async ({ reply, pollIntervalSeconds, text, button }) => {
    api.on('POST', PREVIEW_PATH, {
      action: 'retry-profile-creation',
      ...reply,
    } satisfies BulkPreviewResponse);
    renderDevicesView({ devices, pollIntervalSeconds });
    const { panel, preview } = await previewFor('Retry profile creation', 'PC-0001');
    expect(preview).toHaveTextContent(text);
    expect(within(preview).getByText(text)).toBeInTheDocument();
    expect(within(panel).getByRole('button', { name: button })).toBeEnabled();
  });

  it('D16: each skip reason opens to its devices (10 named, then "and N more"), by mouse and by keyboard', async () => {
    const sample = Array.from({ length: 10 }, (_, i) => ({ deviceId: `d-${i}`, hostname: `PC-DONE-${i}` }));
    api.on('POST', PREVIEW_PATH, {
      action: 'retry-profile-creation',
      eligible: 1,
      skipped: [
        { reason: 'profile_already_created', count: 35, sample },
        { reason: 'not_found', count: 1, sample: [{ deviceId: 'gone-1', hostname: null }] },
      ],
      pickup: { now: 0, withinPollInterval: 1, whenOnline: 0 },
    } satisfies BulkPreviewResponse);
    renderDevicesView({ devices });
    const { preview } = await previewFor('Retry profile creation', 'PC-0001');

    const created = within(preview).getByRole('button', { name: /Profile already created/ });
    expect(created).toHaveAttribute('aria-expanded', 'false');
    expect(within(preview).getByText('PC-DONE-0')).not.toBeVisible();
    await userEvent.click(created);
    expect(created).toHaveAttribute('aria-expanded', 'true');
    const list = document.getElementById(created.getAttribute('aria-controls')!)!;
    expect(list).toBeVisible();
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([...sample.map((d) => d.hostname), 'and 25 more']);
    await userEvent.click(created);
    expect(within(preview).getByText('PC-DONE-0')).not.toBeVisible();

    // keyboard: the other reason opens with Enter; an id the migration does not know is named by its id
    const notFound = within(preview).getByRole('button', { name: /Not found in this migration/ });
    notFound.focus();
    await userEvent.keyboard('{Enter}');
    expect(notFound).toHaveAttribute('aria-expanded', 'true');
    const goneList = document.getElementById(notFound.getAttribute('aria-controls')!)!;
    expect(within(goneList).getByText('gone-1')).toBeVisible();
    expect(within(goneList).queryByText(/and \d+ more/)).not.toBeInTheDocument();
  });

  it('D16: at 0 eligible the confirm button is disabled and the preview says there is nothing to do', async () => {
    api.on('POST', ACTIONS_PATH, { status: 202, body: { affected: 0, skipped: [] } });
    api.on('POST', PREVIEW_PATH, {
      action: 'retry-profile-creation',
      eligible: 0,
      skipped: [
        { reason: 'profile_already_created', count: 2, sample: [] },
        { reason: 'retry_already_queued', count: 1, sample: [] },
      ],
      pickup: { now: 0, withinPollInterval: 0, whenOnline: 0 },
    } satisfies BulkPreviewResponse);
    renderDevicesView({ devices });
    const { panel, preview } = await previewFor('Retry profile creation', 'PC-0001', 'PC-0002', 'PC-0003');
    expect(preview).toHaveTextContent(
      'Nothing to do: all 3 selected devices are skipped · 3 skipped: profile already created (2), a retry is already queued (1)',
    );
    expect(preview).not.toHaveTextContent('expected');
    const confirm = within(panel).getByRole('button', { name: 'Retry 0 devices' });
    expect(confirm).toBeDisabled();
    await userEvent.click(confirm);
    expect(api.calls('POST', ACTIONS_PATH)).toHaveLength(0);
  });

  it('D16: the confirm button waits for the preview', async () => {
    const release = holdPreviews();
    renderDevicesView({ devices });
    const panel = await openPanel('PC-0001', 'PC-0002');
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry profile creation' }));
    const preview = within(panel).getByRole('region', { name: 'Preview' });
    expect(preview).toHaveAttribute('aria-busy', 'true');
    expect(preview).toHaveTextContent('Checking which of the selected devices this applies to');
    expect(within(panel).getByRole('button', { name: 'Retry 2 devices' })).toBeDisabled();
    release();
    await waitFor(() => expect(within(panel).getByRole('button', { name: 'Retry 2 devices' })).toBeEnabled());
    expect(preview).toHaveTextContent('Retry 2 devices · 2 expected within 2 minutes');
  });

  it('D16: a failed preview says why, keeps confirm disabled, and can be asked again', async () => {
    let fail = true;
    api.on('POST', PREVIEW_PATH, (request: RecordedRequest) =>
      fail
        ? {
            status: 503,
            body: {
              error: { code: 'SERVICE_UNAVAILABLE', message: 'The service is busy. Try again shortly.' },
            },
          }
        : previewOf(request.body as BulkActionRequest),
    );
    renderDevicesView({ devices });
    const { panel, preview } = await previewFor('Retry profile creation', 'PC-0001');
    expect(preview).toHaveTextContent('The preview could not be loaded');
    expect(preview).toHaveTextContent('The service is busy. Try again shortly.');
    expect(within(panel).getByRole('button', { name: 'Retry 1 device' })).toBeDisabled();

    fail = false;
    await userEvent.click(within(preview).getByRole('button', { name: 'Load the preview again' }));
    expect(
      await within(preview).findByText('Retry 1 device · 1 expected within 2 minutes'),
    ).toBeInTheDocument();
    expect(within(panel).getByRole('button', { name: 'Retry 1 device' })).toBeEnabled();
    expect(api.calls('POST', PREVIEW_PATH)).toHaveLength(2);
  });

  it('D14: "Retry switch" sends action retry-switch to the preview and to the action, and the preview follows the choice', async () => {
    devices[1] = makeDevice({ hostname: 'PC-0002', status: 'switch_failed' });
    api.on('POST', ACTIONS_PATH, {
      status: 202,
      body: {
        affected: 1,
        skipped: [
          { deviceId: devices[0].id, reason: 'switch_not_failed' },
          { deviceId: devices[2].id, reason: 'switch_not_failed' },
        ],
      } satisfies BulkActionResponse,
    });
    renderDevicesView({ devices });
    const panel = await openPanel('PC-0001', 'PC-0002', 'PC-0003');
    const ids = [devices[0].id, devices[1].id, devices[2].id];

    // first profile creation, then back and the switch: each choice is previewed with its own body
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry profile creation' }));
    await within(panel).findByText(/^Retry 2 devices · 1 skipped/);
    expect(api.lastCall('POST', PREVIEW_PATH).body).toEqual({
      action: 'retry-profile-creation',
      deviceIds: ids,
    });
    await userEvent.click(within(panel).getByRole('button', { name: 'Back' }));
    expect(within(panel).getByRole('button', { name: 'Retry profile creation' })).toHaveFocus();
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry switch' }));

    const preview = within(panel).getByRole('region', { name: 'Preview' });
    expect(
      await within(preview).findByText(
        'Retry switch on 1 device · 2 skipped: the switch has not failed (2) · 1 expected within 2 minutes',
      ),
    ).toBeInTheDocument();
    expect(api.lastCall('POST', PREVIEW_PATH).body).toEqual({ action: 'retry-switch', deviceIds: ids });
    expect(api.calls('POST', PREVIEW_PATH)).toHaveLength(2);

    await userEvent.click(within(panel).getByRole('button', { name: 'Retry switch on 1 device' }));
    expect(await within(panel).findByText('Switch retry queued for 1 device')).toBeInTheDocument();
    expect(api.lastCall('POST', ACTIONS_PATH).body).toEqual({ action: 'retry-switch', deviceIds: ids });
    const skipped = within(panel).getByRole('region', { name: 'Skipped devices' });
    expect(within(skipped).getByText('The switch has not failed')).toBeInTheDocument();
    expect(within(skipped).getByText('PC-0001')).toBeInTheDocument();
  });

  it('names a skip reason it has no label for in words', async () => {
    api.on('POST', PREVIEW_PATH, {
      action: 'retry-switch',
      eligible: 0,
      skipped: [{ reason: 'device_retired' as never, count: 1, sample: [] }],
      pickup: { now: 0, withinPollInterval: 0, whenOnline: 0 },
    } satisfies BulkPreviewResponse);
    renderDevicesView({ devices });
    const { preview } = await previewFor('Retry switch', 'PC-0001');
    expect(preview).toHaveTextContent(
      'Nothing to do: the selected device is skipped · 1 skipped: device retired (1)',
    );
    expect(within(preview).getByRole('button', { name: /Device retired/ })).toBeInTheDocument();
  });

  it('says when nothing was queued', async () => {
    api.on('POST', ACTIONS_PATH, {
      status: 202,
      body: { affected: 0, skipped: [{ deviceId: devices[0].id, reason: 'retry_already_queued' }] },
    });
    renderDevicesView({ devices });
    const panel = await openPanel('PC-0001');
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry profile creation' }));
    await userEvent.click(await within(panel).findByRole('button', { name: 'Retry 1 device' }));
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
    await userEvent.click(await within(panel).findByRole('button', { name: 'Retry 1 device' }));
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

  it('keyboard: the confirmation lands on the preview, then Tab reaches the skip reasons, Back and confirm', async () => {
    api.on('POST', ACTIONS_PATH, { status: 202, body: { affected: 2, skipped: [] } });
    renderDevicesView({ devices });
    await screen.findByRole('checkbox', { name: 'Select PC-0001' });
    for (const h of ['PC-0001', 'PC-0002', 'PC-0003']) await userEvent.click(box(h));
    screen.getByRole('button', { name: 'Actions' }).focus();
    await userEvent.keyboard('{Enter}');
    const panel = screen.getByRole('dialog', { name: 'Device actions' });
    await userEvent.keyboard('{Enter}'); // Retry profile creation has focus
    const preview = within(panel).getByRole('region', { name: 'Preview' });
    expect(preview).toHaveFocus();
    await within(preview).findByText(/^Retry 2 devices/);
    await userEvent.tab();
    expect(within(preview).getByRole('button', { name: /Profile already created/ })).toHaveFocus();
    await userEvent.tab();
    expect(within(panel).getByRole('button', { name: 'Back' })).toHaveFocus();
    await userEvent.tab();
    expect(within(panel).getByRole('button', { name: 'Retry 2 devices' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(await within(panel).findByText('Retry queued for 2 devices')).toBeInTheDocument();
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
