/**
 * The Morning report (D12): failures by error with 'How to fix' and 'Select these devices', which opens the Devices
 * tab filtered by that error; those devices are then retried from the Actions panel.
 */
import { checkAccessibility } from '../axe';
import { check, createProfileOf, log, screenshot, type ScreenContext } from '../harness';
import { MORNING_FAILING, SELECTED_ERROR } from '../seed';
import { actionsPanel } from './devices';

const selectedHosts = MORNING_FAILING.filter((pc) => pc.errorCode === SELECTED_ERROR).map(
  (pc) => pc.hostname,
);

/** The failures table, then "Select these devices" for SELECTED_ERROR: the Devices tab filtered by it. */
export async function morningReport({ page, audits }: ScreenContext): Promise<void> {
  log("Morning report: failures by error, each with 'How to fix' and 'Select these devices'");
  await page.getByRole('tab', { name: 'Morning report' }).click();
  const failures = page.getByRole('table', { name: 'Failed devices by error code' });
  const expectedFailures = new Map<string, number>();
  for (const pc of MORNING_FAILING)
    expectedFailures.set(pc.errorCode, (expectedFailures.get(pc.errorCode) ?? 0) + 1);
  for (const [code, count] of expectedFailures) {
    const row = failures.getByRole('row').filter({ has: page.getByRole('rowheader', { name: code }) });
    await row.getByRole('link', { name: `How to fix ${code}` }).waitFor();
    const cells = await row.getByRole('cell').allInnerTexts();
    check(
      cells.includes(String(count)),
      `${code} should count ${count} devices, the row shows ${cells.join(' | ')}`,
    );
  }
  check(
    (await failures.getByRole('row').count()) === expectedFailures.size + 1,
    `the failures table should list exactly ${[...expectedFailures.keys()].join(', ')}`,
  );
  await screenshot(page, '09-morning-report.png', 'Morning report: failures by error with How to fix links');
  await checkAccessibility(page, 'morning report', audits);

  log(`"Select these devices" for ${SELECTED_ERROR} opens the Devices tab filtered by it`);
  await failures
    .getByRole('link', {
      name: `Select these devices (${selectedHosts.length} devices with ${SELECTED_ERROR})`,
    })
    .click();
  await page.waitForURL(
    (url) => url.pathname.endsWith('/devices') && url.searchParams.get('errorCode') === SELECTED_ERROR,
  );
  for (const hostname of selectedHosts)
    await page.getByRole('checkbox', { name: `Select ${hostname}` }).waitFor();
  const rowBoxes = page
    .getByRole('table', { name: 'Devices' })
    .getByRole('checkbox', { name: /^Select PC-/ });
  await page.waitForFunction(() => !document.querySelector('table[aria-busy="true"]'));
  const listed = (await rowBoxes.evaluateAll((boxes) => boxes.map((b) => b.getAttribute('aria-label') ?? '')))
    .map((label) => label.replace(/^Select /, ''))
    .sort();
  check(
    JSON.stringify(listed) === JSON.stringify([...selectedHosts].sort()),
    `the filtered list should show ${selectedHosts.join(', ')}, shows ${listed.join(', ')}`,
  );
  await screenshot(page, '10-devices-by-error.png', `the Devices tab filtered by ${SELECTED_ERROR}`);
  await checkAccessibility(page, 'devices filtered by error code', audits);
}

/** On the filtered Devices tab: select all, retry from the Actions panel; only the selected agents get the command. */
export async function retryByError({ page, agents, audits, morningFailing }: ScreenContext): Promise<void> {
  log('selecting all of them and retrying from the Actions panel');
  const { panel, preview } = actionsPanel(page);
  await page.getByRole('checkbox', { name: 'Select all', exact: true }).check();
  await page.getByText(`All ${selectedHosts.length} devices on this page are selected.`).waitFor();
  await page.getByRole('button', { name: 'Actions', exact: true }).click();
  await panel.getByRole('button', { name: 'Retry profile creation', exact: true }).click();
  await preview
    .getByText(`Retry ${selectedHosts.length} devices · ${selectedHosts.length} expected within 2 minutes`, {
      exact: true,
    })
    .waitFor();
  const confirmSelected = panel.getByRole('button', { name: `Retry ${selectedHosts.length} devices` });
  check(await confirmSelected.isEnabled(), 'the confirm button is enabled once the preview has loaded');
  await screenshot(
    page,
    '11-retry-by-error-preview.png',
    `the Actions panel's preview for the ${selectedHosts.length} devices with ${SELECTED_ERROR}`,
  );
  await checkAccessibility(page, 'actions panel with its preview (by error code)', audits);
  // D16: a preview queues nothing
  for (const hostname of selectedHosts) {
    const reply = await agents.pollClient(morningFailing.get(hostname)!);
    check(reply.commands.length === 0, `the preview queued a command for ${hostname}`);
  }
  await confirmSelected.click();
  await panel.getByText(`Retry queued for ${selectedHosts.length} devices`).waitFor();
  await panel.getByRole('button', { name: 'Done' }).click();

  log("the selected agents' next polls receive CREATE_PROFILE (D5); the other error's agent gets nothing");
  for (const hostname of selectedHosts)
    createProfileOf(await agents.pollClient(morningFailing.get(hostname)!), hostname);
  for (const pc of MORNING_FAILING.filter((p) => p.errorCode !== SELECTED_ERROR)) {
    const reply = await agents.pollClient(morningFailing.get(pc.hostname)!);
    check(
      reply.commands.length === 0,
      `${pc.hostname} was not selected but received ${JSON.stringify(reply.commands)}`,
    );
  }
}
