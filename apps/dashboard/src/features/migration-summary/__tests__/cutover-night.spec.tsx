import { act, render, screen, within } from '@testing-library/react';
import { mockApi, type MockApi } from '../../../testing/mock-api';
import { renderWithProviders } from '../../../testing/render';
import { Countdown, formatClock, formatSpokenDuration } from '../components/countdown';
import { CutoverNightView } from '../components/cutover-night-view';
import { makeSummary, MIGRATION_ID, SUMMARY_PATH, testDevicesHref } from './summary-test-utils';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const CUTOVER = '2025-11-25T22:00:00.000Z';
const C = Date.parse(CUTOVER);

describe('countdown formatting', () => {
  it.each([
    [2 * HOUR + 14 * MINUTE + 5 * SECOND, '02:14:05'],
    [5 * SECOND + 999, '00:00:05'],
    [0, '00:00:00'],
    [-(3 * MINUTE + 12 * SECOND), '00:03:12'],
    [2 * 24 * HOUR + 3 * HOUR + 4 * MINUTE, '2 d 03:04:00'],
  ])('%d ms shows "%s"', (ms, text) => expect(formatClock(ms)).toBe(text));

  it.each([
    [30 * SECOND, 'less than a minute'],
    [MINUTE, '1 minute'],
    [14 * MINUTE + 59 * SECOND, '14 minutes'],
    [HOUR, '1 hour'],
    [HOUR + MINUTE, '1 hour 1 minute'],
    [2 * HOUR + 14 * MINUTE, '2 hours 14 minutes'],
    [24 * HOUR + 30 * MINUTE, '1 day'],
    [2 * 24 * HOUR + 3 * HOUR, '2 days 3 hours'],
  ])('%d ms is spoken as "%s" (singular and plural)', (ms, text) =>
    expect(formatSpokenDuration(ms)).toBe(text),
  );
});

describe('Countdown', () => {
  it('ticks visibly but not aloud: a timer with aria-live="off" and a minute-precision sentence', () => {
    render(
      <Countdown
        id="c"
        target={CUTOVER}
        now={C - (2 * HOUR + 14 * MINUTE + 5 * SECOND)}
        before="Cutover in"
        after="Cutover was"
      />,
    );
    const timer = screen.getByRole('timer');
    expect(timer).toHaveAttribute('aria-live', 'off');
    expect(within(timer).getByText('02:14:05')).toHaveAttribute('aria-hidden', 'true');
    expect(timer).toHaveTextContent(/Cutover in 2 hours 14 minutes, at .+\./);
  });

  it('after the target it counts up, "ago"', () => {
    render(
      <Countdown
        id="c"
        target={CUTOVER}
        now={C + 3 * MINUTE + 12 * SECOND}
        before="Cutover in"
        after="Cutover was"
      />,
    );
    expect(screen.getByText('Cutover was')).toBeInTheDocument();
    expect(screen.getByRole('timer')).toHaveTextContent(/00:03:12 ago/);
    expect(screen.getByRole('timer')).toHaveTextContent(/Cutover was 3 minutes ago/);
  });
});

describe('Cutover night', () => {
  let api: MockApi;
  beforeEach(() => {
    api = mockApi();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  function renderView(migration: { cutoverAt?: string; onlineDevices?: number } = {}) {
    return renderWithProviders(
      <CutoverNightView
        migration={{ id: MIGRATION_ID, cutoverAt: CUTOVER, ...migration }}
        devicesHref={testDevicesHref}
      />,
    );
  }

  it('D7: counts down to C and to the switch at C + 10 min every second, from an injected clock', async () => {
    jest.useFakeTimers({ now: C - 5 * SECOND });
    api.on('GET', SUMMARY_PATH, makeSummary({ switch: { done: 0, inProgress: 0, queued: 0, etaAt: null } }));
    renderView();
    await screen.findByRole('heading', { name: 'Readiness checklist' });
    const [cutover, switchTimer] = screen.getAllByRole('timer');
    expect(cutover).toHaveTextContent('00:00:05');
    expect(switchTimer).toHaveTextContent('00:10:05');
    expect(switchTimer).toHaveTextContent(/Switch starts in 10 minutes/);
    act(() => jest.advanceTimersByTime(SECOND));
    expect(cutover).toHaveTextContent('00:00:04');
    expect(switchTimer).toHaveTextContent('00:10:04');
    act(() => jest.advanceTimersByTime(6 * SECOND));
    expect(cutover).toHaveTextContent('00:00:02 ago');
    expect(cutover).toHaveTextContent(/Cutover was less than a minute ago/);
    expect(switchTimer).toHaveTextContent('00:09:58');
  });

  it('refreshes the summary every 5 seconds', async () => {
    jest.useFakeTimers({ now: C + 20 * MINUTE });
    let done = 10;
    api.on('GET', SUMMARY_PATH, () =>
      makeSummary({ switch: { done, inProgress: 2, queued: 5, etaAt: null } }),
    );
    renderView();
    expect(await screen.findByRole('link', { name: '10 devices switched' })).toBeInTheDocument();
    done = 12;
    await act(async () => {
      await jest.advanceTimersByTimeAsync(5 * SECOND);
    });
    expect(await screen.findByRole('link', { name: '12 devices switched' })).toBeInTheDocument();
    expect(api.calls('GET', SUMMARY_PATH).length).toBeGreaterThanOrEqual(2);
  });

  it('D3, D13: the readiness checklist counts each alert, offline, never seen and manual retries, linked to the Devices tab', async () => {
    api.on(
      'GET',
      SUMMARY_PATH,
      makeSummary({
        alertsByCode: [
          { code: 'DISK_SPACE_LOW', count: 3 },
          { code: 'MAILBOX_UNKNOWN', count: 1 },
          { code: 'SERVICE_UNREACHABLE', count: 2 },
        ],
        offline: 4,
        neverSeen: 2,
        manualRetryRequired: 1,
      }),
    );
    renderView();
    const checklist = (await screen.findByRole('heading', { name: 'Readiness checklist' })).closest(
      'section',
    )!;
    const href = (name: string) => within(checklist).getByRole('link', { name }).getAttribute('href');
    expect(href('3 devices with low disk space')).toBe('/migrations/mig-1/devices?alert=DISK_SPACE_LOW');
    expect(href('1 device with no known Office 365 mailbox')).toBe(
      '/migrations/mig-1/devices?alert=MAILBOX_UNKNOWN',
    );
    expect(href('2 devices whose agent service cannot reach Cutover')).toBe(
      '/migrations/mig-1/devices?alert=SERVICE_UNREACHABLE',
    );
    // offline excludes never seen, but the Devices tab's online=false lists both: the links say "offline devices"
    const offlineLinks = within(checklist).getAllByRole('link', { name: 'Show offline devices' });
    expect(offlineLinks.map((l) => l.getAttribute('href'))).toEqual([
      '/migrations/mig-1/devices?online=false',
      '/migrations/mig-1/devices?online=false',
    ]);
    expect(within(checklist).getByText('Offline now').closest('li')).toHaveTextContent('4 devices');
    expect(within(checklist).getByText('Never seen').closest('li')).toHaveTextContent('2 devices');
    expect(href('Show devices whose profile creation failed')).toBe(
      '/migrations/mig-1/devices?status=profile_failed',
    );
    expect(href('How to fix: Low disk space')).toBe('/troubleshooting/DISK_SPACE_LOW');
    // always listed, ticked when clear
    const outdated = within(checklist).getByText('Outlook needs an update').closest('li')!;
    expect(outdated).toHaveTextContent('None');
    expect(within(outdated).queryByRole('link')).not.toBeInTheDocument();
    expect(within(checklist).queryByText('Outlook version not supported')).not.toBeInTheDocument();
    expect(checklist).toHaveTextContent('6 items to check before cutover');
  });

  it('says all clear with one item, and pluralises "1 item"', async () => {
    api.on(
      'GET',
      SUMMARY_PATH,
      makeSummary({
        alertsByCode: [{ code: 'OUTLOOK_OUTDATED', count: 1 }],
        offline: 0,
        neverSeen: 0,
        manualRetryRequired: 0,
      }),
    );
    renderView();
    const checklist = (await screen.findByRole('heading', { name: 'Readiness checklist' })).closest(
      'section',
    )!;
    expect(checklist).toHaveTextContent('1 item to check before cutover');
    expect(
      within(checklist).getByRole('link', { name: '1 device whose Outlook needs an update' }),
    ).toBeInTheDocument();
  });

  it('D11: the switch shows done, in progress, queued for bandwidth and the ETA, each count linked to its status', async () => {
    jest.useFakeTimers({ now: C + 30 * MINUTE });
    const etaAt = new Date(C + 72 * MINUTE).toISOString();
    api.on(
      'GET',
      SUMMARY_PATH,
      makeSummary({ byStatus: { switch_failed: 1 }, switch: { done: 30, inProgress: 1, queued: 12, etaAt } }),
    );
    renderView({ onlineDevices: 44 });
    const card = (await screen.findByRole('heading', { name: 'Switch to the new profile' })).closest(
      'section',
    )!;
    const href = (name: string) => within(card).getByRole('link', { name }).getAttribute('href');
    expect(href('30 devices switched')).toBe('/migrations/mig-1/devices?status=completed');
    expect(href('1 device switching now')).toBe('/migrations/mig-1/devices?status=switching');
    expect(href('12 devices queued for bandwidth')).toBe(
      '/migrations/mig-1/devices?status=queued_for_bandwidth',
    );
    expect(href('1 device whose switch failed')).toBe('/migrations/mig-1/devices?status=switch_failed');
    expect(within(card).getByRole('progressbar', { name: 'Devices switched' })).toHaveAttribute(
      'aria-valuenow',
      '63',
    );
    expect(card).toHaveTextContent('30 devices of 48 switched.');
    expect(within(card).getByText('Estimated finish').nextSibling).toHaveTextContent('(in 42 min)');
    expect(screen.getByText('Online now').parentElement).toHaveTextContent('44of 48 devices');
  });

  it('before C + 10 min the switch says when it starts and has no ETA', async () => {
    jest.useFakeTimers({ now: C - HOUR });
    api.on(
      'GET',
      SUMMARY_PATH,
      makeSummary({
        byStatus: { profile_ready: 1 },
        switch: { done: 0, inProgress: 0, queued: 0, etaAt: null },
      }),
    );
    renderView();
    const card = (await screen.findByRole('heading', { name: 'Switch to the new profile' })).closest(
      'section',
    )!;
    expect(card).toHaveTextContent(
      /Starts at .+, 10 minutes after cutover \(D7\); 1 device with the profile ready\./,
    );
    expect(card).toHaveTextContent('After the switch starts');
  });

  it('says so when the summary cannot be loaded, and keeps the countdowns', async () => {
    api.on('GET', SUMMARY_PATH, {
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'Migration not found.' } },
    });
    renderView();
    expect(await screen.findByRole('alert')).toHaveTextContent('The summary could not be loaded');
    expect(screen.getAllByRole('timer')).toHaveLength(2);
  });
});
