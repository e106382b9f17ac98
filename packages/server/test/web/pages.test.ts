import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, createRestClient, startTestServer, type ApiClient, type TestServer } from '../harness.ts';

// The browser apps' pages and files (the apps themselves are tested in packages/widget and packages/web).
describe('web pages', () => {
  let test: TestServer;
  let publicKey: string;
  let api: ApiClient;

  beforeAll(async () => {
    test = await startTestServer();
    const rest = await createRestClient(test);
    api = createApiClient(test, rest);
    const { services } = test.server;
    await services.accounts.update(rest.sdkAppId, services.accounts.defaultAccountId, { nick: '</title><script>alert(1)</script>' });
    publicKey = (await services.customers.publicKeyOf(rest.sdkAppId, services.accounts.defaultAccountId))!;
  });
  afterAll(() => test.close());

  it("serves an account's chat page with its public key and a strict CSP", async () => {
    const response = await fetch(`${test.baseUrl}/chat/${publicKey}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    const html = await response.text();
    expect(html).toContain('/widget/chat.js');
    const config = JSON.parse(html.match(/<script type="application\/json" id="parley-config">(.*?)<\/script>/s)![1]);
    expect(config.publicKey).toBe(publicKey);
  });

  it('never lets an account name break out of the page', async () => {
    const html = await (await fetch(`${test.baseUrl}/chat/${publicKey}`)).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;/title&gt;&lt;script&gt;');
  });

  it('answers 404 for an unknown or malformed key', async () => {
    expect((await fetch(`${test.baseUrl}/chat/0123456789abcdef0123456789abcdef`)).status).toBe(404);
    expect((await fetch(`${test.baseUrl}/chat/${encodeURIComponent('<x>')}`)).status).toBe(404);
  });

  it('draws the chat link as a QR code, and offers it as a download', async () => {
    const response = await fetch(`${test.baseUrl}/chat/${publicKey}/qr.svg?download=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('image/svg+xml');
    expect(response.headers.get('content-disposition')).toContain('attachment');
    expect(await response.text()).toMatch(/^<svg[\s\S]*<path/);
    expect((await fetch(`${test.baseUrl}/chat/0123456789abcdef0123456789abcdef/qr.svg`)).status).toBe(404);
  });

  it('serves the widget files cross-origin and the workbench shell', async () => {
    const embed = await fetch(`${test.baseUrl}/widget/embed.js`);
    expect(embed.status).toBe(200);
    expect(embed.headers.get('access-control-allow-origin')).toBe('*');
    expect((await fetch(`${test.baseUrl}/widget/chat.js`)).headers.get('content-type')).toContain('javascript');
    const workbench = await fetch(`${test.baseUrl}/workbench/`);
    expect(workbench.status).toBe(200);
    expect(await workbench.text()).toContain('/workbench/assets/workbench.js');
    expect((await fetch(`${test.baseUrl}/workbench/sdk.js`)).status).toBe(200);
    expect((await fetch(`${test.baseUrl}/workbench/assets/../../package.json`)).status).toBe(404);
  });

  it("lists each account's web channel for the console, and rotating a key retires the old link", async () => {
    const list = await api.request('GET', '/web-channels?q=');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    const [channel] = list.body.items;
    expect(channel).toMatchObject({ isDefault: true, publicKey, chatUrl: `${test.baseUrl}/chat/${publicKey}`, qrCodeUrl: `${test.baseUrl}/chat/${publicKey}/qr.svg` });
    expect(channel.embedScript).toBe(`<script src="${test.baseUrl}/widget/embed.js" data-key="${publicKey}" async></script>`);
    expect((await api.request('GET', '/web-channels?q=no-such-account')).body).toMatchObject({ total: 0, items: [] });

    const rotated = await api.request('POST', `/web-channels/${encodeURIComponent(channel.accountId)}/rotate-key`, {});
    expect(rotated.status).toBe(200);
    expect(rotated.body.publicKey).not.toBe(publicKey);
    expect((await fetch(`${test.baseUrl}/chat/${publicKey}`)).status).toBe(404);
    expect((await fetch(rotated.body.chatUrl)).status).toBe(200);
    expect((await api.request('POST', '/web-channels/no-such-account/rotate-key', {})).status).toBe(404);
    publicKey = rotated.body.publicKey;
  });
});
