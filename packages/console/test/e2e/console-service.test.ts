// The console's human-service pages in a real browser, as an admin: a callback URL (a receiver on
// 127.0.0.1) and its delivery log; an account's working hours and off-hours prompt, followed by the
// customer chat page; a member (password shown once) and a group; manual reception; satisfaction texts;
// the live monitor. Every page in both languages; screenshots go to test-results/screenshots/console/
// (and /tmp/console-shots/ when it exists).
import { copyFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, shot, startDesk, type Desk } from '@parley/server/test/browser.ts';

const STEP_MS = 20_000;
const EXTRA_SHOTS = '/tmp/console-shots';
const CLOSED_PROMPT = 'We are closed right now (console test).';

describeBrowser('admin console: accounts, team, service settings, callbacks, monitor', () => {
  let desk: Desk;
  let browser: Browser;
  let receiver: Server;
  let receiverUrl: string;
  const received: string[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    desk = await startDesk({ agents: 1, config: { allowPrivateOutbound: true } });
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push(body);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/events`;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    await desk?.close();
  });

  async function newPage(locale: string): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(STEP_MS);
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    return { page, problems };
  }

  const snap = async (page: Page, name: string) => {
    const file = await shot(page, `console/${name}`);
    if (existsSync(EXTRA_SHOTS)) copyFileSync(file, `${EXTRA_SHOTS}/${basename(file)}`);
  };

  async function login(page: Page) {
    await page.goto(desk.baseUrl + '/console/');
    await page.getByTestId('login-page').waitFor();
    await page.getByTestId('login-email').fill(desk.admin.email);
    await page.getByTestId('login-password').fill(desk.admin.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav').waitFor();
  }

  const go = async (page: Page, path: string) => {
    await page.evaluate((to) => {
      window.history.pushState({}, '', to);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, `/console${path}`);
  };
  /** No spinner left and the route's fade-in over: what a person would see. */
  const settled = async (page: Page) => {
    await expect.poll(() => page.locator('.ant-spin-spinning, .ant-table-placeholder .ant-spin').count()).toBe(0);
    await page.waitForTimeout(400);
  };
  const modal = (page: Page) => page.locator('.ant-modal-wrap:visible .ant-modal');

  it('configures human service in English and every page renders in both languages', { timeout: 300_000 }, async () => {
    const { page, problems } = await newPage('en-US');
    try {
      await login(page);

      // ---- callbacks: a URL on a local receiver ---------------------------------------------------------
      await go(page, '/callbacks');
      await page.getByTestId('callback-form').waitFor();
      await page.getByTestId('deliveries-table').getByText('No deliveries yet').waitFor();
      await page.getByTestId('callback-url').fill(receiverUrl);
      await page.getByTestId('save-callback').click();
      await page.getByText('Saved').first().waitFor();
      expect((await desk.api.request('GET', '/callbacks')).body.url).toBe(receiverUrl);

      // ---- accounts: working hours closed all week, a custom off-hours prompt -------------------------
      await go(page, '/channels');
      await page.getByTestId('accounts-table').waitFor();
      const defaultId = (await desk.api.request('GET', '/accounts')).body.items[0].accountId as string;
      await settled(page);
      await snap(page, 'svc-accounts-en');
      await page.getByTestId(`edit-account-${defaultId}`).click();
      const drawer = page.getByTestId('account-drawer');
      await drawer.getByRole('tab', { name: 'Prompts' }).click();
      await drawer.getByTestId('prompt-notWorkTimePrompt').fill(CLOSED_PROMPT);
      await drawer.getByRole('tab', { name: 'Working hours' }).click();
      await drawer.getByText('Weekly plan', { exact: true }).click();
      await drawer.getByTestId('day-Monday').waitFor();
      // Monday gets a range (shown), then loses it: every day is closed.
      await drawer.getByTestId('add-range-Monday').click();
      // A range the server refuses (it ends before it starts): the refusal names the day and the range.
      await drawer.getByTestId('day-Monday').getByLabel('Start').fill('18:00');
      await drawer.getByTestId('day-Monday').getByLabel('End').fill('09:00');
      await page.getByTestId('save-account').click();
      await page.getByTestId('account-error').getByText('Monday #1: Start 18:00 must be before End 09:00').waitFor();
      await snap(page, 'svc-account-hours-en');
      await drawer.getByTestId('day-Monday').getByRole('button', { name: 'Delete' }).click();
      await page.getByTestId('save-account').click();
      await drawer.waitFor({ state: 'hidden' });
      const account = (await desk.api.request('GET', `/accounts/${defaultId}`)).body;
      expect(account.workTime.mode).toBe('weekly');
      expect(account.notWorkTimePrompt).toBe(CLOSED_PROMPT);

      await page.getByTestId(`channel-${defaultId}`).click();
      const channel = page.getByTestId('channel-drawer');
      await channel.getByTestId('embed-snippet').waitFor();
      const chatUrl = (await channel.getByTestId('chat-url').getAttribute('href'))!;
      expect(chatUrl).toContain('/chat/');
      await snap(page, 'svc-channel-en');
      await channel.locator('.ant-drawer-close').click();

      // The customer's chat follows: asking for a human outside working hours gets the prompt.
      const customer = await (await browser.newContext({ locale: 'en-US', viewport: { width: 420, height: 760 } })).newPage();
      contexts.push(customer.context());
      customer.context().setDefaultTimeout(STEP_MS);
      await customer.goto(chatUrl);
      await customer.getByTestId('human-button').click();
      await customer.locator('[data-testid="message"]', { hasText: CLOSED_PROMPT }).waitFor();
      await snap(customer, 'svc-customer-off-hours');

      // ---- callbacks: the chat's events were delivered -------------------------------------------------
      await expect.poll(() => received.length, { timeout: 15_000 }).toBeGreaterThan(0);
      await go(page, '/callbacks');
      await page.getByTestId('callback-form').waitFor();
      await expect
        .poll(async () => {
          await page.getByTestId('reload-deliveries').click();
          return page.getByTestId('deliveries-table').getByText('Delivered').count();
        })
        .toBeGreaterThan(0);
      await settled(page);
      await snap(page, 'svc-callbacks-en');

      // ---- team: a member (password once) and a group --------------------------------------------------
      await go(page, '/team');
      await page.getByTestId('members-table').waitFor();
      await page.getByTestId('add-member').click();
      await page.getByTestId('member-email').fill('new.agent@desk.test');
      await page.getByTestId('member-nick').fill('New Agent');
      await modal(page).getByRole('button', { name: 'Save' }).click();
      await page.getByTestId('issued-password').waitFor();
      expect((await page.getByTestId('issued-password').textContent())!.length).toBeGreaterThan(7);
      await snap(page, 'svc-password-en');
      await page.getByRole('button', { name: 'I have copied it' }).click();
      await page.getByTestId('password-modal').waitFor({ state: 'hidden' });
      await settled(page);
      await page.getByTestId('members-table').getByText('new.agent@desk.test').waitFor();
      await snap(page, 'svc-team-en');
      await page.getByRole('tab', { name: 'Groups' }).click();
      await page.getByTestId('add-group').click();
      await page.getByTestId('group-name').fill('Returns team');
      const dialog = page.getByTestId('group-dialog');
      await dialog.getByText('New Agent <new.agent@desk.test>').click();
      await dialog.locator('.ant-transfer-actions button').first().click();
      await snap(page, 'svc-group-en');
      await modal(page).getByRole('button', { name: 'Save' }).click();
      await page.getByTestId('groups-table').getByText('Returns team').waitFor();
      const groups = (await desk.api.request('GET', '/team/groups')).body.items as { name: string; memberCount: number }[];
      expect(groups.find((g) => g.name === 'Returns team')?.memberCount).toBe(1);

      // ---- service settings: manual reception; satisfaction texts ------------------------------------
      await go(page, '/service');
      await page.getByTestId('reception-form').waitFor();
      await page.getByTestId('reception-mode').getByText('Manual accept').click();
      await page.getByTestId('save-reception').click();
      await page.getByText('Saved').first().waitFor();
      expect((await desk.api.request('GET', '/settings/service')).body.receptionMode).toBe('manual');
      await snap(page, 'svc-reception-en');
      await page.getByRole('tab', { name: 'Satisfaction survey' }).click();
      await page.getByTestId('satisfaction-form').waitFor();
      const labels = ['Awful', 'Poor', 'Okay', 'Good', 'Superb'];
      for (const [i, label] of labels.entries()) await page.getByTestId(`sat-level-default-${i}`).fill(label);
      await page.getByTestId('sat-invitation-default').fill('How did we do today?');
      await page.getByTestId('save-satisfaction').click();
      await page.getByText('Saved').first().waitFor();
      const satisfaction = (await desk.api.request('GET', '/settings/satisfaction')).body;
      expect(satisfaction.content.levels).toEqual(labels);
      await snap(page, 'svc-satisfaction-en');

      // The customer's rating card shows the new texts: open hours again, an agent accepts (manual
      // reception) and ends the chat.
      expect((await desk.api.request('PATCH', `/accounts/${defaultId}`, { workTime: { mode: 'off' } })).status).toBe(200);
      const agent = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } })).newPage();
      contexts.push(agent.context());
      agent.context().setDefaultTimeout(STEP_MS);
      await agent.goto(desk.workbenchUrl);
      await agent.getByTestId('login-email').fill(desk.agents[0].email);
      await agent.getByTestId('login-password').fill(desk.agents[0].password);
      await agent.getByTestId('login-submit').click();
      await agent.getByTestId('status-switch').click();
      await agent.locator('[data-testid="status-option"][data-status="idle"]').click();
      await agent.locator('[data-testid="status-switch"][data-status="idle"]').waitFor();
      await customer.getByTestId('human-button').click();
      await agent.locator('[data-testid="count-pending"]', { hasText: '1' }).waitFor();
      await agent.getByTestId('tab-pending').click();
      await agent.getByTestId('session-item').first().getByTestId('accept-button').click();
      await agent.locator('[data-testid="chat-view"][data-mode="active"]').waitFor();
      await agent.getByTestId('end-button').click();
      await agent.getByTestId('confirm-button').click();
      const card = customer.getByTestId('rating-card').last();
      await card.waitFor();
      await card.getByText('How did we do today?').waitFor();
      // The five labels are the options' names; the chosen one is also written out.
      await card.getByRole('radio', { name: /Awful/ }).waitFor();
      await card.getByRole('radio', { name: /Superb/ }).click();
      await card.getByText('Superb', { exact: true }).waitFor();
      await snap(customer, 'svc-customer-rating-card');
      await page.getByRole('tab', { name: 'Holidays & workdays' }).click();
      await page.getByTestId('day-kind').getByText('Holiday').click();
      await page.getByTestId('save-calendar').click();
      await page.getByText('Saved').first().waitFor();
      expect((await desk.api.request('GET', '/settings/service')).body.calendar.holidays).toHaveLength(1);
      await snap(page, 'svc-calendar-en');

      // ---- quick replies and the monitor -----------------------------------------------------------------
      await go(page, '/quick-replies');
      await page.getByTestId('add-qr-category').waitFor();
      await settled(page);
      await snap(page, 'svc-quick-replies-en');
      await go(page, '/monitor');
      await page.getByTestId('monitor-agents').waitFor();
      await page.getByTestId('agents-chart').locator('canvas').waitFor();
      await settled(page);
      await snap(page, 'svc-monitor-en');

      expect(problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
    } catch (error) {
      await snap(page, 'svc-failure').catch(() => undefined);
      throw new Error(`${(error as Error).message}\nBrowser errors: ${problems.join(' | ')}`, { cause: error });
    }

    // ---- every page in Chinese -------------------------------------------------------------------------
    const zh = await newPage('zh-CN');
    await login(zh.page);
    for (const [path, ready, name] of [
      ['/channels', 'accounts-table', 'accounts'],
      ['/team', 'members-table', 'team'],
      ['/service', 'reception-form', 'reception'],
      ['/quick-replies', 'add-qr-category', 'quick-replies'],
      ['/callbacks', 'deliveries-table', 'callbacks'],
      ['/monitor', 'monitor-agents', 'monitor'],
    ] as const) {
      await go(zh.page, path);
      await zh.page.getByTestId(ready).waitFor();
      await settled(zh.page);
      await snap(zh.page, `svc-${name}-zh`);
    }
    await zh.page.getByText('实时监控').first().waitFor();
    expect(zh.problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
  });
});
