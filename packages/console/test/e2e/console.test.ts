// The admin console in a real browser: an admin logs in, creates a robot, builds a category with three
// questions (similar questions typed and pasted), asks the test window and reads its explanation,
// publishes, publishes again, rolls back; the page in both languages; a staff member is sent to the
// workbench. Screenshots go to test-results/screenshots/console/ (and /tmp/console-shots/ when it exists).
import { copyFileSync, existsSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, shot, startDesk, type Desk, type DeskLogin } from '@parley/server/test/browser.ts';

const STEP_MS = 20_000;
const EXTRA_SHOTS = '/tmp/console-shots';

describeBrowser('admin console: robots, library, test window, publish and rollback', () => {
  let desk: Desk;
  let browser: Browser;
  let admin: DeskLogin;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    desk = await startDesk({ agents: 1 });
    // A console admin (the admin role alone: no workbench).
    const { member, password } = await desk.test.server.services.team.members.provision(desk.app.sdkAppId, { email: 'console-admin@desk.test', nick: 'Console Admin', roles: ['admin'] });
    admin = { memberId: member.memberId, email: member.email, password, nick: member.nick };
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await desk?.close();
  });

  async function newPage(locale: string): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(STEP_MS);
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
    });
    return { page, problems };
  }

  const snap = async (page: Page, name: string) => {
    const file = await shot(page, `console/${name}`);
    if (existsSync(EXTRA_SHOTS)) copyFileSync(file, `${EXTRA_SHOTS}/${basename(file)}`);
  };

  async function login(page: Page, who: DeskLogin) {
    await page.goto(desk.baseUrl + '/');
    await page.getByTestId('login-page').waitFor();
    await page.getByTestId('login-email').fill(who.email);
    await page.getByTestId('login-password').fill(who.password);
    await page.getByTestId('login-submit').click();
  }

  const modal = (page: Page) => page.locator('.ant-modal-wrap:visible .ant-modal');
  const menu = (page: Page, name: string) => page.getByTestId('nav').getByRole('menuitem', { name, exact: true }).click();

  async function addQuestion(page: Page, question: string, similar: string[], answer: string, paste: boolean) {
    await page.getByTestId('add-question').click();
    const drawer = page.getByTestId('question-drawer');
    await drawer.getByTestId('question-text').fill(question);
    if (paste) {
      await drawer.getByTestId('similar-paste').click();
      await page.getByTestId('similar-paste-text').fill(similar.join('\n') + '\n' + similar[0]);
      await page.getByTestId('similar-paste-add').click();
    } else {
      for (const text of similar) {
        await drawer.getByTestId('similar-add').click();
        await drawer.getByTestId('similar-input').last().fill(text);
      }
    }
    await expect.poll(() => drawer.getByTestId('similar-input').count()).toBe(similar.length);
    await drawer.getByTestId('answer-text').fill(answer);
    await drawer.getByTestId('question-save').click();
    await drawer.waitFor({ state: 'hidden' });
    await page.getByTestId('questions-table').getByText(question, { exact: true }).waitFor();
  }

  it('runs an admin through robots, the library, the test window, publish and rollback', { timeout: 300_000 }, async () => {
    const { page, problems } = await newPage('en-US');
    try {
      await adminDay(page, problems);
    } catch (error) {
      await snap(page, 'failure').catch(() => undefined);
      throw new Error(`${(error as Error).message}\nBrowser errors: ${problems.join(' | ')}`, { cause: error });
    }
  });

  async function adminDay(page: Page, problems: string[]) {
    // ---- `/` leads to the console; log in --------------------------------------------------------
    await login(page, admin);
    await page.getByTestId('robots-table').waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/robots');
    await expect.poll(() => page.getByTestId('app-id').textContent()).toContain(String(desk.app.sdkAppId));
    // The admin role alone has no workbench link.
    expect(await page.getByTestId('to-workbench').count()).toBe(0);

    // ---- a robot: the quota is shown at the name ------------------------------------------------
    await page.getByTestId('add-robot').click();
    await page.getByTestId('robot-name').fill('Returns bot');
    await modal(page).getByRole('button', { name: 'Add' }).click();
    await page.getByTestId('config-form').waitFor();
    await expect.poll(() => page.getByTestId('robot-picker').textContent()).toContain('Returns bot');
    await snap(page, '01-config-en');
    // The third robot fills the quota (3); a fourth is refused and the refusal is shown in the dialog.
    expect((await desk.api.request('POST', '/robots', { nickname: 'Third' })).status).toBe(200);
    await menu(page, 'Robots');
    await page.getByTestId('add-robot').click();
    await page.getByTestId('robot-name').fill('Fourth');
    await modal(page).getByRole('button', { name: 'Add' }).click();
    await modal(page).getByText('at most 3 robots').waitFor();
    await snap(page, '02-robot-quota-en');
    await modal(page).getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('robots-table').getByText('Returns bot').click();
    await page.getByTestId('config-form').waitFor();
    const robotUrl = new URL(page.url()).pathname.replace(/\/config$/, '');
    expect(robotUrl).toMatch(/^\/console\/robots\/[^/]+$/);

    // ---- a category and three questions ------------------------------------------------------------
    await menu(page, 'QA library');
    await page.waitForURL(`**${robotUrl}/faq`);
    await page.getByTestId('add-category').click();
    await page.getByTestId('category-name').fill('Returns');
    await modal(page).getByRole('button', { name: 'Save' }).click();
    const category = page.getByTestId('category-tree').getByText('Returns', { exact: true });
    await category.click();
    await addQuestion(
      page,
      'How do I return an item?',
      ['I want to send something back', 'return policy', 'can I return my order'],
      'Open your order and choose "Return". We pick it up for free.',
      true,
    );
    await addQuestion(page, 'When will I get my refund?', ['refund time', 'how long does a refund take'], 'Refunds reach your account within 3 to 5 working days.', false);
    await addQuestion(page, 'Can I exchange a size?', ['swap for another size', 'exchange shoes'], 'Yes: choose "Exchange" in your order and pick the new size.', false);
    await expect.poll(() => page.getByTestId('question-counts').textContent()).toContain('3 standard questions, 10 questions including similar ones');
    await expect.poll(() => page.getByTestId('unpublished').count()).toBe(1);
    await snap(page, '03-library-en');

    // A failed save keeps the input and says why next to the field: a duplicate standard question.
    await page.getByTestId('add-question').click();
    const drawer = page.getByTestId('question-drawer');
    await drawer.getByTestId('question-text').fill('How do I return an item?');
    await drawer.getByTestId('answer-text').fill('Duplicate');
    await drawer.getByTestId('question-save').click();
    await drawer.locator('.ant-form-item-explain-error', { hasText: 'already exists' }).waitFor();
    expect(await drawer.getByTestId('question-text').inputValue()).toBe('How do I return an item?');
    await snap(page, '04-editor-refusal-en');
    // Closing with edits asks first.
    await page.keyboard.press('Escape');
    await modal(page).getByRole('button', { name: 'Discard' }).click();
    await drawer.waitFor({ state: 'hidden' });

    // ---- the test window explains its answer -------------------------------------------------------
    await page.getByTestId('test-toggle').click();
    await page.getByTestId('test-input').fill('what is the return policy');
    await page.getByTestId('test-input').press('Enter');
    const answer = page.getByTestId('test-answer').last();
    await answer.waitFor();
    expect(await answer.getAttribute('data-branch')).toBe('direct');
    await expect.poll(() => answer.getByTestId('test-entry-link').textContent()).toBe('How do I return an item?');
    expect(Number(await answer.getByTestId('test-score').textContent())).toBeGreaterThan(0.5);
    await snap(page, '05-test-window-en');
    await answer.getByTestId('test-entry-link').click();
    await expect.poll(() => drawer.getByTestId('question-text').inputValue()).toBe('How do I return an item?');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // ---- publish, change, publish again, roll back -------------------------------------------------
    await page.getByTestId('publish-button').click();
    await page.getByTestId('publish-note').fill('Returns and refunds');
    await modal(page).getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => page.getByTestId('unpublished').count()).toBe(0);
    // A bulk change: disable two questions, then publish that too.
    const rows = page.getByTestId('questions-table').locator('tr.ant-table-row');
    await rows.nth(0).locator('.ant-table-selection-column .ant-checkbox').click();
    await rows.nth(1).locator('.ant-table-selection-column .ant-checkbox').click();
    await page.getByTestId('bulk-actions').getByText('(2)').waitFor();
    await page.getByTestId('bulk-actions').hover();
    await page.getByRole('menuitem', { name: 'Disable selected' }).click();
    await expect.poll(() => page.getByTestId('questions-table').getByText('Disabled', { exact: true }).count()).toBe(2);
    await expect.poll(() => page.getByTestId('unpublished').count()).toBe(1);
    await page.getByTestId('publish-button').click();
    await page.getByTestId('publish-note').fill('Disable two');
    await modal(page).getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => page.getByTestId('unpublished').count()).toBe(0);

    await menu(page, 'Test & publish');
    const releases = page.getByTestId('releases-table');
    await releases.locator('tr.ant-table-row', { hasText: 'Returns and refunds' }).waitFor();
    expect(await releases.locator('tbody tr.ant-table-row').count()).toBe(2);
    const first = releases.locator('tbody tr.ant-table-row', { hasText: 'Returns and refunds' });
    await first.getByTestId('rollback').click();
    await page.getByTestId('rollback-confirm').click();
    await first.getByText('In production').waitFor();
    await first.getByText('Restored by rollback').waitFor();
    // Production answers from the first release again; test keeps the edits, so there is something to publish.
    await expect.poll(() => page.getByTestId('unpublished').count()).toBe(1);
    await snap(page, '06-releases-en');

    // ---- import: a dry run lists each bad row and writes nothing; a good file is imported --------------
    await menu(page, 'QA library');
    await page.getByTestId('import-button').click();
    const upload = modal(page).locator('input[type=file]');
    const header = '分类 Category,标准问题 Standard question,相似问题 Similar questions,回答 Answer\n';
    await upload.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(header + 'Returns/Damaged,My item arrived broken,,\n') });
    await modal(page).getByTestId('import-errors').waitFor();
    await modal(page).locator('.ant-table-row', { hasText: 'Answer' }).first().waitFor();
    await snap(page, '06b-import-errors-en');
    expect(await modal(page).getByTestId('import-confirm').isDisabled()).toBe(true);
    await upload.setInputFiles({
      name: 'good.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(header + 'Returns/Damaged,My item arrived broken,"broken item\nit is damaged",Send us a photo and we replace it.\n'),
    });
    await modal(page).getByTestId('import-ok').waitFor();
    await modal(page).getByTestId('import-confirm').click();
    await modal(page).getByTestId('import-done').waitFor();
    await modal(page).locator('.ant-modal-footer').getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByTestId('question-counts').textContent()).toContain('4 standard questions');
    await page.getByTestId('category-tree').getByText('Damaged', { exact: true }).waitFor();

    // ---- the same pages in Chinese -----------------------------------------------------------------------
    await page.getByTestId('language-switch').click();
    await page.locator('.ant-select-item-option', { hasText: '简体中文' }).click();
    await page.getByTestId('nav').getByRole('menuitem', { name: '问答库', exact: true }).click();
    await page.getByTestId('questions-table').getByText('How do I return an item?').waitFor();
    await expect.poll(() => page.getByTestId('question-counts').textContent()).toContain('标准问题 4 条');
    await snap(page, '07-library-zh');
    await page.getByTestId('nav').getByRole('menuitem', { name: '寒暄库', exact: true }).click();
    await page.getByTestId('chitchat-intro').waitFor();
    await page.getByTestId('category-tree').getByText('日常问候').waitFor();
    // A preset category's entries are switched off together (and cannot be renamed or deleted).
    const greetings = page.getByTestId('category-tree').getByTestId('category-node').filter({ hasText: '日常问候' });
    await greetings.hover();
    await greetings.getByTestId('category-actions').click();
    await expect.poll(() => page.getByRole('menuitem', { name: '删除' }).count()).toBe(0);
    await page.getByRole('menuitem', { name: '一键停用全部问答' }).click();
    await page.getByText('已更新 7 条问答').waitFor();
    await snap(page, '08-chitchat-zh');
    await page.getByTestId('nav').getByRole('menuitem', { name: '基础配置', exact: true }).click();
    await page.getByTestId('config-form').waitFor();
    await snap(page, '09-config-zh');
    // The choice is remembered for this member: a reload stays in Chinese.
    await page.reload();
    await page.getByTestId('nav').getByRole('menuitem', { name: '问答库', exact: true }).waitFor();

    // Ant Design's styles carry the page's nonce: nothing was refused by the Content-Security-Policy.
    expect(problems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);
  }

  it('tells the second of two admins editing the same question that it changed meanwhile', { timeout: 120_000 }, async () => {
    const categories = await desk.api.request('GET', '/robots/default/faq/categories');
    const categoryId = categories.body.items.find((c: { menuType: number }) => c.menuType === 1).categoryId;
    const added = await desk.api.request('POST', '/robots/default/faq/questions', { categoryId, question: 'Do you deliver on Sundays?', answer: 'No.' });
    expect(added.status).toBe(200);
    const open = async () => {
      const { page, problems } = await newPage('en-US');
      await login(page, admin);
      await page.getByTestId('robots-table').waitFor();
      await page.goto(desk.baseUrl + '/console/robots/default/faq');
      await page.getByTestId('questions-table').getByText('Do you deliver on Sundays?', { exact: true }).click();
      const drawer = page.getByTestId('question-drawer');
      await expect.poll(() => drawer.getByTestId('answer-text').inputValue()).toBe('No.');
      return { page, problems, drawer };
    };
    const first = await open();
    const second = await open();
    await first.drawer.getByTestId('answer-text').fill('Yes, from 10:00 to 16:00.');
    await first.drawer.getByTestId('question-save').click();
    await first.drawer.waitFor({ state: 'hidden' });

    await second.drawer.getByTestId('answer-text').fill('Only in the city centre.');
    await second.drawer.getByTestId('question-save').click();
    await second.drawer.getByTestId('edit-conflict').getByText('changed by someone else since you opened it').waitFor();
    // The edits stay on screen; nothing was overwritten.
    expect(await second.drawer.getByTestId('answer-text').inputValue()).toBe('Only in the city centre.');
    const saved = await desk.api.request('GET', `/robots/default/faq/questions/${encodeURIComponent(added.body.questionId)}`);
    expect(saved.body.answer).toBe('Yes, from 10:00 to 16:00.');
    await snap(second.page, '11-edit-conflict-en');
    // Reload shows the latest.
    await second.drawer.getByTestId('conflict-reload').click();
    await expect.poll(() => second.drawer.getByTestId('answer-text').inputValue()).toBe('Yes, from 10:00 to 16:00.');
    expect(await second.drawer.getByTestId('edit-conflict').count()).toBe(0);
  });

  it('sends a staff member on to the workbench', { timeout: 120_000 }, async () => {
    const { page } = await newPage('en-US');
    await login(page, desk.agents[0]);
    await page.getByTestId('staff-redirect').waitFor();
    await snap(page, '10-staff-redirect-en');
    await page.waitForURL('**/workbench/');
  });
});
