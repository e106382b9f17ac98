// The customer's side in a real browser: the H5 chat page against a server seeded like the demo
// (FAQ robot, nobody online), a network that drops mid-conversation, and the script embed on a page
// of another origin.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, shot, startDesk, type Desk } from '@parley/server/test/browser.ts';

/** A phone-sized screen with a Chinese browser, like most of the demo's customers. */
const PHONE = { viewport: { width: 390, height: 844 }, locale: 'zh-CN', deviceScaleFactor: 2, hasTouch: true };
const WAIT = { timeout: 15_000 };

let desk: Desk;
let browser: Browser;

beforeAll(async () => {
  [desk, browser] = await Promise.all([startDesk({ agents: 1 }), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await desk?.close();
});

type Surface = Page | Frame;

/** The texts of the customer's own text messages on screen, in order. */
function customerTexts(surface: Surface): Promise<string[]> {
  return surface.locator('[data-testid="message"][data-role="customer"] .pl-text').allTextContents();
}

async function send(surface: Surface, text: string): Promise<void> {
  await surface.getByTestId('composer-input').fill(text);
  await surface.getByTestId('composer-input').press('Enter');
}

/** Waits until a message from the service side contains `text`. */
async function serviceSays(surface: Surface, text: string): Promise<void> {
  await surface.locator('[data-testid="message"]:not([data-role="customer"])', { hasText: text }).last().waitFor(WAIT);
}

async function openChat(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(desk.chatUrl);
  await page.getByTestId('welcome-card').waitFor(WAIT);
  return page;
}

describeBrowser('customer chat (H5 page)', () => {
  it('greets with the welcome card, answers FAQ questions and clarifies, and says when nobody is online', async () => {
    const context = await browser.newContext(PHONE);
    const page = await openChat(context);
    await page.locator('[data-testid="connection-status"][data-state="online"]').waitFor(WAIT);
    expect(await page.getByTestId('card-question').allTextContents()).toContain('多久可以发货');
    await shot(page, 'customer/01-welcome');

    await send(page, '多久可以发货');
    await serviceSays(page, '24 小时内发货');
    expect(await customerTexts(page)).toEqual(['多久可以发货']);
    await shot(page, 'customer/02-faq-answer');

    // An ambiguous question gets "did you mean" suggestions; tapping one asks it.
    await send(page, '怎么修改');
    const clarify = page.getByTestId('clarify-card').last();
    await clarify.waitFor(WAIT);
    await clarify.getByTestId('card-question').filter({ hasText: '如何修改登录密码' }).click();
    await serviceSays(page, '忘记密码');
    expect(await customerTexts(page)).toEqual(['多久可以发货', '怎么修改', '如何修改登录密码']);
    await shot(page, 'customer/03-clarify-answer');

    // Nobody of the team is online: the request for a person gets the account's "no agent" prompt.
    await page.getByTestId('human-button').click();
    await serviceSays(page, '当前无客服在线');
    await page.getByTestId('human-button').waitFor(WAIT); // back with the robot: the button stays
    expect(await page.getByTestId('queue-status').count()).toBe(0);
    await shot(page, 'customer/04-no-agent');

    // The language switch changes the app's own texts.
    await page.getByTestId('language-switch').click();
    expect(await page.getByTestId('composer-input').getAttribute('placeholder')).toBe('Type a message…');
    expect(await page.getByTestId('human-button').textContent()).toContain('Talk to a human');
    await shot(page, 'customer/05-english');
    await context.close();
  });

  it('sends an image, a file and an emoji', async () => {
    const context = await browser.newContext(PHONE);
    const page = await openChat(context);
    await page.getByTestId('attach-image').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: await drawPng(page) });
    const image = page.locator('[data-testid="message"][data-role="customer"] img');
    await image.waitFor(WAIT);
    await page.locator('[data-testid="message"][data-role="customer"][data-delivery="sent"]').waitFor(WAIT);
    expect(await image.getAttribute('src')).toMatch(/\/chat\/v1\/files\//);
    expect(await page.getByTestId('upload-progress').count()).toBe(0); // gone once sent

    await page.getByTestId('attach-file').setInputFiles({ name: '订单明细.txt', mimeType: 'text/plain', buffer: Buffer.from('order 42\n') });
    await page.locator('[data-testid="message"][data-role="customer"][data-delivery="sent"]', { hasText: '订单明细.txt' }).waitFor(WAIT);

    await page.getByTestId('composer-input').fill('谢谢');
    await page.getByTestId('emoji-button').click();
    await page.getByRole('button', { name: '👍' }).click();
    expect(await page.getByTestId('composer-input').inputValue()).toBe('谢谢👍');
    await page.getByTestId('send-button').click();
    await page.locator('[data-testid="message"][data-role="customer"]', { hasText: '谢谢👍' }).waitFor(WAIT);
    await shot(page, 'customer/06-image-and-emoji');
    await context.close();
  });

  it('loses and doubles nothing when the network drops mid-conversation', async () => {
    const context = await browser.newContext(PHONE);
    // Keep a handle on the page's sockets so the test can cut them like a dying network would.
    await context.addInitScript(() => {
      const Native = window.WebSocket;
      const sockets: WebSocket[] = [];
      (window as unknown as { __sockets: WebSocket[] }).__sockets = sockets;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          sockets.push(this);
        }
      };
    });
    const page = await openChat(context);
    const killSockets = () => page.evaluate(() => (window as unknown as { __sockets: WebSocket[] }).__sockets.forEach((s) => s.close()));

    await send(page, '多久可以发货');
    await serviceSays(page, '24 小时内发货');

    // Sent, and the connection dies in the same instant: the server gets it, the ack never arrives.
    await page.getByTestId('composer-input').fill('如何开具发票');
    await page.evaluate(() => {
      document.querySelector<HTMLButtonElement>('[data-testid="send-button"]')!.click();
      (window as unknown as { __sockets: WebSocket[] }).__sockets.forEach((s) => s.close());
    });
    await context.setOffline(true);
    await killSockets();
    await page.locator('[data-testid="connection-status"][data-state="offline"]').waitFor(WAIT);

    await send(page, '离线消息一');
    await send(page, '离线消息二');
    await page.locator('[data-testid="message"][data-delivery="queued"]', { hasText: '离线消息二' }).waitFor(WAIT);
    await shot(page, 'customer/07-offline-queued');

    await context.setOffline(false);
    await page.locator('[data-testid="connection-status"][data-state="online"]').waitFor(WAIT);
    const expected = ['多久可以发货', '如何开具发票', '离线消息一', '离线消息二'];
    await expect.poll(() => page.locator('[data-testid="message"][data-role="customer"][data-delivery="sent"]').count(), WAIT).toBe(expected.length);
    await serviceSays(page, '电子发票');
    expect(await customerTexts(page)).toEqual(expected);
    await shot(page, 'customer/08-back-online');

    // A reload resumes from the stored cursor: still once each.
    await page.reload();
    await page.locator('[data-testid="connection-status"][data-state="online"]').waitFor(WAIT);
    expect(await customerTexts(page)).toEqual(expected);

    // The server's history has each exactly once.
    const sessionId = await page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('parley:conversation:'))!;
      return JSON.parse(localStorage.getItem(key)!).snapshot.session.sessionId as string;
    });
    const history = await desk.rest.call('describe_chat_messages', { SessionId: sessionId, Limit: 100, Order: 1 }, { service: 'desk_http_svc' });
    expect(history.ActionStatus).toBe('OK');
    const stored = (history.Messages as { MsgBody: { MsgType: string; MsgContent: { Text?: string } }[] }[])
      .filter((m) => m.MsgBody[0].MsgType === 'TIMTextElem')
      .map((m) => m.MsgBody[0].MsgContent.Text);
    expect(stored.filter((text) => expected.includes(text!))).toEqual(expected);

    // A fresh page of the same visitor (identity only, no local conversation) replays it once.
    const identity = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('parley:identity:')));
    const fresh = await browser.newContext({ ...PHONE, storageState: { cookies: [], origins: [{ origin: desk.baseUrl, localStorage: identity.map(([name, value]) => ({ name, value })) }] } });
    const again = await openChat(fresh);
    await serviceSays(again, '电子发票');
    expect(await customerTexts(again)).toEqual(expected);
    await shot(again, 'customer/09-fresh-page');
    await fresh.close();
    await context.close();
  });
});

describeBrowser('customer chat (script embed)', () => {
  let host: Server;
  let hostUrl: string;

  beforeAll(async () => {
    // A plain site on another origin (another port) with nothing but the snippet.
    host = createServer((request, response) => {
      const byQuery = request.url?.startsWith('/query');
      const script = byQuery
        ? `<script src="${desk.baseUrl}/widget/embed.js?key=${desk.publicKey}" async></script>`
        : `<script src="${desk.baseUrl}/widget/embed.js" data-key="${desk.publicKey}" async></script>`;
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Acme Shop</title></head>
<body style="margin:0;font-family:sans-serif;background:#fafafa"><header style="padding:24px;background:#0f172a;color:#fff"><h1 style="margin:0">Acme Shop</h1></header>
<main style="padding:24px"><p>Our finest products. Questions? Chat with us.</p></main>${script}</body></html>`);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => host.close(() => resolve())));

  it('adds a launcher that opens the chat in a panel, chats inside it, and counts unread messages', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${hostUrl}/`);
    const launcher = page.locator('#parley-launcher');
    await launcher.waitFor(WAIT);
    expect(await launcher.getAttribute('aria-label')).toBe('打开在线客服');
    expect(await page.locator('#parley-frame').count()).toBe(0); // nothing loads before the visitor asks
    await shot(page, 'embed/01-launcher');

    await launcher.click();
    const frame = page.frameLocator('#parley-frame');
    await frame.getByTestId('welcome-card').waitFor(WAIT);
    expect(await page.locator('#parley-frame').getAttribute('src')).toBe(`${desk.baseUrl}/chat/${desk.publicKey}?embed=1`);
    const box = (await page.locator('#parley-frame').boundingBox())!;
    expect([Math.round(box.width), Math.round(box.height)]).toEqual([380, 600]);

    const chat = page.frames().find((f) => f.url().startsWith(`${desk.baseUrl}/chat/`))!;
    await send(chat, '如何申请退货');
    await chat.getByTestId('rich-text').filter({ hasText: '七天无理由退货' }).waitFor(WAIT);
    await shot(page, 'embed/02-panel-chat');

    // Closed from inside (the panel's own close button), then a message arrives: the launcher shows it.
    await chat.getByRole('button', { name: '关闭聊天窗口' }).click();
    await expect.poll(() => page.locator('#parley-frame').isVisible()).toBe(false);
    const userId = await chat.evaluate(() => JSON.parse(localStorage.getItem(Object.keys(localStorage).find((k) => k.startsWith('parley:identity:'))!)!).userId as string);
    const sent = await desk.rest.call(
      'send_msg',
      { FromAccount: '@customer_service_account', ToAccount: userId, MsgRandom: 4242, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: '还有其他问题吗？' } }] },
      { service: 'desk_http_svc' },
    );
    expect(sent.ActionStatus).toBe('OK');
    await expect.poll(() => launcher.getAttribute('aria-label'), WAIT).toBe('打开在线客服（1 条未读）');
    await shot(page, 'embed/03-unread-badge');

    // Opening clears the count and shows the message.
    await launcher.click();
    await serviceSays(chat, '还有其他问题吗？');
    await expect.poll(() => launcher.getAttribute('aria-label')).toBe('关闭在线客服');
    await context.close();
  });

  it('goes full screen on a phone, and also takes the key from the script URL', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${hostUrl}/query`);
    await page.locator('#parley-launcher').click();
    await page.frameLocator('#parley-frame').getByTestId('welcome-card').waitFor(WAIT);
    const box = (await page.locator('#parley-frame').boundingBox())!;
    expect([box.x, box.y, box.width, box.height]).toEqual([0, 0, 390, 844]);
    expect(await page.locator('#parley-launcher').isVisible()).toBe(false);
    await shot(page, 'embed/04-phone-full-screen');
    await context.close();
  });
});

/** A small picture drawn by the browser (the server checks images by their content). */
async function drawPng(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 240;
    canvas.height = 160;
    const g = canvas.getContext('2d')!;
    const gradient = g.createLinearGradient(0, 0, 240, 160);
    gradient.addColorStop(0, '#60a5fa');
    gradient.addColorStop(1, '#a78bfa');
    g.fillStyle = gradient;
    g.fillRect(0, 0, 240, 160);
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}
