// Bulk import in the admin console: an admin uploads a 200-row XLSX with 5 bad rows to the QA
// library; the dry run lists each bad row (row number, column, reason) and nothing is written; the
// importer is all-or-nothing, so the admin uploads the file again without the 5 bad rows and imports
// the 195 good ones. Screenshots go to test-results/screenshots/console/ (and /tmp/console-shots/).
import { copyFileSync, existsSync } from 'node:fs';
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, shot, startDesk, type Desk, type DeskLogin } from '@parley/server/test/browser.ts';

const STEP_MS = 30_000;
const EXTRA_SHOTS = '/tmp/console-shots';
// The template's bilingual headers (packages/server/src/knowledge/transfer/columns.ts).
const HEADER = ['分类 Category', '标准问题 Standard question', '相似问题 Similar questions', '回答 Answer', '回答类型 Answer type', '状态 Status'];

interface Row {
  category: string;
  question: string;
  similar: string;
  answer: string;
  answerType: string;
  status: string;
}

/** 200 rows; sheet row = index + 2 (row 1 is the header). */
function buildRows(): { rows: Row[]; bad: Map<number, { column: string; reason: string }> } {
  const rows: Row[] = Array.from({ length: 200 }, (_, i) => ({
    category: i % 2 ? 'Orders/Imported' : 'Orders',
    question: `Imported question number ${i + 1}?`,
    similar: i % 3 ? '' : `variant A of ${i + 1}\nvariant B of ${i + 1}`,
    answer: `Answer number ${i + 1}.`,
    answerType: i % 5 ? '' : '纯文本',
    status: i % 7 ? '' : '启用',
  }));
  const bad = new Map<number, { column: string; reason: string }>();
  rows[19].question = '';
  bad.set(21, { column: '标准问题 Standard question', reason: 'Question must not be empty' });
  rows[59].answer = 'x'.repeat(10_001);
  bad.set(61, { column: '回答 Answer', reason: 'at most 10000 characters' });
  rows[99].status = 'maybe';
  bad.set(101, { column: '状态 Status', reason: 'Status "maybe" is not one of' });
  rows[139].category = 'Orders/Returns/Damaged';
  bad.set(141, { column: '分类 Category', reason: 'more than two levels' });
  rows[179].question = rows[29].question;
  bad.set(181, { column: '标准问题 Standard question', reason: 'Duplicates the standard question of row 31' });
  return { rows, bad };
}

async function xlsx(rows: Row[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('QA');
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow([row.category, row.question, row.similar, row.answer, row.answerType, row.status]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describeBrowser('admin console: bulk import with a dry run', () => {
  let desk: Desk;
  let browser: Browser;
  let admin: DeskLogin;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    desk = await startDesk({ agents: 1 });
    const { member, password } = await desk.test.server.services.team.members.provision(desk.app.sdkAppId, { email: 'import-admin@desk.test', nick: 'Import Admin', roles: ['admin'] });
    admin = { memberId: member.memberId, email: member.email, password, nick: member.nick };
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await desk?.close();
  });

  const snap = async (page: Page, name: string) => {
    const file = await shot(page, `console/${name}`);
    if (existsSync(EXTRA_SHOTS)) copyFileSync(file, `${EXTRA_SHOTS}/${basename(file)}`);
  };

  const total = async (robotId: string) => {
    const response = await desk.api.request('GET', `/robots/${robotId}/faq/questions?page=1&pageSize=1`);
    expect(response.status).toBe(200);
    return response.body.total as number;
  };

  it('lists the 5 bad rows of a 200-row XLSX before writing anything, then imports the 195 good ones', { timeout: 300_000 }, async () => {
    // A robot with a category and one question already in it.
    const robot = await desk.api.request('POST', '/robots', { nickname: 'Import bot' });
    expect(robot.status).toBe(200);
    const robotId = encodeURIComponent(robot.body.robotId as string);
    const category = await desk.api.request('POST', `/robots/${robotId}/faq/categories`, { title: 'Orders' });
    expect(category.status, JSON.stringify([robot.body, category.body])).toBe(200);
    const added = await desk.api.request('POST', `/robots/${robotId}/faq/questions`, { categoryId: category.body.categoryId, question: 'Where is my order?', answer: 'See "My orders".' });
    expect(added.status).toBe(200);
    const before = await total(robotId);
    expect(before).toBe(1);

    const { rows, bad } = buildRows();
    const all = await xlsx(rows);
    const good = await xlsx(rows.filter((_, index) => !bad.has(index + 2)));

    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(STEP_MS);
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    try {
      await page.goto(desk.baseUrl + '/');
      await page.getByTestId('login-page').waitFor();
      await page.getByTestId('login-email').fill(admin.email);
      await page.getByTestId('login-password').fill(admin.password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('robots-table').waitFor();
      await page.goto(`${desk.baseUrl}/console/robots/${robotId}/faq`);
      await expect.poll(() => page.getByTestId('question-counts').textContent()).toContain('1 standard questions');

      // ---- the dry run of the whole file: five bad rows, each with its row, column and reason -----
      await page.getByTestId('import-button').click();
      const dialog = page.getByTestId('import-dialog');
      // The Dragger puts its test id on its file input.
      const upload = dialog.getByTestId('import-upload');
      await upload.waitFor({ state: 'attached' });
      await upload.setInputFiles({ name: 'qa-200.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: all });
      await dialog.getByTestId('import-errors').waitFor();
      expect(await dialog.getByTestId('import-errors').textContent()).toContain('errors in 5 rows. Nothing was imported');
      const errorRows = dialog.locator('.ant-table-tbody tr.ant-table-row');
      await expect.poll(() => errorRows.count()).toBe(5);
      const listed = await errorRows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      expect(listed.map((cells) => Number(cells[0])).sort((a, b) => a - b)).toEqual([...bad.keys()]);
      for (const [row, { column, reason }] of bad) {
        const cells = listed.find((candidate) => Number(candidate[0]) === row)!;
        expect(cells[1], `row ${row}`).toBe(column);
        expect(cells[2], `row ${row}`).toContain(reason);
      }
      expect(await dialog.getByTestId('import-confirm').isDisabled()).toBe(true);
      // Nothing was written.
      expect(await total(robotId)).toBe(before);
      await errorRows.last().scrollIntoViewIfNeeded();
      await snap(page, '10-import-dry-run-errors-en');
      // Cancel and open again: the dialog starts over (no stale result or file).
      await dialog.locator('.ant-modal-footer button', { hasText: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByTestId('import-button').click();
      await upload.waitFor({ state: 'attached' });
      await dialog.getByText('Click or drop an .xlsx or .csv file here').waitFor();
      expect(await dialog.getByTestId('import-errors').count()).toBe(0);

      // ---- all or nothing: the same file without the five bad rows -----------------------------------
      await upload.setInputFiles({ name: 'qa-195.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: good });
      await dialog.getByTestId('import-ok').waitFor();
      expect(await dialog.getByTestId('import-ok').textContent()).toContain('195 questions are ready to import (1 new categories)');
      expect(await dialog.getByTestId('import-errors').count()).toBe(0);
      expect(await total(robotId)).toBe(before);
      const confirm = dialog.getByTestId('import-confirm');
      expect(await confirm.textContent()).toContain('Import 195 questions');
      await snap(page, '11-import-dry-run-ok-en');
      await confirm.click();
      await dialog.getByTestId('import-done').waitFor();
      expect(await dialog.getByTestId('import-done').textContent()).toContain('Imported 195 questions and created 1 categories');
      await snap(page, '12-import-done-en');
      await dialog.locator('button.ant-btn', { hasText: 'Close' }).click();
      await dialog.waitFor({ state: 'hidden' });

      // ---- the library has 195 new questions ----------------------------------------------------------
      expect(await total(robotId)).toBe(before + 195);
      await expect.poll(() => page.getByTestId('question-counts').textContent()).toContain(`${before + 195} standard questions`);
      await page.getByTestId('category-tree').getByText('Imported', { exact: true }).waitFor();
      await snap(page, '13-import-library-en');
      expect(problems).toEqual([]);
    } catch (error) {
      await snap(page, 'import-failure').catch(() => undefined);
      throw new Error(`${(error as Error).message}\nBrowser errors: ${problems.join(' | ')}`, { cause: error });
    }
  });
});
