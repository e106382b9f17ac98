import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isPrivateAddress, OutboundHttp, parseOutboundUrl } from './http-out.ts';

// Fake DNS for names the tests own; everything else resolves for real.
const fakeDns: Record<string, string[]> = {
  'public.test': ['93.184.216.34'],
  'intranet.test': ['10.1.2.3'],
  'metadata.test': ['169.254.169.254'],
  'mixed.test': ['93.184.216.34', '192.168.1.10'],
  'v6private.test': ['fd12:3456::1'],
  'pinned.test': ['127.0.0.1'],
};
let rebindCalls = 0;
vi.mock('node:dns', async (importOriginal) => {
  const dns = await importOriginal<typeof import('node:dns')>();
  const lookup = (host: string, options: any, callback: any) => {
    const answer = host === 'rebind.test' ? [rebindCalls++ === 0 ? '93.184.216.34' : '127.0.0.1'] : fakeDns[host];
    if (!answer) return dns.lookup(host, options, callback);
    const all = answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    queueMicrotask(() => (options.all ? callback(null, all) : callback(null, all[0].address, all[0].family)));
  };
  return { ...dns, default: { ...dns, lookup }, lookup };
});

describe('private address classification', () => {
  it.each([
    '127.0.0.1',
    '127.9.9.9',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '0.0.0.0',
    '224.0.0.1',
    '240.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '192.0.2.1',
    '::',
    '::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '2001:db8::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:a9fe:a9fe',
    '::ffff:192.168.0.1',
    '64:ff9b::10.0.0.1',
    '2002:c0a8:101::1',
    'not-an-ip',
  ])('%s is private', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8'])('%s is public', (address) =>
    expect(isPrivateAddress(address)).toBe(false),
  );
});

describe('URL rules', () => {
  it('accepts http and https only, without credentials', () => {
    expect(parseOutboundUrl('https://example.com/hook?x=1').hostname).toBe('example.com');
    expect(() => parseOutboundUrl('ftp://example.com/')).toThrow('URL scheme must be http or https, not ftp');
    expect(() => parseOutboundUrl('file:///etc/passwd')).toThrow('not file');
    expect(() => parseOutboundUrl('https://user:pw@example.com/')).toThrow('must not contain credentials');
    expect(() => parseOutboundUrl('example.com/hook')).toThrow('is not an absolute URL');
  });

  const guarded = new OutboundHttp({ allowPrivate: false });
  afterAll(() => guarded.close());

  it.each([
    ['http://127.0.0.1/x', 'host "127.0.0.1" is a private'],
    ['http://[::1]/x', 'host "::1" is a private'],
    ['http://[::ffff:10.0.0.1]/x', 'is a private'],
    ['http://169.254.169.254/latest/meta-data', 'is a private'],
    ['http://localhost:8080/x', 'host "localhost" resolves to'],
    ['https://intranet.test/x', 'host "intranet.test" resolves to 10.1.2.3'],
    ['https://metadata.test/x', 'resolves to 169.254.169.254'],
    ['https://mixed.test/x', 'resolves to 192.168.1.10'],
    ['https://v6private.test/x', 'resolves to fd12:3456::1'],
  ])('refuses %s when saved', async (url, message) => {
    await expect(guarded.checkUrl(url)).rejects.toThrow(message);
  });

  it('accepts a host with only public addresses, and allows private ones when configured', async () => {
    await expect(guarded.checkUrl('https://public.test/hook')).resolves.toBeInstanceOf(URL);
    const open = new OutboundHttp({ allowPrivate: true });
    await expect(open.checkUrl('http://intranet.test/x')).resolves.toBeInstanceOf(URL);
    await open.close();
  });
});

describe('POST', () => {
  let receiver: Server;
  let port: number;
  const seen: { url: string; body: string; headers: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ url: req.url!, body, headers: req.headers });
        if (req.url === '/slow') return void setTimeout(() => res.end('late'), 500);
        if (req.url === '/big') return void res.end('x'.repeat(5_000));
        if (req.url === '/redirect') return void res.writeHead(302, { location: '/ok' }).end();
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ActionStatus":"OK"}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('posts JSON and returns status and body', async () => {
    const http = new OutboundHttp({ allowPrivate: true });
    const response = await http.postJson(`http://127.0.0.1:${port}/ok`, '{"a":1}', { 'x-test': 'yes' });
    expect(response).toMatchObject({ status: 200, body: '{"ActionStatus":"OK"}' });
    expect(seen.at(-1)).toMatchObject({ body: '{"a":1}', headers: { 'x-test': 'yes', 'content-type': 'application/json; charset=utf-8' } });
    await http.close();
  });

  it('refuses private destinations at connect time, including names resolving to them', async () => {
    const http = new OutboundHttp({ allowPrivate: false });
    const before = seen.length;
    await expect(http.postJson(`http://127.0.0.1:${port}/ok`, '{}')).rejects.toThrow('is a private');
    await expect(http.postJson(`http://localhost:${port}/ok`, '{}')).rejects.toThrow('host "localhost" resolves to');
    expect(seen.length).toBe(before);
    await http.close();
  });

  it('connects to the address it vetted, so a rebinding answer is caught', async () => {
    const http = new OutboundHttp({ allowPrivate: false });
    rebindCalls = 0;
    await expect(http.checkUrl(`http://rebind.test:${port}/ok`)).resolves.toBeInstanceOf(URL); // first answer: public
    await expect(http.postJson(`http://rebind.test:${port}/ok`, '{}')).rejects.toThrow('resolves to 127.0.0.1'); // second: loopback
    await http.close();
    const open = new OutboundHttp({ allowPrivate: true });
    expect((await open.postJson(`http://pinned.test:${port}/ok`, '{}')).status).toBe(200); // the socket used our lookup
    expect(seen.at(-1)!.headers.host).toBe(`pinned.test:${port}`);
    await open.close();
  });

  it('times out, caps the response body and does not follow redirects', async () => {
    const http = new OutboundHttp({ allowPrivate: true, timeoutMs: 100, maxResponseBytes: 1_000 });
    await expect(http.postJson(`http://127.0.0.1:${port}/slow`, '{}')).rejects.toThrow('no response within 100 ms');
    await expect(http.postJson(`http://127.0.0.1:${port}/big`, '{}')).rejects.toThrow('response body is larger than 1000 bytes');
    expect((await http.postJson(`http://127.0.0.1:${port}/redirect`, '{}')).status).toBe(302);
    expect(seen.at(-1)!.url).toBe('/redirect');
    await http.close();
  });

  it('reports a refused connection as an outbound error', async () => {
    const http = new OutboundHttp({ allowPrivate: true });
    await expect(http.postJson('http://127.0.0.1:1/x', '{}')).rejects.toThrow('ECONNREFUSED');
    await http.close();
  });
});
