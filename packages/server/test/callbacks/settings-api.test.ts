import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness.ts';
import { createCallbackApp, type CallbackApp } from './fixture.ts';

// ALLOW_PRIVATE_OUTBOUND is off here, as in production.
describe('callback settings API', () => {
  let test: TestServer;
  let app: CallbackApp;
  let other: CallbackApp;

  beforeAll(async () => {
    test = await startTestServer();
    app = await createCallbackApp(test, 'First');
    other = await createCallbackApp(test, 'Second');
  });
  afterAll(() => test?.close());

  it('reports an unconfigured callback', async () => {
    const response = await app.api.request('GET', '/callbacks');
    expect(response).toEqual({ status: 200, body: { url: null, enabled: false, events: null, secret: null, updatedAt: null } });
    expect((await app.api.request('POST', '/callbacks/secret')).status).toBe(404);
  });

  it.each([
    ['http://127.0.0.1:9000/hook', 'url: host "127.0.0.1" is a private, loopback, link-local or reserved address; Parley only calls public addresses (set ALLOW_PRIVATE_OUTBOUND=1 to allow)'],
    ['http://169.254.169.254/latest/meta-data/', 'url: host "169.254.169.254" is a private'],
    ['http://[::1]/hook', 'url: host "::1" is a private'],
    ['http://[fd00::5]/hook', 'url: host "fd00::5" is a private'],
    ['http://[::ffff:192.168.1.1]/hook', 'is a private'],
    ['http://localhost/hook', 'url: host "localhost" resolves to'],
    ['ftp://example.com/hook', 'url: URL scheme must be http or https, not ftp'],
    ['https://admin:pw@example.com/hook', 'url: URL must not contain credentials (user:password@)'],
    ['not a url', 'url: "not a url" is not an absolute URL'],
  ])('refuses %s with a precise message', async (url, message) => {
    const response = await app.api.request('PUT', '/callbacks', { url, enabled: true });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(message);
  });

  it('validates the event filter', async () => {
    const unknown = await app.api.request('PUT', '/callbacks', { url: 'http://127.0.0.1/', enabled: true, events: ['StreamChunk'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('events.0');
    const empty = await app.api.request('PUT', '/callbacks', { url: 'http://127.0.0.1/', enabled: true, events: [] });
    expect(empty.body.error.message).toContain('list at least one event, or send null for all');
  });

  it('saves settings with a generated secret, rotates it, and keeps apps apart', async () => {
    // A public address literal passes the guard without any DNS lookup.
    const saved = await app.api.request('PUT', '/callbacks', { url: 'https://93.184.216.34/desk', enabled: true, events: ['SessionEnd'] });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ url: 'https://93.184.216.34/desk', enabled: true, events: ['SessionEnd'] });
    expect(saved.body.secret).toMatch(/^[0-9a-f]{64}$/);

    const updated = await app.api.request('PUT', '/callbacks', { url: 'https://93.184.216.34/desk2', enabled: false });
    expect(updated.body).toMatchObject({ url: 'https://93.184.216.34/desk2', enabled: false, events: null, secret: saved.body.secret });

    const rotated = await app.api.request('POST', '/callbacks/secret');
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated.body.secret).not.toBe(saved.body.secret);
    expect((await app.api.request('GET', '/callbacks')).body.secret).toBe(rotated.body.secret);

    expect((await other.api.request('GET', '/callbacks')).body.url).toBeNull();
    expect((await other.api.request('GET', '/callbacks/deliveries')).body).toEqual({ total: 0, page: 1, pageSize: 20, items: [] });
  });

  it('validates the deliveries query', async () => {
    const response = await app.api.request('GET', '/callbacks/deliveries?status=lost&pageSize=500');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/pageSize.*status|status.*pageSize/s);
  });

  it('requires the app administrator', async () => {
    const response = await fetch(`${test.baseUrl}/api/callbacks`);
    expect(response.status).toBe(401);
  });
});
