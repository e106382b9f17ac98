// How the server hands out the console: `/` leads to it, every client route gets the shell, the shell's
// CSP allows scripts from this server only and <style> elements only with this response's nonce.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@parley/server/test/harness.ts';

describe('the console page', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  }, 60_000);
  afterAll(async () => {
    await test?.close();
  });

  const get = (path: string) => fetch(test.baseUrl + path, { redirect: 'manual' });

  it('is where / leads', async () => {
    const root = await get('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console/');
    expect((await get('/console')).headers.get('location')).toBe('/console/');
  });

  it('serves one shell for every client route, with a fresh style nonce and no framing', async () => {
    const nonces = new Set<string>();
    for (const path of ['/console/', '/console/robots', '/console/robots/default/faq']) {
      const response = await get(path);
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      const nonce = /style-src-elem 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce).toBeTruthy();
      nonces.add(nonce!);
      const html = await response.text();
      expect(html).toContain('<script type="module" src="/console/assets/console.js">');
      expect(html).toContain(`"styleNonce":"${nonce}"`);
    }
    expect(nonces.size).toBe(3);
  });

  it('serves the built script and its chunks, and 404s a missing asset', async () => {
    const script = await get('/console/assets/console.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    const chunk = /from"\.\/(chunks\/[^"]+\.js)"/.exec(await script.text())?.[1];
    expect(chunk).toBeTruthy();
    expect((await get(`/console/assets/${chunk}`)).status).toBe(200);
    expect((await get('/console/assets/nope.js')).status).toBe(404);
  });
});
