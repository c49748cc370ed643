import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Resolves a host name to every address it has, like `dns.lookup(host, { all: true })`. */
export type WebhookResolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface WebhookTargetOptions {
  /** WEBHOOKS_ALLOW_HTTP=on (tests, the demo): loopback targets are accepted, over http:// and https://. */
  allowHttp: boolean;
  /** Injected by tests; the system resolver otherwise. */
  resolve?: WebhookResolver;
}

export type WebhookUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** A URL whose shape passed: what remains is to check the addresses its host resolves to. */
export interface WebhookTarget {
  url: URL;
  /** The host as written, without the brackets of an IPv6 literal. */
  host: string;
  /** The host is an IP address: nothing to resolve (and node:net calls no lookup for it). */
  literal: boolean;
  /** http:// (only with allowHttp): every address must be a loopback address. */
  loopbackOnly: boolean;
}

export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'invalid';

const KIND_PHRASES: Record<AddressKind, string> = {
  public: 'a public address',
  loopback: 'a loopback address',
  private: 'a private address',
  shared: 'a carrier-grade NAT address',
  'link-local': 'a link-local address',
  metadata: 'a cloud metadata address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
  invalid: 'something that is not an IP address',
};

// D18: checked in order, the first match names the address (169.254.169.254 is link-local too, but say metadata).
const BLOCKED: ReadonlyArray<readonly [AddressKind, readonly string[]]> = [
  ['metadata', ['169.254.169.254/32', '100.100.100.200/32', 'fd00:ec2::254/128']],
  ['broadcast', ['255.255.255.255/32']],
  ['unspecified', ['0.0.0.0/8', '::/128']],
  ['loopback', ['127.0.0.0/8', '::1/128']],
  ['private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7', 'fec0::/10', '64:ff9b:1::/48']],
  ['shared', ['100.64.0.0/10']],
  ['link-local', ['169.254.0.0/16', 'fe80::/10']],
  ['multicast', ['224.0.0.0/4', 'ff00::/8']],
  [
    'reserved',
    [
      '192.0.0.0/24', // IETF protocol assignments
      '192.0.2.0/24', // documentation
      '192.88.99.0/24', // 6to4 relay anycast
      '198.18.0.0/15', // benchmarking
      '198.51.100.0/24', // documentation
      '203.0.113.0/24', // documentation
      '240.0.0.0/4', // reserved for future use
      '100::/64', // discard-only
      '2001::/23', // IETF protocol assignments, Teredo
      '2001:db8::/32', // documentation
      '3fff::/20', // documentation
    ],
  ],
];

function blockList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [network, prefix] = cidr.split('/');
    list.addSubnet(network, Number(prefix), isIP(network) === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

const BLOCK_LISTS = BLOCKED.map(([kind, cidrs]) => [kind, blockList(cidrs)] as const);
// Every other IPv6 address (outside 2000::/3) is not global unicast.
const GLOBAL_UNICAST_V6 = blockList(['2000::/3']);

function ipv6Groups(ip: string): number[] {
  const parse = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const [a, b, c, d] = group.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, null];
  const first = parse(head);
  const last = tail === null ? [] : parse(tail);
  return [...first, ...new Array<number>(8 - first.length - last.length).fill(0), ...last];
}

/** The IPv4 address an IPv6 address stands for: IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96), 6to4. */
function embeddedIPv4(ip: string): string | null {
  const g = ipv6Groups(ip);
  const v4 = (high: number, low: number): string => [high >> 8, high & 255, low >> 8, low & 255].join('.');
  const zeros = (from: number, to: number): boolean => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return v4(g[6], g[7]);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4(g[6], g[7]);
  if (g[0] === 0x2002) return v4(g[1], g[2]);
  return null;
}

/** D18: what kind of address this is; only 'public' (and 'loopback' with allowHttp) may receive webhooks. */
export function classifyAddress(address: string): AddressKind {
  const ip = address.split('%')[0]; // the zone of a link-local address (fe80::1%eth0)
  const family = isIP(ip);
  if (family === 0) return 'invalid';
  if (family === 6) {
    const v4 = embeddedIPv4(ip);
    if (v4 !== null) return classifyAddress(v4);
  }
  const type = family === 6 ? 'ipv6' : 'ipv4';
  for (const [kind, list] of BLOCK_LISTS) if (list.check(ip, type)) return kind;
  if (family === 6 && !GLOBAL_UNICAST_V6.check(ip, 'ipv6')) return 'reserved';
  return 'public';
}

const PUBLIC_INTERNET = 'Webhook targets must be reachable on the public internet';
const HTTPS_ONLY = 'The URL must start with https://';

/** D18: the shape of a webhook URL, before any DNS: https:// (or http:// to loopback), no credentials, no fragment. */
export function parseWebhookUrl(
  raw: string,
  allowHttp: boolean,
): { ok: true; target: WebhookTarget } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'The URL is not valid: write it in full, like https://example.com/webhooks' };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(host) !== 0;
  const loopbackOnly = url.protocol === 'http:';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: HTTPS_ONLY };
  if (loopbackOnly) {
    if (!allowHttp) return { ok: false, reason: HTTPS_ONLY };
    const loopbackHost = host === 'localhost' || (literal && classifyAddress(host) === 'loopback');
    // D18: WEBHOOKS_ALLOW_HTTP=on opens http:// to loopback only, never to another host
    if (!loopbackHost)
      return { ok: false, reason: `${HTTPS_ONLY} (http:// is accepted only for loopback addresses)` };
  }
  if (url.username !== '' || url.password !== '') {
    return {
      ok: false,
      reason:
        'The URL must not contain a user name or password: check the webhook-signature header of each request instead',
    };
  }
  // an empty fragment ("…/hook#") leaves url.hash empty but keeps the "#" in href
  if (url.href.includes('#'))
    return { ok: false, reason: 'The URL must not contain a fragment (the part after #)' };
  return { ok: true, target: { url, host, literal, loopbackOnly } };
}

/** Why these addresses of target may not receive a webhook (a reason for the partner, an error for the log). */
export function addressRefusal(
  target: WebhookTarget,
  addresses: readonly string[],
  allowHttp: boolean,
): { reason: string; error: string } | null {
  const shown = target.url.hostname;
  for (const address of addresses) {
    const kind = classifyAddress(address);
    if (target.loopbackOnly && kind !== 'loopback') {
      return {
        reason: `${HTTPS_ONLY}: over http:// the target must be a loopback address, but ${shown} resolves to ${address}`,
        error: `refused: ${shown} resolves to ${address}, not a loopback address (http:// is only for loopback)`,
      };
    }
    if (kind === 'public' || (kind === 'loopback' && allowHttp)) continue;
    const v4 = target.literal && isIP(address) === 6 ? embeddedIPv4(address) : null;
    const finding = target.literal
      ? `${shown} is ${KIND_PHRASES[kind]}${v4 === null ? '' : ` (${v4})`}`
      : `${shown} resolves to ${KIND_PHRASES[kind]} (${address})`;
    return { reason: `${PUBLIC_INTERNET}: ${finding}`, error: `refused: ${finding}` };
  }
  return null;
}

const systemResolve: WebhookResolver = (hostname) => dnsLookup(hostname, { all: true });

/** A DNS failure in words a partner can act on. */
function dnsFailure(host: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOTFOUND' || code === 'ENODATA') {
    return `${host} does not resolve to any address (${code}): check the host name`;
  }
  if (code === 'EAI_AGAIN')
    return `${host} could not be resolved right now (EAI_AGAIN): try again in a moment`;
  return `${host} could not be resolved (${code ?? String(error)}): check the host name`;
}

/**
 * D18: may this URL receive webhooks? https:// only (http:// to loopback with allowHttp), and every address its
 * host resolves to must be public. Run when a subscription is created; the sender checks again on every
 * connection (DNS can change in between).
 */
export async function checkWebhookUrl(url: string, options: WebhookTargetOptions): Promise<WebhookUrlCheck> {
  const parsed = parseWebhookUrl(url, options.allowHttp);
  if (!parsed.ok) return parsed;
  const { target } = parsed;
  let addresses: string[];
  if (target.literal) {
    addresses = [target.host];
  } else {
    try {
      addresses = (await (options.resolve ?? systemResolve)(target.host)).map((a) => a.address);
    } catch (error) {
      return { ok: false, reason: dnsFailure(target.url.hostname, error) };
    }
    if (addresses.length === 0)
      return { ok: false, reason: dnsFailure(target.url.hostname, { code: 'ENOTFOUND' }) };
  }
  const refusal = addressRefusal(target, addresses, options.allowHttp);
  return refusal === null ? { ok: true, url: target.url } : { ok: false, reason: refusal.reason };
}

/** The connection was not made: the host resolved to an address webhooks may not reach. */
export class WebhookTargetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookTargetRefusedError';
  }
}

/**
 * D18: a `lookup` for node:http/https that resolves the host and hands node:net only addresses it checked, so a
 * DNS answer that changed since checkWebhookUrl (DNS rebinding) cannot reach a private address.
 */
export function webhookLookup(target: WebhookTarget, options: WebhookTargetOptions): LookupFunction {
  const resolve = options.resolve ?? systemResolve;
  return (hostname, lookupOptions, callback) => {
    // a resolver that throws synchronously still ends in the callback
    Promise.resolve()
      .then(() => resolve(hostname))
      .then(
        (resolved) => {
          const refusal = addressRefusal(
            target,
            resolved.map((a) => a.address),
            options.allowHttp,
          );
          if (refusal !== null) return callback(new WebhookTargetRefusedError(refusal.error), '');
          const family = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
          const addresses = resolved.filter((a) => family === 0 || a.family === family);
          if (addresses.length === 0) {
            const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
            error.code = 'ENOTFOUND';
            return callback(error, '');
          }
          if (lookupOptions.all === true) return callback(null, addresses);
          callback(null, addresses[0].address, addresses[0].family);
        },
        (error: NodeJS.ErrnoException) => callback(error, ''),
      );
  };
}
