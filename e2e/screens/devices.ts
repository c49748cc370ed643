/**
 * The migration's Overview and Devices tab (issue 5): the failed profile creations, then Actions → Retry profile
 * creation with its preview (D16, D17) before confirming, the agents' next polls (D5) and the rows' new status.
 */
import type { Page } from 'playwright-core';
import { checkAccessibility } from '../axe';
import { check, createProfileOf, log, screenshot, type ScreenContext } from '../harness';
import { HEALTHY } from '../seed';

/** The Actions panel of the Devices tab and its preview region. */
export function actionsPanel(page: Page) {
  const panel = page.getByRole('dialog', { name: 'Device actions' });
  return { panel, preview: panel.getByRole('region', { name: 'Preview' }) };
}

async function rowStatus(page: Page, hostname: string): Promise<string> {
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('checkbox', { name: `Select ${hostname}` }) });
  return (await row.locator('td').nth(3).innerText()).trim();
}

/** Opens the migration (its Overview), then its Devices tab with the three failed profile creations. */
export async function devicesTab({ page, audits, failing }: ScreenContext): Promise<void> {
  log('opening the migration: its Overview, then its Devices tab');
  await page.getByRole('link', { name: 'Contoso Ltd' }).click();
  await page.getByRole('heading', { name: 'Contoso Ltd', level: 1 }).waitFor();
  await page.getByRole('heading', { name: 'Readiness alerts' }).waitFor();
  await checkAccessibility(page, 'overview', audits);
  await page.getByRole('tab', { name: 'Devices' }).click();
  for (const agent of failing)
    await page.getByRole('checkbox', { name: `Select ${agent.hostname}` }).waitFor();
  await page.getByText('Sign-in prompt not answered').waitFor();
  check(
    (await page.getByRole('link', { name: 'Troubleshoot' }).count()) >= failing.length,
    'each error has a Troubleshoot link',
  );
  await screenshot(
    page,
    '01-devices-tab-with-errors.png',
    'the Devices tab with three failed profile creations',
  );
  await checkAccessibility(page, 'devices', audits);
}

/** Retries the failed devices (and one whose profile is created) from the Actions panel, as far as profile ready. */
export async function retryFailedDevices({ page, agents, audits, failing }: ScreenContext): Promise<void> {
  log('selecting the failed devices and one whose profile is created, and opening Actions');
  const created = HEALTHY[0].hostname;
  for (const hostname of [...failing.map((a) => a.hostname), created])
    await page.getByRole('checkbox', { name: `Select ${hostname}` }).check();
  await page.getByText(`${failing.length + 1} devices selected.`).waitFor();
  await checkAccessibility(page, 'devices with a selection', audits);
  await page.getByRole('button', { name: 'Actions', exact: true }).click();
  const { panel, preview } = actionsPanel(page);
  await panel.getByRole('button', { name: 'Retry profile creation', exact: true }).click();

  log('the preview says what will happen before anything is confirmed (D16, D17)');
  // the failed agents polled a moment ago (online, no long poll held): within one poll interval (D2: 2 minutes)
  const expected = `Retry ${failing.length} devices · 1 skipped: profile already created (1) · ${failing.length} expected within 2 minutes`;
  await preview.getByText(expected, { exact: true }).waitFor();
  check(
    (await preview.getAttribute('aria-live')) === 'polite',
    'the preview region is announced politely (aria-live)',
  );
  const skipGroup = preview.getByRole('button', { name: /Profile already created/ });
  await skipGroup.click();
  check((await skipGroup.getAttribute('aria-expanded')) === 'true', 'the skip reason opens');
  await preview.getByText(created, { exact: true }).waitFor();
  const confirm = panel.getByRole('button', { name: `Retry ${failing.length} devices` });
  check(await confirm.isEnabled(), 'the confirm button is enabled once the preview has loaded');
  await screenshot(
    page,
    '02-action-panel.png',
    'the Devices Action panel: the preview (3 to retry, 1 skipped: profile already created, pickup) before confirming',
  );
  await checkAccessibility(page, 'actions panel with its preview', audits);
  // D16: a preview queues nothing
  const early = await agents.pollClient(failing[0]);
  check(early.commands.length === 0, `the preview queued a command: ${JSON.stringify(early.commands)}`);

  await confirm.click();
  await panel.getByText(`Retry queued for ${failing.length} devices`).waitFor();
  const skipped = panel.getByRole('region', { name: 'Skipped devices' });
  await skipped.getByText('1 device skipped').waitFor();
  await skipped.getByText(created, { exact: true }).waitFor();
  await screenshot(
    page,
    '03-retry-queued.png',
    `the result: "Retry queued for ${failing.length} devices", ${created} skipped`,
  );
  await panel.getByRole('button', { name: 'Done' }).click();

  log("the agents' next polls receive CREATE_PROFILE (D5)");
  const commandIds = new Map<string, string>();
  for (const agent of failing)
    commandIds.set(agent.hostname, createProfileOf(await agents.pollClient(agent), agent.hostname));

  log('the rows change status on their own (live refresh, no reload)');
  for (const agent of failing) {
    await page
      .getByRole('row')
      .filter({ has: page.getByRole('checkbox', { name: `Select ${agent.hostname}` }) })
      .getByText('Creating profile')
      .waitFor();
  }

  log('the agents succeed; after a reload the rows show the profile ready');
  for (const agent of failing)
    await agents.result(agent, commandIds.get(agent.hostname)!, { status: 'succeeded' });
  await page.reload();
  for (const agent of failing) {
    await page.getByRole('checkbox', { name: `Select ${agent.hostname}` }).waitFor();
    const status = await rowStatus(page, agent.hostname);
    check(
      status.includes('Profile ready'),
      `${agent.hostname} should show "Profile ready" after the retry, shows "${status}"`,
    );
  }
  await screenshot(
    page,
    '04-after-retry.png',
    'the Devices tab after the agents picked up the retry: profiles ready',
  );
}
