import { checkWebhookUrl, classifyAddress, type AddressKind, type WebhookResolver } from './webhook-target';

// No real DNS in tests: every name resolves through this table.
const DNS: Record<string, string[]> = {
  'example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'hooks.partner.example': ['203.0.114.7'],
  'private.example': ['10.1.2.3'],
  'mixed.example': ['93.184.216.34', '192.168.4.5'],
  'v6-private.example': ['fd12:3456::1'],
  'metadata.example': ['169.254.169.254'],
  'mapped.example': ['::ffff:10.0.0.1'],
  localhost: ['127.0.0.1', '::1'],
  'public-localhost.example': ['93.184.216.34'],
};

const resolve: WebhookResolver = async (hostname) => {
  const addresses = DNS[hostname];
  if (addresses === undefined)
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

const PUBLIC = 'Webhook targets must be reachable on the public internet: ';

describe('checkWebhookUrl: refused targets', () => {
  it.each<[string, string]>([
    ['http://example.com', 'The URL must start with https://'],
    ['http://127.0.0.1', 'The URL must start with https://'],
    ['ftp://x', 'The URL must start with https://'],
    ['file:///etc/passwd', 'The URL must start with https://'],
    ['example.com/hooks', 'The URL is not valid: write it in full, like https://example.com/webhooks'],
    ['https://user:pass@example.com', 'The URL must not contain a user name or password'],
    ['https://token@example.com/hook', 'The URL must not contain a user name or password'],
    ['https://example.com/hook#section', 'The URL must not contain a fragment (the part after #)'],
    ['https://example.com/hook#', 'The URL must not contain a fragment (the part after #)'],
    ['https://10.0.0.1', `${PUBLIC}10.0.0.1 is a private address`],
    ['https://172.16.0.1/hook', `${PUBLIC}172.16.0.1 is a private address`],
    ['https://172.31.255.255/hook', `${PUBLIC}172.31.255.255 is a private address`],
    ['https://192.168.1.1:8443/hook', `${PUBLIC}192.168.1.1 is a private address`],
    ['https://169.254.169.254/latest/meta-data', `${PUBLIC}169.254.169.254 is a cloud metadata address`],
    ['https://169.254.1.1', `${PUBLIC}169.254.1.1 is a link-local address`],
    ['https://127.0.0.1', `${PUBLIC}127.0.0.1 is a loopback address`],
    ['https://127.1.2.3', `${PUBLIC}127.1.2.3 is a loopback address`],
    // WHATWG URL parsing turns decimal and hex spellings into the dotted address first
    ['https://2130706433/', `${PUBLIC}127.0.0.1 is a loopback address`],
    ['https://0x7f.1/', `${PUBLIC}127.0.0.1 is a loopback address`],
    ['https://0.0.0.0', `${PUBLIC}0.0.0.0 is an unspecified address`],
    ['https://100.64.0.1', `${PUBLIC}100.64.0.1 is a carrier-grade NAT address`],
    ['https://198.18.0.1', `${PUBLIC}198.18.0.1 is a reserved address`],
    ['https://198.19.255.255', `${PUBLIC}198.19.255.255 is a reserved address`],
    ['https://192.0.2.10', `${PUBLIC}192.0.2.10 is a reserved address`],
    ['https://240.0.0.1', `${PUBLIC}240.0.0.1 is a reserved address`],
    ['https://224.0.0.1', `${PUBLIC}224.0.0.1 is a multicast address`],
    ['https://255.255.255.255', `${PUBLIC}255.255.255.255 is the broadcast address`],
    ['https://[::1]', `${PUBLIC}[::1] is a loopback address`],
    ['https://[::]', `${PUBLIC}[::] is an unspecified address`],
    ['https://[fd00:ec2::254]', `${PUBLIC}[fd00:ec2::254] is a cloud metadata address`],
    ['https://[fc00::1]', `${PUBLIC}[fc00::1] is a private address`],
    ['https://[fd12:3456::1]/hook', `${PUBLIC}[fd12:3456::1] is a private address`],
    ['https://[fe80::1]', `${PUBLIC}[fe80::1] is a link-local address`],
    ['https://[ff02::1]', `${PUBLIC}[ff02::1] is a multicast address`],
    ['https://[2001:db8::1]', `${PUBLIC}[2001:db8::1] is a reserved address`],
    ['https://[::ffff:192.168.1.1]', `${PUBLIC}[::ffff:c0a8:101] is a private address (192.168.1.1)`],
    ['https://[::ffff:127.0.0.1]', `${PUBLIC}[::ffff:7f00:1] is a loopback address (127.0.0.1)`],
    [
      'https://[::ffff:169.254.169.254]',
      `${PUBLIC}[::ffff:a9fe:a9fe] is a cloud metadata address (169.254.169.254)`,
    ],
    ['https://[64:ff9b::10.0.0.1]', `${PUBLIC}[64:ff9b::a00:1] is a private address (10.0.0.1)`],
    ['https://[2002:a00:1::1]', `${PUBLIC}[2002:a00:1::1] is a private address (10.0.0.1)`],
    ['https://private.example/hook', `${PUBLIC}private.example resolves to a private address (10.1.2.3)`],
    ['https://mixed.example', `${PUBLIC}mixed.example resolves to a private address (192.168.4.5)`],
    [
      'https://v6-private.example',
      `${PUBLIC}v6-private.example resolves to a private address (fd12:3456::1)`,
    ],
    [
      'https://metadata.example',
      `${PUBLIC}metadata.example resolves to a cloud metadata address (169.254.169.254)`,
    ],
    ['https://mapped.example', `${PUBLIC}mapped.example resolves to a private address (::ffff:10.0.0.1)`],
    ['https://localhost:3000/hook', `${PUBLIC}localhost resolves to a loopback address (127.0.0.1)`],
    [
      'https://nowhere.example',
      'nowhere.example does not resolve to any address (ENOTFOUND): check the host name',
    ],
  ])('D18: refuses %s', async (url, reason) => {
    const check = await checkWebhookUrl(url, { allowHttp: false, resolve });
    expect(check).toEqual({ ok: false, reason: expect.stringContaining(reason) });
    if (!check.ok) expect(check.reason.startsWith(reason)).toBe(true);
  });

  it.each<[string, string]>([
    [
      'http://example.com',
      'The URL must start with https:// (http:// is accepted only for loopback addresses)',
    ],
    [
      'http://10.0.0.1:8080',
      'The URL must start with https:// (http:// is accepted only for loopback addresses)',
    ],
    ['https://10.0.0.1', `${PUBLIC}10.0.0.1 is a private address`],
    ['https://[fe80::1]', `${PUBLIC}[fe80::1] is a link-local address`],
    [
      'http://localhost:3000',
      'The URL must start with https://: over http:// the target must be a loopback address, but localhost resolves to 93.184.216.34',
    ],
  ])('D18: with WEBHOOKS_ALLOW_HTTP=on still refuses %s', async (url, reason) => {
    const mislead: WebhookResolver = (host) =>
      resolve(host === 'localhost' ? 'public-localhost.example' : host);
    const check = await checkWebhookUrl(url, {
      allowHttp: true,
      resolve: url.includes('localhost') ? mislead : resolve,
    });
    expect(check).toEqual({ ok: false, reason });
  });

  it('D18: reports a DNS failure other than "not found" in words', async () => {
    const flaky: WebhookResolver = () =>
      Promise.reject(Object.assign(new Error('timeout'), { code: 'EAI_AGAIN' }));
    await expect(
      checkWebhookUrl('https://example.com', { allowHttp: false, resolve: flaky }),
    ).resolves.toEqual({
      ok: false,
      reason: 'example.com could not be resolved right now (EAI_AGAIN): try again in a moment',
    });
    const empty: WebhookResolver = () => Promise.resolve([]);
    await expect(
      checkWebhookUrl('https://example.com', { allowHttp: false, resolve: empty }),
    ).resolves.toEqual({
      ok: false,
      reason: expect.stringContaining('example.com does not resolve to any address'),
    });
  });
});

describe('checkWebhookUrl: accepted targets', () => {
  it.each<[string, boolean]>([
    ['https://example.com/webhooks/cutover?tenant=42', false],
    ['https://hooks.partner.example:8443/in', false],
    ['https://93.184.216.34/hook', false],
    ['https://[2606:4700:4700::1111]/hook', false],
    ['https://[::ffff:8.8.8.8]/hook', false],
    ['HTTPS://EXAMPLE.COM/Hook', false],
    ['http://127.0.0.1:45678/hook', true],
    ['http://127.0.0.2/hook', true],
    ['http://[::1]:8080/hook', true],
    ['http://localhost:3000/hook', true],
    ['https://127.0.0.1:8443/hook', true],
    ['https://localhost/hook', true],
    ['https://example.com/hook', true],
  ])('D18: accepts %s (allowHttp %s)', async (url, allowHttp) => {
    const check = await checkWebhookUrl(url, { allowHttp, resolve });
    expect(check).toEqual({ ok: true, url: new URL(url) });
  });

  it('resolves no name for an IP address', async () => {
    const resolver = jest.fn(resolve);
    await expect(
      checkWebhookUrl('https://93.184.216.34/', { allowHttp: false, resolve: resolver }),
    ).resolves.toEqual(expect.objectContaining({ ok: true }));
    expect(resolver).not.toHaveBeenCalled();
  });
});

describe('classifyAddress', () => {
  it.each<[string, AddressKind]>([
    ['8.8.8.8', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['9.255.255.255', 'public'],
    ['11.0.0.0', 'public'],
    ['10.0.0.0', 'private'],
    ['10.255.255.255', 'private'],
    ['172.15.255.255', 'public'],
    ['172.16.0.0', 'private'],
    ['172.32.0.0', 'public'],
    ['192.167.255.255', 'public'],
    ['192.168.0.0', 'private'],
    ['100.63.255.255', 'public'],
    ['100.64.0.0', 'shared'],
    ['100.127.255.255', 'shared'],
    ['100.128.0.0', 'public'],
    ['100.100.100.200', 'metadata'],
    ['198.17.255.255', 'public'],
    ['198.18.0.0', 'reserved'],
    ['198.20.0.0', 'public'],
    ['126.255.255.255', 'public'],
    ['127.0.0.0', 'loopback'],
    ['128.0.0.0', 'public'],
    ['0.255.255.255', 'unspecified'],
    ['223.255.255.255', 'public'],
    ['239.255.255.255', 'multicast'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['fbff::1', 'reserved'],
    ['fdff::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['fd00:ec2::253', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a00:1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['64:ff9b:1::1', 'private'],
    ['2002:808:808::1', 'public'],
    ['2002:c0a8:101::1', 'private'],
    ['::a00:1', 'reserved'],
    ['100::1', 'reserved'],
    ['2001::1', 'reserved'],
    ['4000::1', 'reserved'],
    ['example.com', 'invalid'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});
