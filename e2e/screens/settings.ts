/** Settings → API tokens (a token shown once that works as a bearer token) and Settings → Webhooks (a signed ping). */
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { checkAccessibility } from '../axe';
import { check, log, screenshot, type ScreenContext } from '../harness';

export async function settingsApiTokens({ page, baseUrl, audits }: ScreenContext): Promise<void> {
  log('Settings → API tokens: create one (shown once), and it works as a bearer token');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  await page.getByLabel('Token name').fill('e2e script');
  await page.getByLabel('Expires after (days)').fill('30');
  await page.getByRole('button', { name: 'Create token' }).click();
  const tokenDialog = page.getByRole('dialog', { name: 'Token created' });
  await tokenDialog.waitFor();
  const apiToken = await tokenDialog.getByLabel('API token').inputValue();
  check(/^cut_/.test(apiToken), `the dialog shows the new token (got ${apiToken.slice(0, 8)}…)`);
  await checkAccessibility(page, 'settings: token shown once', audits);
  await tokenDialog.getByRole('button', { name: 'Done' }).click();
  await page
    .getByRole('table', { name: 'API tokens' })
    .getByRole('rowheader', { name: 'e2e script' })
    .waitFor();
  check(
    !(await page.content()).includes(apiToken),
    'the token is gone from the page once the dialog is closed',
  );
  const viaToken = await fetch(`${baseUrl}/api/migrations`, {
    headers: { authorization: `Bearer ${apiToken}` },
  });
  check(viaToken.status === 200, `GET /api/migrations with the new token answered ${viaToken.status}`);
  await screenshot(page, '12-settings-api-tokens.png', 'Settings → API tokens with the new token listed');
  await checkAccessibility(page, 'settings: API tokens', audits);
}

/** Needs Settings open (settingsApiTokens); the server runs with WEBHOOKS_ALLOW_HTTP for the loopback receiver. */
export async function settingsWebhooks({ page, audits }: ScreenContext): Promise<void> {
  log('Settings → Webhooks: add one pointing at a local receiver, send a test, see it delivered and signed');
  const hooks: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const receiver = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      hooks.push({ headers: req.headers, body });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cutover`;
    await page.getByRole('tab', { name: 'Webhooks' }).click();
    const form = page.getByRole('form', { name: 'Add webhook' });
    await form.getByLabel('Endpoint URL').fill(hookUrl);
    await form.getByRole('button', { name: 'Add webhook' }).click();
    const secretDialog = page.getByRole('dialog', { name: 'Webhook added' });
    await secretDialog.waitFor();
    const secret = await secretDialog.getByLabel('Signing secret').inputValue();
    check(/^whsec_/.test(secret), 'the dialog shows the signing secret');
    await secretDialog.getByRole('button', { name: 'Done' }).click();
    const item = page.getByRole('article', { name: hookUrl });
    await item.getByRole('button', { name: `Send test to ${hookUrl}` }).click();
    const deliveries = item.getByRole('table', { name: `Recent deliveries to ${hookUrl}` });
    await deliveries
      .getByRole('row')
      .filter({ hasText: 'ping (test)' })
      .filter({ hasText: 'Succeeded' })
      .waitFor({
        timeout: 20_000,
      });
    check(hooks.length === 1, `the receiver got ${hooks.length} requests, expected the one ping`);
    const verified = new Webhook(secret).verify(
      hooks[0].body,
      hooks[0].headers as Record<string, string>,
    ) as {
      type: string;
    };
    check(verified.type === 'ping', `the receiver's ping verifies with the secret (type ${verified.type})`);
    await screenshot(page, '13-settings-webhooks.png', 'Settings → Webhooks with a delivered test ping');
    await checkAccessibility(page, 'settings: webhooks with deliveries', audits);
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
  }
}
