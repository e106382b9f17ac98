import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent, request } from 'undici';

/**
 * The one client for outgoing HTTP (callbacks now; LLM, embeddings and dialers later). It never
 * follows redirects, caps time and response size, and refuses private destinations unless allowed:
 * the host is resolved, every address vetted, and the socket connects to a vetted address, so a
 * DNS answer that changes between the check and the connection (rebinding) cannot slip through.
 * Retries are the caller's business (callbacks retry through the job queue).
 */

/** A request Parley refuses to send, or one that failed on the way; the message is the precise reason. */
export class OutboundError extends Error {
  override name = 'OutboundError';
}

export interface OutboundOptions {
  /** Allow loopback and private destinations (ALLOW_PRIVATE_OUTBOUND=1; tests run receivers on 127.0.0.1). */
  allowPrivate: boolean;
  timeoutMs?: number;
  maxResponseBytes?: number;
}

export interface OutboundResponse {
  status: number;
  body: string;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

// Destinations that are not the public internet: loopback, private, shared, link-local (cloud
// metadata lives at 169.254.169.254), multicast, documentation, benchmarking and reserved ranges.
const BLOCKED_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const BLOCKED_V6: [string, number][] = [
  ['::', 128],
  ['::1', 128],
  ['::', 96] /* IPv4-compatible (deprecated) */,
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32] /* Teredo */,
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
];

const blocked = new BlockList();
for (const [net, prefix] of BLOCKED_V4) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of BLOCKED_V6) blocked.addSubnet(net, prefix, 'ipv6');

/** True for any address that is not plainly on the public internet (unparseable counts as blocked). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  // BlockList matches ::ffff:a.b.c.d against the IPv4 ranges itself; NAT64 and 6to4 embed an IPv4 address elsewhere.
  const embedded = embeddedIpv4(address);
  return blocked.check(address, 'ipv6') || (embedded !== undefined && blocked.check(embedded, 'ipv4'));
}

/** The IPv4 address inside a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
function embeddedIpv4(address: string): string | undefined {
  const h = hextets(address);
  const quad = (hi: number, lo: number) => [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  if (h[0] === 0x64 && h[1] === 0xff9b && h.slice(2, 6).every((x) => x === 0)) return quad(h[6], h[7]);
  if (h[0] === 0x2002) return quad(h[1], h[2]);
  return undefined;
}

function hextets(address: string): number[] {
  let text = address.split('%')[0].toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = text.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map((x) => parseInt(x, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  return tail === undefined ? left : [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
}

/** Syntax rules for a destination URL: http(s), a host, no credentials. Returns the parsed URL. */
export function parseOutboundUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError(`"${raw}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundError(`URL scheme must be http or https, not ${url.protocol.slice(0, -1)}`);
  if (url.username || url.password) throw new OutboundError('URL must not contain credentials (user:password@)');
  if (!url.hostname) throw new OutboundError('URL has no host');
  return url;
}

const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** Resolves a host to all its addresses, refusing the lot if any of them is private (unless allowed). */
export async function resolveVetted(host: string, allowPrivate: boolean, family = 0): Promise<LookupAddress[]> {
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(host, { all: true, family }, (error, found) => (error ? reject(new OutboundError(`host "${host}" does not resolve (${error.code ?? error.message})`)) : resolve(found))),
  );
  const bad = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
  if (bad) {
    const via = bad.address === host ? '' : ` resolves to ${bad.address}, which`;
    throw new OutboundError(`host "${host}"${via} is a private, loopback, link-local or reserved address; Parley only calls public addresses (set ALLOW_PRIVATE_OUTBOUND=1 to allow)`);
  }
  return addresses;
}

const familyNumber = (family: LookupOptions['family']) => (family === 'IPv4' ? 4 : family === 'IPv6' ? 6 : (family ?? 0));

/** A `net.connect` lookup that only ever hands the socket vetted addresses (the pin against rebinding). */
function vettedLookup(allowPrivate: boolean): LookupFunction {
  return (host, options, callback) => {
    resolveVetted(host, allowPrivate, familyNumber(options.family)).then(
      (addresses) => (options.all ? callback(null, addresses) : callback(null, addresses[0].address, addresses[0].family)),
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

export class OutboundHttp {
  private agent: Agent;
  private timeoutMs: number;
  private maxResponseBytes: number;

  constructor(private options: OutboundOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.agent = new Agent({ connect: { lookup: vettedLookup(options.allowPrivate), timeout: this.timeoutMs } });
  }

  /** Full check for a URL being saved: syntax, then the host's current addresses. */
  async checkUrl(raw: string): Promise<URL> {
    const url = parseOutboundUrl(raw);
    await resolveVetted(bareHost(url), this.options.allowPrivate);
    return url;
  }

  /** POSTs a JSON body; resolves with any HTTP status (callers decide what success is), rejects on transport failure. */
  async postJson(rawUrl: string, body: string, headers: Record<string, string> = {}, timeoutMs = this.timeoutMs): Promise<OutboundResponse> {
    const url = parseOutboundUrl(rawUrl);
    // Sockets skip the lookup for IP literals, so those are vetted here.
    if (isIP(bareHost(url))) await resolveVetted(bareHost(url), this.options.allowPrivate);
    try {
      const response = await request(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Parley', ...headers },
        dispatcher: this.agent,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await this.readCapped(response.body);
      return { status: response.statusCode, body: text };
    } catch (error) {
      throw this.describe(error as Error);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async readCapped(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size > this.maxResponseBytes) {
        body.destroy();
        throw new OutboundError(`response body is larger than ${this.maxResponseBytes} bytes`);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private describe(error: Error): Error {
    if (error instanceof OutboundError) return error;
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return new OutboundError(`no response within ${this.timeoutMs} ms`);
    const cause = (error as { cause?: Error }).cause;
    if (cause instanceof OutboundError) return cause;
    const code = (error as { code?: string }).code ?? (cause as { code?: string } | undefined)?.code;
    return new OutboundError(code ? `${code}: ${error.message}` : error.message);
  }
}
