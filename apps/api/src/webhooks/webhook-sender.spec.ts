import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, sendWebhook, WEBHOOK_USER_AGENT } from './webhook-sender';
import { checkWebhookUrl, type WebhookResolver } from './webhook-target';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const servers: { close: () => Promise<void> }[] = [];

// A receiver on 127.0.0.1 (port 0): records what it gets, then answers with `answer`.
async function receiver(
  answer: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) =>
    res.writeHead(204).end(),
): Promise<{ url: string; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      answer(req, res);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push({
    close: () => {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  });
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/cutover`, port, received };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const body = JSON.stringify({
  type: 'device.switch_failed',
  timestamp: '2025-03-08T02:00:00.000Z',
  data: { deviceId: 'dev_1', errorCode: 'AUTODISCOVER_FAILED' },
  text: 'PC-042 could not switch its Outlook profile: Autodiscover failed',
});

function attempt(url: string, secret = newWebhookSecret()) {
  return { url, id: 'msg_2mD4kq9Zx1', timestamp: new Date(), body, secret };
}

// Resolves `host` to `first` for the first call (the check) and to `then` afterwards (the send).
function rebinding(first: string, then: string): WebhookResolver & jest.Mock {
  let calls = 0;
  return jest.fn(async () => {
    calls += 1;
    const address = calls === 1 ? first : then;
    return [{ address, family: net.isIP(address) }];
  });
}

describe('sendWebhook', () => {
  it('D18: POSTs the body with Standard Webhooks headers that verify with the secret', async () => {
    const target = await receiver();
    const secret = newWebhookSecret();
    const input = attempt(target.url, secret);

    const result = await sendWebhook(input, { allowHttp: true });

    expect(result).toEqual({ status: 204, error: null, durationMs: expect.any(Number) });
    expect(target.received).toHaveLength(1);
    const [request] = target.received;
    expect(request).toMatchObject({ method: 'POST', url: '/hooks/cutover', body });
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Cutover-Webhooks/1',
      'webhook-id': 'msg_2mD4kq9Zx1',
      'webhook-timestamp': String(Math.floor(input.timestamp.getTime() / 1000)),
      'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
    });
    expect(WEBHOOK_USER_AGENT).toBe('Cutover-Webhooks/1');
    const headers = request.headers as Record<string, string>;
    expect(new Webhook(secret).verify(request.body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(request.body, headers)).toThrow(
      'No matching signature',
    );
  });

  it('D18: the same webhook-id and signature on every attempt of one delivery', async () => {
    const target = await receiver();
    const input = attempt(target.url);
    await sendWebhook(input, { allowHttp: true });
    await sendWebhook(input, { allowHttp: true });
    const [first, second] = target.received;
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(second.headers['webhook-signature']).toBe(first.headers['webhook-signature']);
  });

  it('D18: delivers to http://localhost with allowHttp, through the checking lookup', async () => {
    const target = await receiver((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'),
    );
    const resolve = jest.fn<ReturnType<WebhookResolver>, Parameters<WebhookResolver>>(async () => [
      { address: '127.0.0.1', family: 4 },
    ]);

    const result = await sendWebhook(attempt(`http://localhost:${target.port}/in`), {
      allowHttp: true,
      resolve,
    });

    expect(result).toMatchObject({ status: 200, error: null });
    expect(resolve).toHaveBeenCalledWith('localhost');
    expect(target.received).toHaveLength(1);
  });

  it('D18: node:net may try every checked address of a name (here ::1 refuses, 127.0.0.1 answers)', async () => {
    const target = await receiver((_req, res) => res.writeHead(202).end());
    const resolve: WebhookResolver = async () => [
      { address: '::1', family: 6 },
      { address: '127.0.0.1', family: 4 },
    ];
    await expect(
      sendWebhook(attempt(`http://localhost:${target.port}/in`), { allowHttp: true, resolve }),
    ).resolves.toMatchObject({ status: 202, error: null });
  });

  it('D18: an https:// target connects through the checking lookup too (here it does not speak TLS)', async () => {
    const target = await receiver();
    const resolve = jest.fn<ReturnType<WebhookResolver>, Parameters<WebhookResolver>>(async () => [
      { address: '127.0.0.1', family: 4 },
    ]);

    const result = await sendWebhook(attempt(`https://localhost:${target.port}/in`), {
      allowHttp: true,
      resolve,
    });

    expect(result).toMatchObject({ status: null, error: expect.stringMatching(/^TLS handshake failed/) });
    expect(resolve).toHaveBeenCalledWith('localhost');
  });

  it('D18: a 500 answer is a failed attempt with its status', async () => {
    const target = await receiver((_req, res) => res.writeHead(500).end('boom'));
    await expect(sendWebhook(attempt(target.url), { allowHttp: true })).resolves.toEqual({
      status: 500,
      error: 'the endpoint answered 500',
      durationMs: expect.any(Number),
    });
  });

  it('D18: a redirect is not followed: a failed attempt with its 3xx status', async () => {
    const target = await receiver((req, res) =>
      req.url === '/hooks/cutover'
        ? res.writeHead(302, { location: '/elsewhere' }).end()
        : res.writeHead(200).end(),
    );
    await expect(sendWebhook(attempt(target.url), { allowHttp: true })).resolves.toMatchObject({
      status: 302,
      error: 'the endpoint answered 302: redirects are not followed',
    });
    expect(target.received.map((r) => r.url)).toEqual(['/hooks/cutover']);
  });

  it('D18: a receiver that never answers times out', async () => {
    const target = await receiver(() => undefined);
    const result = await sendWebhook(attempt(target.url), { allowHttp: true, timeoutMs: 200 });
    expect(result).toMatchObject({ status: null, error: 'timed out after 200 ms' });
    expect(result.durationMs).toBeGreaterThanOrEqual(195);
    expect(result.durationMs).toBeLessThan(2_000);
  });

  it('D18: the timeout covers a body that never ends, even after a 200', async () => {
    const target = await receiver((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('still thinking');
    });
    const result = await sendWebhook(attempt(target.url), { allowHttp: true, timeoutMs: 300 });
    expect(result).toMatchObject({ status: 200, error: 'timed out after 300 ms' });
    expect(result.durationMs).toBeLessThan(2_000);
  });

  it('D18: reads at most 64 KiB of a huge answer and discards it', async () => {
    let written = 0;
    const target = await receiver((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(16 * 1024, 120);
      // an endless answer: only the client hanging up stops it
      const pump = (): void => {
        while (!res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      pump();
    });
    const result = await sendWebhook(attempt(target.url), { allowHttp: true, timeoutMs: 5_000 });
    expect(result).toMatchObject({ status: 200, error: null });
    expect(result.durationMs).toBeLessThan(4_000);
    expect(written).toBeGreaterThan(64 * 1024);
  });

  it('D18: a closed port is "connection refused"', async () => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as net.AddressInfo;
    await new Promise((done) => server.close(done));

    await expect(
      sendWebhook(attempt(`http://127.0.0.1:${port}/`), { allowHttp: true }),
    ).resolves.toMatchObject({
      status: null,
      error: 'connection refused',
    });
  });

  it('D18: a name that does not resolve is "host not found"', async () => {
    const resolve: WebhookResolver = () =>
      Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    await expect(
      sendWebhook(attempt('https://nowhere.example/hook'), { allowHttp: false, resolve }),
    ).resolves.toMatchObject({ status: null, error: 'host not found (nowhere.example)' });
  });

  it.each<[string, boolean, string]>([
    ['http://example.com/hook', false, 'refused: The URL must start with https://'],
    ['http://127.0.0.1:9/hook', false, 'refused: The URL must start with https://'],
    ['ftp://x', true, 'refused: The URL must start with https://'],
    ['https://user:pass@example.com', true, 'refused: The URL must not contain a user name or password'],
    ['https://10.0.0.1/hook', false, 'refused: 10.0.0.1 is a private address'],
    ['https://10.0.0.1/hook', true, 'refused: 10.0.0.1 is a private address'],
    [
      'https://169.254.169.254/latest/meta-data',
      true,
      'refused: 169.254.169.254 is a cloud metadata address',
    ],
    ['https://127.0.0.1:9/hook', false, 'refused: 127.0.0.1 is a loopback address'],
    ['https://[::1]:9/hook', false, 'refused: [::1] is a loopback address'],
    ['https://[fd00:ec2::254]/', true, 'refused: [fd00:ec2::254] is a cloud metadata address'],
    ['https://[::ffff:192.168.1.1]/', true, 'refused: [::ffff:c0a8:101] is a private address (192.168.1.1)'],
  ])('D18: refuses %s (allowHttp %s) without a request', async (url, allowHttp, error) => {
    const resolve = jest.fn<ReturnType<WebhookResolver>, Parameters<WebhookResolver>>();
    const result = await sendWebhook(attempt(url), { allowHttp, resolve });
    expect(result).toEqual({
      status: null,
      error: expect.stringContaining(error),
      durationMs: expect.any(Number),
    });
    expect(result.error?.startsWith(error)).toBe(true);
    expect(resolve).not.toHaveBeenCalled();
  });

  it('D18: DNS rebinding: the check saw a public address, the send sees 10.0.0.1 and is refused', async () => {
    const resolve = rebinding('93.184.216.34', '10.0.0.1');
    const url = 'https://rebind.example/hook';

    await expect(checkWebhookUrl(url, { allowHttp: false, resolve })).resolves.toEqual({
      ok: true,
      url: new URL(url),
    });
    const result = await sendWebhook(attempt(url), { allowHttp: false, resolve });

    expect(result).toEqual({
      status: null,
      error: 'refused: rebind.example resolves to a private address (10.0.0.1)',
      durationMs: expect.any(Number),
    });
    expect(resolve).toHaveBeenCalledTimes(2);
  });

  it('D18: DNS rebinding to loopback: refused before any connection is made', async () => {
    let connections = 0;
    const listener = net.createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    listener.listen(0, '127.0.0.1');
    await once(listener, 'listening');
    servers.push({ close: () => new Promise((done) => listener.close(() => done())) });
    const { port } = listener.address() as net.AddressInfo;
    const resolve = rebinding('93.184.216.34', '127.0.0.1');
    const url = `https://rebind.example:${port}/hook`;

    await expect(checkWebhookUrl(url, { allowHttp: false, resolve })).resolves.toMatchObject({ ok: true });
    await expect(sendWebhook(attempt(url), { allowHttp: false, resolve })).resolves.toMatchObject({
      status: null,
      error: 'refused: rebind.example resolves to a loopback address (127.0.0.1)',
    });
    expect(connections).toBe(0);
  });

  it('D18: a name with one private address among public ones is refused', async () => {
    const resolve: WebhookResolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: 'fd00::5', family: 6 },
    ];
    await expect(
      sendWebhook(attempt('https://mixed.example/'), { allowHttp: false, resolve }),
    ).resolves.toMatchObject({
      status: null,
      error: 'refused: mixed.example resolves to a private address (fd00::5)',
    });
  });

  it('never throws: a malformed secret or a throwing resolver become errors', async () => {
    await expect(
      sendWebhook({ ...attempt('https://93.184.216.34/'), secret: 'whsec_' }, { allowHttp: false }),
    ).resolves.toMatchObject({
      status: null,
      error: expect.stringContaining('the signing secret is not valid'),
    });
    const broken: WebhookResolver = () => {
      throw new Error('resolver exploded');
    };
    await expect(
      sendWebhook(attempt('https://broken.example/'), { allowHttp: false, resolve: broken }),
    ).resolves.toMatchObject({ status: null, error: 'request failed (resolver exploded)' });
  });
});

describe('newWebhookSecret', () => {
  it('D18: whsec_ + base64 of 32 random bytes, new each time', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
