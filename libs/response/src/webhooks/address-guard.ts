import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * The SSRF guard of webhooks: an endpoint may only be reached on a public
 * address. Checked when the endpoint is saved, and again on every delivery,
 * through the lookup of the connection itself, so the address connected to is
 * the address checked (a name that later resolves elsewhere, DNS rebinding,
 * is refused at that moment).
 */

/** Thrown when a URL or address may not be reached. */
export class RefusedAddressError extends Error {
  readonly code = 'ERR_WEBHOOK_REFUSED_ADDRESS';

  constructor(message: string) {
    super(message);
    this.name = 'RefusedAddressError';
  }
}

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services live here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/** The 8 groups of an IPv6 address, or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase();
  const tail: number[] = [];
  const dotted = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (dotted) {
    const b = dotted.slice(1).map(Number);
    tail.push((b[0] << 8) | b[1], (b[2] << 8) | b[3]);
    text = text.slice(0, dotted.index) + '0:0';
  }
  const [head, rest] = text.split('::');
  const parse = (part: string | undefined) =>
    part ? part.split(':').map((group) => parseInt(group, 16)) : [];
  const left = parse(head);
  const right = parse(rest);
  const missing = 8 - left.length - right.length;
  const groups =
    rest === undefined ? left : [...left, ...new Array<number>(missing).fill(0), ...right];
  if (groups.length !== 8 || groups.some((g) => Number.isNaN(g))) return null;
  if (tail.length) groups.splice(6, 2, ...tail);
  return groups;
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  if (!g) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) return v4(g[6], g[7]); // ::ffff:a.b.c.d, ::a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b) return v4(g[6], g[7]); // NAT64 64:ff9b::/96 and 64:ff9b:1::/48
  if (g[0] === 0x2002) return v4(g[1], g[2]); // 6to4
  return null;
}

/** Whether an IP address is public: not loopback, private, link-local, reserved or multicast. */
export function isPublicAddress(address: string): boolean {
  const ip = address.split('%')[0];
  const family = isIP(ip);
  if (family === 4) return !blocked.check(ip, 'ipv4');
  if (family !== 6) return false;
  if (blocked.check(ip, 'ipv6')) return false;
  const inner = embeddedIpv4(ip);
  return inner === null || isPublicAddress(inner);
}

function lookupAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );
}

function refuseUnlessPublic(hostname: string, addresses: LookupAddress[]): void {
  const inside = addresses.find((a) => !isPublicAddress(a.address));
  if (inside)
    throw new RefusedAddressError(
      `${hostname} resolves to ${inside.address}, a loopback, private or link-local address (set WEBHOOK_ALLOW_PRIVATE=true to allow it)`,
    );
}

/**
 * A `lookup` for `http.request`: resolves the name, refuses it when any of its
 * addresses is not public (unless allowed), and hands the connection exactly
 * the addresses it checked.
 */
export function checkedLookup(allowPrivate: boolean) {
  return (
    hostname: string,
    options: { all?: boolean },
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ): void => {
    lookupAll(hostname)
      .then((addresses) => {
        if (!allowPrivate) refuseUnlessPublic(hostname, addresses);
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, ''));
  };
}

/** The host of a URL without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Checks a webhook URL: http or https, no credentials, and (unless allowed) a
 * host that resolves only to public addresses. Throws RefusedAddressError, or
 * an Error with a readable message for a malformed URL or an unknown host.
 */
export async function checkWebhookUrl(text: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('must be an absolute http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error('must be an http:// or https:// URL');
  if (url.username || url.password)
    throw new Error('must not carry a user name or password (requests are signed instead)');
  if (allowPrivate) return url;
  const host = hostOf(url);
  if (isIP(host)) {
    if (!isPublicAddress(host))
      throw new RefusedAddressError(
        `${host} is a loopback, private or link-local address (set WEBHOOK_ALLOW_PRIVATE=true to allow it)`,
      );
    return url;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await lookupAll(host);
  } catch {
    throw new Error(`${host} does not resolve`);
  }
  refuseUnlessPublic(host, addresses);
  return url;
}
