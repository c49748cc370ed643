import { checkAccessibility } from '../axe';
import { log, type ScreenContext } from '../harness';
import { EMAIL, PASSWORD } from '../seed';

/** The sign-in screen, then the migrations list. */
export async function signIn({ page, baseUrl, audits, consoleErrors }: ScreenContext): Promise<void> {
  log('signing in');
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Email').waitFor();
  await checkAccessibility(page, 'sign-in', audits);
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Migrations', level: 1 }).waitFor();
  // before signing in, GET /api/auth/me answers 401 by design (the browser logs it): watch from here on
  consoleErrors.length = 0;
  await page.getByRole('link', { name: 'Contoso Ltd' }).waitFor();
  await checkAccessibility(page, 'migrations list', audits);
}
