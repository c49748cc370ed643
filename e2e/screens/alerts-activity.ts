import { checkAccessibility } from '../axe';
import { log, screenshot, type ScreenContext } from '../harness';
import { HEALTHY } from '../seed';

/** The migration's Alerts tab (D3: an outdated Outlook) and its Activity tab (the retry, with who made it). */
export async function alertsAndActivity({ page, audits }: ScreenContext): Promise<void> {
  log('the Alerts and Activity tabs');
  await page.getByRole('tab', { name: /^Alerts/ }).click();
  await page.getByRole('list', { name: 'Alerts by kind' }).waitFor();
  await screenshot(
    page,
    '06-alerts.png',
    `the Alerts tab: ${HEALTHY[1].hostname}'s Outlook needs an update (D3)`,
  );
  await checkAccessibility(page, 'alerts', audits);
  await page.getByRole('tab', { name: 'Activity' }).click();
  await page.getByText('retried profile creation').first().waitFor();
  await screenshot(page, '07-activity.png', 'the Activity tab: the retry, with who made it');
  await checkAccessibility(page, 'activity', audits);
}
