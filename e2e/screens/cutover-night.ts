import { checkAccessibility } from '../axe';
import { log, screenshot, type ScreenContext } from '../harness';

/** The Cutover night tab: the two countdowns and the readiness checklist with its counts. */
export async function cutoverNight({ page, audits }: ScreenContext): Promise<void> {
  log('Cutover night: the countdowns and the readiness checklist with its counts');
  await page.getByRole('tab', { name: 'Cutover night' }).click();
  await page.getByRole('heading', { name: 'Cutover night', level: 2 }).waitFor();
  // the cutover is two days away (set up by seedFleet): the clock counts down from just under 2 days
  const countdown = page.getByRole('timer', { name: 'Cutover in' });
  await countdown.getByText(/^1 d 23:\d\d:\d\d/).waitFor();
  await page.getByRole('timer', { name: 'Switch starts in' }).waitFor();
  const checklist = page.getByRole('list').filter({ hasText: 'Manual retry required' });
  const item = (label: string) => checklist.getByRole('listitem').filter({ hasText: label });
  // D3: PC-FRONT-02 runs Outlook 2013 before SP1
  await item('Outlook needs an update')
    .getByRole('link', { name: '1 device whose Outlook needs an update' })
    .waitFor();
  await item('Never seen').getByText('1 device', { exact: true }).waitFor();
  await item('Low disk space').getByText('None', { exact: true }).waitFor();
  await screenshot(
    page,
    '08-cutover-night.png',
    'Cutover night: countdowns to cutover and the switch, the readiness checklist with its counts',
  );
  await checkAccessibility(page, 'cutover night', audits);
}
