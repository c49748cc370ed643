import { checkAccessibility } from '../axe';
import { log, screenshot, type ScreenContext } from '../harness';

/** The device drawer of the first failed PC: its details and history; closed again at the end. */
export async function deviceDrawer({ page, audits, failing }: ScreenContext): Promise<void> {
  log("the device drawer: a device's details and history");
  const opened = failing[0].hostname;
  await page.getByRole('button', { name: opened, exact: true }).click();
  const drawer = page.getByRole('dialog', { name: opened });
  await drawer.getByRole('list', { name: 'Device history' }).waitFor();
  await screenshot(page, '05-device-drawer.png', `the device drawer of ${opened}: its state and history`);
  await checkAccessibility(page, 'device drawer', audits);
  await drawer.getByRole('button', { name: 'Close' }).click();
  await drawer.waitFor({ state: 'detached' });
}
