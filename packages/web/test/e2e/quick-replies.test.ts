// Personal quick replies in a real browser (spec 03 WB-QR-02): an agent serving a customer opens
// "Manage" from the quick-reply picker, creates a category and a reply, bulk-adds two more (after
// the server has refused a bad paste line by line), and inserts one into the reply box from the
// picker; the customer receives it. The user menu opens the same manager, in Chinese too.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, shot, startDesk, type Desk } from '@parley/server/test/browser.ts';
import { launchTestBrowser, loginAgent, setStatus, type TestBrowser } from './fixtures.ts';
const shots = (name: string, page: Page) => shot(page, `quick-replies/${name}`);

describeBrowser('personal quick replies: manage them, then use them', () => {
  let desk: Desk;
  let browser: TestBrowser;

  beforeAll(async () => {
    desk = await startDesk({ agents: 1 });
    browser = await launchTestBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  it('creates a category and replies, bulk-adds, and inserts one from the picker', { timeout: 240_000 }, async () => {
    const [agent] = desk.agents;
    const page = await loginAgent(await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 820 } }), desk.workbenchUrl, agent);
    await setStatus(page, 'idle');

    // A customer asks for a person; automatic reception gives the session to the idle agent.
    const customer = await (await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 780 } })).newPage();
    await customer.goto(desk.chatUrl);
    await customer.locator('[data-testid="connection-status"][data-state="online"]').waitFor();
    await customer.getByTestId('human-button').click();
    await page.getByTestId('session-item').first().click();
    await page.locator('[data-testid="chat-view"][data-mode="active"]').waitFor();

    // ---- from the picker to the manager ----------------------------------------------------------
    await page.getByTestId('quick-replies-button').click();
    await page.getByTestId('quick-replies').waitFor();
    await page.getByTestId('qr-manage-button').click();
    const manager = page.getByTestId('qr-manager');
    await manager.waitFor();
    await expect.poll(() => page.getByTestId('quick-replies').count()).toBe(0); // the picker made way
    await manager.getByTestId('qr-category-first').waitFor();
    await shots('01-manager-empty', page);

    // ---- a category and a reply -----------------------------------------------------------------
    await manager.getByTestId('qr-category-first').click();
    await page.getByTestId('qr-category-name').fill('Orders');
    await page.getByTestId('qr-category-name').press('Enter');
    await manager.locator('[data-testid="qr-selected-category"]', { hasText: 'Orders' }).waitFor();
    await page.getByTestId('qr-category-dialog').waitFor({ state: 'detached' });

    await manager.getByTestId('qr-reply-new').click();
    await page.getByTestId('qr-reply-title').fill('Sign-off');
    await page.getByTestId('qr-reply-content').fill('Thanks for contacting us. Have a great day!');
    await shots('02-reply-form', page);
    await page.getByTestId('qr-reply-content').press('Control+Enter');
    await manager.getByTestId('qr-reply').filter({ hasText: 'Sign-off' }).waitFor();

    // ---- bulk add: a bad paste is refused line by line, the fixed one adds both ------------------
    await manager.getByTestId('qr-bulk-button').click();
    const bulk = page.getByTestId('qr-bulk-dialog');
    await bulk.getByTestId('qr-bulk-text').fill('Tracking|Your parcel is on its way; the tracking number is in your order page.\nRefund policy without a separator');
    await bulk.getByTestId('qr-bulk-dialog-save').click();
    const lineError = bulk.getByTestId('qr-bulk-error');
    await lineError.waitFor();
    expect(await lineError.getAttribute('data-line')).toBe('2');
    expect(await lineError.textContent()).toContain('no separator');
    await shots('03-bulk-errors', page);
    await expect.poll(() => manager.getByTestId('qr-reply').count()).toBe(1); // all or nothing

    await bulk.getByTestId('qr-bulk-text').fill('Tracking|Your parcel is on its way; the tracking number is in your order page.\nRefund\tRefunds reach your account within 3 to 5 working days.');
    await bulk.getByTestId('qr-bulk-dialog-save').click();
    await bulk.waitFor({ state: 'detached' });
    await expect.poll(() => manager.getByTestId('qr-reply').allTextContents()).toEqual([expect.stringContaining('Sign-off'), expect.stringContaining('Tracking'), expect.stringContaining('Refund')]);
    await expect.poll(() => manager.locator('[data-testid="qr-category"]').textContent()).toContain('3');
    await shots('04-manager-with-replies', page);

    // The server has them as the agent's own.
    const mine = await desk.test.server.services.quickReplies.visibleTo(desk.app.sdkAppId, agent.memberId, { page: 1, pageSize: 20 });
    expect(mine.items.map((r) => r.title)).toEqual(['Sign-off', 'Tracking', 'Refund']);

    // ---- Esc closes the manager; the picker shows the new replies and inserts one --------------
    await page.keyboard.press('Escape');
    await manager.waitFor({ state: 'detached' });
    const input = page.getByTestId('composer-input');
    await input.fill('');
    await input.pressSequentially('#');
    const item = page.getByTestId('quick-reply-item').filter({ hasText: 'Refund' });
    await item.waitFor();
    await expect.poll(() => page.getByTestId('quick-reply-item').count()).toBe(3);
    await shots('05-picker-shows-them', page);
    await item.click();
    await expect.poll(() => input.inputValue()).toBe('Refunds reach your account within 3 to 5 working days.');
    await input.press('Enter');
    await customer.locator('[data-testid="message"][data-role="service"]', { hasText: 'Refunds reach your account' }).waitFor();
    await shots('06-sent', page);

    // ---- the user menu opens it too, in Chinese ---------------------------------------------------
    await page.getByTestId('language-switch').selectOption('zh-CN');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('qr-manage-menu-item').click();
    await manager.waitFor();
    await manager.getByText('我的快捷回复').waitFor();
    await manager.getByTestId('qr-reply').first().waitFor();
    await shots('07-manager-zh', page);
    // The embedded minimum (spec 03 §2.1) keeps everything reachable.
    await page.setViewportSize({ width: 760, height: 480 });
    await manager.getByTestId('qr-bulk-button').waitFor();
    await shots('07b-manager-zh-760x480', page);
    await page.setViewportSize({ width: 1366, height: 820 });
    await manager.getByTestId('qr-reply').filter({ hasText: 'Tracking' }).getByTestId('qr-reply-delete').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await shots('08-delete-confirm-zh', page);
    await page.getByTestId('confirm-button').click();
    await expect.poll(() => manager.getByTestId('qr-reply').count()).toBe(2);
    await page.keyboard.press('Escape');
    await manager.waitFor({ state: 'detached' });
    // Focus went back to the user menu button, where the agent was.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('user-menu');
  });
});
