// Scrolling back in a real browser: a customer whose conversation is longer than what a fresh page
// replays (the last 300 events) scrolls up, older pages load in place, and the first message appears.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, shot, startDesk, type Desk } from '@parley/server/test/browser.ts';

const PHONE = { viewport: { width: 390, height: 844 }, locale: 'en-US', deviceScaleFactor: 2, hasTouch: true };
const WAIT = { timeout: 15_000 };
/** Enough for three older pages of 50 beyond the 300 events a fresh page replays. */
const SEEDED = 420;

let desk: Desk;
let browser: Browser;

beforeAll(async () => {
  [desk, browser] = await Promise.all([startDesk({ agents: 0 }), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await desk?.close();
});

/** The numbered seed messages on screen, in order. */
const numbered = (page: Page) => page.locator('[data-testid="message"] .pl-text', { hasText: /^history \d+$/ }).allTextContents();

describeBrowser('customer chat: older messages', () => {
  it('a fresh page of a long conversation scrolls back to the first message, keeping the reader in place', async () => {
    // A visitor starts chatting; then the business server sends them many messages (REST send_msg).
    const first = await browser.newContext(PHONE);
    const page1 = await first.newPage();
    await page1.goto(desk.chatUrl);
    await page1.getByTestId('welcome-card').waitFor(WAIT);
    const identity = await page1.evaluate((key) => localStorage.getItem(key)!, `parley:identity:${desk.publicKey}`);
    await first.close();
    const { userId, accountId } = JSON.parse(identity) as { userId: string; accountId: string };
    for (let i = 1; i <= SEEDED; i++) {
      const sent = await desk.rest.call(
        'send_msg',
        { FromAccount: accountId, ToAccount: userId, MsgRandom: i, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: `history ${i}` } }] },
        { service: 'desk_http_svc' },
      );
      expect(sent.ErrorCode).toBe(0);
    }

    // The same visitor on a fresh page (their identity, no saved conversation): the tail only.
    const context = await browser.newContext(PHONE);
    await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [`parley:identity:${desk.publicKey}`, identity] as const);
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    // History answers a little late, so the screenshot can show the loading state.
    await page.route('**/chat/v1/history?*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue();
    });
    await page.goto(desk.chatUrl);
    await page.locator('[data-testid="message"]', { hasText: `history ${SEEDED}` }).waitFor(WAIT);
    const tail = await numbered(page);
    expect(tail.length).toBeLessThan(SEEDED);
    expect(tail).not.toContain('history 1');

    // Scrolled to the top, the page before loads by itself; the row that was first stays where it was.
    const list = page.locator('.pw-list');
    const shown = async () => (await numbered(page)).length;
    const shownBefore = await shown();
    const anchorText = (await numbered(page))[0];
    const anchor = page.locator('[data-testid="message"] .pl-text', { hasText: new RegExp(`^${anchorText}$`) });
    const topBefore = await list.evaluate((el, text) => {
      el.scrollTo({ top: 0 });
      const row = [...el.querySelectorAll('.pl-text')].find((e) => e.textContent === text)!;
      return row.getBoundingClientRect().top;
    }, anchorText);
    await page.locator('[data-testid="load-older"][aria-busy="true"]').waitFor(WAIT);
    await shot(page, 'customer/history-01-loading');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="message"] .pl-text').length > n, shownBefore, WAIT);
    await page.waitForFunction(() => document.querySelector('[data-testid="load-older"]')?.getAttribute('aria-busy') !== 'true');
    expect(Math.abs((await anchor.evaluate((el) => el.getBoundingClientRect().top)) - topBefore)).toBeLessThan(2);
    await shot(page, 'customer/history-02-older-page-loaded');

    // Keyboard: focusing the button scrolls it into view (which loads by itself); the button keeps the
    // focus through the load, and Enter on it loads the next page although the top is out of view now.
    const button = page.getByTestId('load-older');
    const beforeFocus = await shown();
    await button.focus();
    await shot(page, 'customer/history-03-load-button');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="message"] .pl-text').length > n, beforeFocus, WAIT);
    await page.waitForFunction(() => document.querySelector('[data-testid="load-older"]')?.getAttribute('aria-busy') === 'false', undefined, WAIT);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('load-older');
    const beforeEnter = await shown();
    expect(await numbered(page)).not.toContain('history 1');
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="message"] .pl-text').length > n, beforeEnter, WAIT);
    // That was the last page: focus moves to "start of conversation" instead of getting lost.
    await page.getByTestId('history-start').waitFor(WAIT);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('history-start');

    // Every message is there once, in order, and the first one is on screen at the top.
    await list.evaluate((el) => el.scrollTo({ top: 0 }));
    expect(await numbered(page)).toEqual(Array.from({ length: SEEDED }, (_, i) => `history ${i + 1}`));
    await expect(page.locator('[data-testid="message"]', { hasText: 'history 1' }).first().isVisible()).resolves.toBe(true);
    await shot(page, 'customer/history-04-start-of-conversation');
    await context.close();
  }, 60_000);
});
