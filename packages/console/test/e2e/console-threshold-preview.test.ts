// The robot configuration page's threshold preview in a real browser: empty before customers ask,
// then current → proposed counts that follow the thresholds as the admin changes them. Screenshots go
// to test-results/screenshots/console/.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { describeBrowser, launchBrowser, shot, startDesk, type Desk } from '@parley/server/test/browser.ts';

describeBrowser('admin console: the effect of the thresholds on the last questions', () => {
  let desk: Desk;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    desk = await startDesk({ agents: 1 });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await desk?.close();
  });

  it('shows how many questions each outcome would get, live', { timeout: 120_000 }, async () => {
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 1400 } });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
    });

    await page.goto(desk.baseUrl + '/');
    await page.getByTestId('login-email').fill(desk.admin.email);
    await page.getByTestId('login-password').fill(desk.admin.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('robots-table').waitFor();
    problems.length = 0; // the login page's unauthenticated /auth/me
    await page.goto(desk.baseUrl + '/console/robots/default/config');
    await page.getByTestId('config-form').waitFor();
    await page.getByTestId('preview-empty').waitFor();

    for (const text of ['如何修改收货地址', '地址填错了怎么办', '多久可以发货', '退货怎么弄', '发票', '密码忘了', '今天北京天气怎么样', '你们几点下班']) {
      expect((await desk.api.request('POST', '/robots/default/test', { text, env: 'prod' })).status).toBe(200);
    }
    await page.reload();
    const preview = page.getByTestId('threshold-preview');
    await preview.getByTestId('preview-table').waitFor();
    await expect.poll(() => preview.textContent()).toContain('Effect on the last 8 questions');
    await expect.poll(() => preview.textContent()).toContain('No question would be answered differently.');

    // Direct answers only at a perfect score: the direct answers move elsewhere.
    await page.locator('#directAnsweringReaches').fill('1');
    await preview.getByTestId('preview-examples').waitFor();
    await preview.getByTestId('preview-examples').getByText('would be answered differently').click();
    await expect.poll(() => preview.locator('li').count()).toBeGreaterThan(0);
    await shot(page, 'console/threshold-preview-en');
    expect(problems).toEqual([]);
  });
});
