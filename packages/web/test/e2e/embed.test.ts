// Embedding the workbench in another system (spec 03 §2, issue 6) in a real browser. A tiny
// "integrator" site on another origin plays both of its parts: its backend asks Parley for an SdkURL
// with the app administrator's UserSig (like CreateSDKLoginToken), its front end loads that URL as a
// script with data-render-dom-id and listens to window.tccc.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import TLSSigAPIv2 from 'tls-sig-api-v2';
import { describeBrowser, shot, startDesk, type Desk, type DeskLogin } from '@parley/server/test/browser.ts';
import { launchTestBrowser, stripedPng, type TestBrowser } from './fixtures.ts';

/** The integrator's page: its own header and navigation, and the element the workbench fills. */
const HOST_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Acme CRM</title>
<style>
  body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: #eef1f5; color: #1f2937; }
  header { display: flex; align-items: center; gap: 24px; height: 48px; padding: 0 20px; background: #0f766e; color: #fff; }
  header strong { font-size: 16px; }
  main { display: flex; gap: 16px; padding: 16px; }
  aside { width: 200px; background: #fff; border-radius: 8px; padding: 12px; }
  #workbench { width: 1020px; height: 640px; background: #fff; border-radius: 8px; overflow: hidden; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  #log { margin: 8px 0 0; padding-left: 18px; font-size: 12px; color: #475569; }
</style></head>
<body><header><strong>Acme CRM</strong><span>Customers</span><span>Orders</span><span>Service desk</span></header>
<main><aside><b>SDK events</b><ol id="log"></ol></aside><div id="workbench"></div></main>
<script src="/app.js"></script></body></html>`;

/**
 * The integrator's front end, as spec 03 §2.4 step 3 has it: guard against a second init, get the
 * SdkURL from its own backend, insert it as a script, listen to every tccc event.
 */
const HOST_SCRIPT = `
window.hostLog = [];
const EVENTS = ['ready', 'tokenExpired', 'callIn', 'userAccessed', 'autoTransfer', 'sessionEnded', 'transfer', 'statusChanged', 'userChanged'];
async function initWorkbench(options) {
  if (window.tccc) { console.warn('already initialised'); return; }
  const response = await fetch('/loginTCCC' + (options.reuse ? '?reuse=1' : ''));
  const { sdkUrl } = await response.json();
  const script = document.createElement('script');
  script.crossOrigin = 'anonymous';
  script.src = sdkUrl;
  if (!options.floating) script.dataset.renderDomId = 'workbench';
  script.addEventListener('load', () => {
    for (const name of EVENTS) {
      window.tccc.on(window.tccc.events[name], (payload) => {
        window.hostLog.push({ name, payload });
        const item = document.createElement('li');
        item.textContent = name + (payload && payload.sessionId ? ' ' + payload.sessionId.slice(0, 8) : payload && payload.status ? ' ' + payload.status : '');
        document.getElementById('log').append(item);
      });
    }
  });
  document.body.appendChild(script);
}
const params = new URLSearchParams(location.search);
initWorkbench({ floating: params.has('floating'), reuse: params.has('reuse') });
`;

declare global {
  interface Window {
    hostLog: { name: string; payload: any }[];
  }
}

describeBrowser('embedding the workbench in another system (spec 03 §2)', () => {
  let desk: Desk;
  let browser: TestBrowser;
  let host: Server;
  let hostUrl: string;
  /** What the integrator's backend hands out next, and the SdkURLs it got. */
  let agentForHost: DeskLogin;
  const issued: string[] = [];

  /** The integrator's backend: POST /api/workbench/sdk-login signed with the administrator's UserSig. */
  async function sdkLogin(memberId: string): Promise<string> {
    const { sdkAppId, secretKey, admin } = desk.rest;
    const sig = new TLSSigAPIv2.Api(sdkAppId, secretKey).genSig(admin, 600);
    const response = await fetch(`${desk.baseUrl}/api/workbench/sdk-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-parley-app': String(sdkAppId), 'x-parley-identifier': admin, authorization: `UserSig ${sig}` },
      body: JSON.stringify({ memberId }),
    });
    const body = (await response.json()) as { sdkUrl: string };
    expect(response.status, JSON.stringify(body)).toBe(200);
    issued.push(body.sdkUrl);
    return body.sdkUrl;
  }

  const open = async (query = '') => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1300, height: 780 } });
    const page = await context.newPage();
    await page.goto(`${hostUrl}/${query}`);
    return page;
  };
  const eventsOf = (page: Page, name: string) => page.evaluate((n) => window.hostLog.filter((e) => e.name === n).map((e) => e.payload), name);
  const waitForEvent = async (page: Page, name: string, match: (payload: any) => boolean = () => true) => {
    await page.waitForFunction((n) => window.hostLog.some((e) => e.name === n), name);
    const found = (await eventsOf(page, name)).find(match);
    expect(found, `${name} on the host page`).toBeTruthy();
    return found;
  };
  const workbenchFrame = async (page: Page): Promise<Frame> => {
    const handle = await page.waitForSelector('#parley-workbench-frame');
    return (await handle.contentFrame())!;
  };

  beforeAll(async () => {
    desk = await startDesk({ agents: 2 });
    expect((await desk.api.request('PUT', '/settings/service', { receptionMode: 'auto' })).status).toBe(200);
    agentForHost = desk.agents[0];
    host = createServer(async (request, response) => {
      const url = new URL(request.url ?? '/', 'http://host');
      if (url.pathname === '/app.js') return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(HOST_SCRIPT);
      if (url.pathname === '/loginTCCC') {
        // ?reuse=1: a broken integrator that hands out an SdkURL it already used.
        const sdkUrl = url.searchParams.has('reuse') ? issued[issued.length - 1] : await sdkLogin(agentForHost.memberId);
        return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sdkUrl }));
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HOST_PAGE);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    // Parley is at 127.0.0.1; the integrator at localhost: another site, so no Parley cookie could help.
    hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`;
    browser = await launchTestBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => host?.close(resolve));
    await desk?.close();
  });

  it('fills the integrator’s element, logged in as the agent; the page sets the status and hears the session come in', { timeout: 180_000 }, async () => {
    const page = await open();
    const warnings: string[] = [];
    page.on('console', (message) => void (message.type() === 'warning' && warnings.push(message.text())));

    await waitForEvent(page, 'ready');
    const frame = await workbenchFrame(page);
    expect(new URL(frame.url()).origin).toBe(desk.baseUrl);
    expect(frame.url()).not.toContain('embed='); // the spent token leaves the address at once
    await frame.getByTestId('status-switch').waitFor();
    expect(await frame.getByTestId('agent-name').textContent()).toBe(agentForHost.nick);
    // Embedded: the host page owns the login, so there is no logout.
    await frame.getByTestId('user-menu').click();
    expect(await frame.getByTestId('logout-button').count()).toBe(0);
    await frame.getByTestId('user-menu').click();
    const box = (await page.locator('#parley-workbench-frame').boundingBox())!;
    expect([Math.round(box.width), Math.round(box.height)]).toEqual([1020, 640]);
    expect(warnings.some((w) => w.includes('760'))).toBe(false);

    // The integrator sets the agent free (spec status) and the server has the agent idle.
    expect(await page.evaluate(() => window.tccc!.Agent.setStatus({ status: 'free' }))).toEqual({ status: 'success' });
    expect((await desk.test.server.services.routing.agents.get(desk.app.sdkAppId, agentForHost.memberId))?.status).toBe('idle');
    await waitForEvent(page, 'statusChanged', (p) => p.status === 'free');
    expect(await page.evaluate(() => window.tccc!.Agent.getStatus())).toBe('free');
    await frame.locator('[data-testid="status-switch"][data-status="idle"]').waitFor();
    expect(await page.evaluate(() => window.tccc!.Agent.setStatus({ status: 'arrange' }))).toMatchObject({ status: 'error', errorMsg: expect.stringContaining('phone') });

    // A second init is refused with the spec's warning.
    await page.evaluate((src) => {
      const again = document.createElement('script');
      again.src = src;
      document.body.append(again);
    }, issued[0]);
    await expect.poll(() => warnings.some((w) => w.includes('已经初始化SDK了'))).toBe(true);
    expect(await page.locator('#parley-workbench-frame').count()).toBe(1);

    // A customer asks for a human through the chat HTTP API: the session comes in on the host page.
    const visitor = await post(`${desk.baseUrl}/chat/v1/visitor`, { publicKey: desk.publicKey, nick: 'Vera Visitor' });
    const customer = { 'x-parley-app': String(visitor.sdkAppId), 'x-parley-user': visitor.userId, authorization: `UserSig ${visitor.userSig}` };
    await post(`${desk.baseUrl}/chat/v1/messages`, { accountId: visitor.accountId, msgRandom: 'embed-1', body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: '转人工' } }] }, customer);
    const callIn = await waitForEvent(page, 'callIn');
    expect(callIn).toMatchObject({ type: 'im', nickname: 'Vera Visitor', timeout: 0 });
    expect(callIn.sessionId).toMatch(/\S/);
    await frame.locator(`[data-testid="session-item"][data-session-id="${callIn.sessionId}"]`).waitFor();

    // The page opens that session and sends the customer a product card (src 22) through the agent.
    expect(await page.evaluate((id) => window.tccc!.UI.selectCurrentSession(id), callIn.sessionId)).toEqual({ status: 'success' });
    // The card's picture is served by Parley (this machine has no other network).
    const picture = await upload(`${desk.baseUrl}/chat/v1/files?kind=image`, stripedPng(160, 160, [20, 120, 110], [240, 200, 60]), customer);
    const card = { header: 'Trail shoes', desc: 'Size 42, in stock', pic: new URL(picture.url, desk.baseUrl).href, url: 'https://example.com/shoes' };
    expect(await page.evaluate(([id, payload]) => window.tccc!.Chat.sendCardMessage({ sessionId: id, payload }), [callIn.sessionId, card] as const)).toEqual({ status: 'success' });
    expect(await page.evaluate((id) => window.tccc!.Chat.sendCardMessage({ sessionId: id, payload: { header: 'No picture' } }), callIn.sessionId)).toEqual({
      status: 'error',
      errorMsg: 'sendCardMessage: options.payload.desc must be a string',
    });
    const events = await get(`${desk.baseUrl}/chat/v1/events?accountId=${encodeURIComponent(visitor.accountId)}&after=0&wait=0`, customer);
    const cards = events.events.filter((e: any) => e.msgBody?.[0]?.MsgType === 'TIMCustomElem').map((e: any) => JSON.parse(e.msgBody[0].MsgContent.Data));
    expect(cards).toContainEqual({ src: '22', content: card, customerServicePlugin: 0 });
    await frame.waitForFunction((src) => [...document.images].some((img) => img.src === src && img.complete && img.naturalWidth > 0), card.pic);
    await shot(page, 'embed/01-host-page-with-workbench');

    // Hiding and showing the embedded workbench.
    await page.evaluate(() => window.tccc!.UI.hideWorkbench());
    expect(await page.locator('#parley-workbench-frame').isVisible()).toBe(false);
    await page.evaluate(() => window.tccc!.UI.showWorkbench());
    expect(await page.locator('#parley-workbench-frame').isVisible()).toBe(true);
  });

  it('a reused SdkURL fires tokenExpired with the reason, and no ready', { timeout: 120_000 }, async () => {
    // The token of the last SdkURL was spent by the first test's page; this host hands it out again.
    const page = await open('?reuse=1');
    const expired = await waitForEvent(page, 'tokenExpired');
    expect(expired.message).toContain('already used');
    expect(await eventsOf(page, 'ready')).toEqual([]);
    expect(await page.evaluate(() => window.tccc!.Agent.setStatus({ status: 'free' }))).toMatchObject({ status: 'error', errorMsg: expect.stringContaining('not ready') });
    await shot(page, 'embed/02-reused-token');
  });

  it('without data-render-dom-id: a floating button opens the workbench in a floating window', { timeout: 120_000 }, async () => {
    agentForHost = desk.agents[1];
    const page = await open('?floating');
    await waitForEvent(page, 'ready');
    const button = page.locator('#parley-workbench-button');
    await button.waitFor();
    expect(await page.locator('#parley-workbench-window').isVisible()).toBe(false);
    await button.click();
    const frame = await workbenchFrame(page);
    await frame.getByTestId('status-switch').waitFor();
    expect(await frame.getByTestId('agent-name').textContent()).toBe(desk.agents[1].nick);
    expect(await page.locator('#parley-workbench-window').isVisible()).toBe(true);
    await shot(page, 'embed/03-floating-window');
    await page.evaluate(() => window.tccc!.UI.hidefloatButton());
    expect(await button.isVisible()).toBe(false);
    await page.evaluate(() => window.tccc!.UI.hide());
    expect(await page.locator('#parley-workbench-window').isVisible()).toBe(false);
  });
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = await response.json();
  expect(response.status, JSON.stringify(json)).toBeLessThan(300);
  return json;
}

async function upload(url: string, bytes: Buffer, headers: Record<string, string>): Promise<{ url: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'image/png', 'x-file-name': 'shoes.png', ...headers }, body: new Uint8Array(bytes) });
  const json = await response.json();
  expect(response.status, JSON.stringify(json)).toBe(200);
  return json;
}

async function get(url: string, headers: Record<string, string>): Promise<any> {
  const response = await fetch(url, { headers: { accept: 'application/json', ...headers } });
  const json = await response.json();
  expect(response.status, JSON.stringify(json)).toBe(200);
  return json;
}
