import ExcelJS from 'exceljs';
import TLSSigAPIv2 from 'tls-sig-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, createRestClient, startTestServer, type TestServer } from '../harness.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = '分类 Category,标准问题 Standard question,相似问题 Similar questions,回答 Answer,回答类型 Answer type,状态 Status';

/** GBK has no encoder in Node; invert the decoder over the two-byte range. */
function encodeGbk(text: string): Uint8Array {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gbk');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) table.set(decoder.decode(new Uint8Array([lead, trail])), [lead, trail]);
  }
  return new Uint8Array([...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch)!)));
}

async function xlsxOf(rows: unknown[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('QA').addRows(rows);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** An app of its own (and its default robot) per test, so libraries do not interfere. */
async function tenant(test: TestServer, name = 'Transfer app') {
  const client = await createRestClient(test, name);
  const api = createApiClient(test, client);
  const sig = new TLSSigAPIv2.Api(client.sdkAppId, client.secretKey).genSig(client.admin, 3600);
  const headers = { 'x-parley-app': String(client.sdkAppId), 'x-parley-identifier': client.admin, authorization: `UserSig ${sig}` };
  const robot = '/robots/default/faq';
  return {
    api,
    /** Binary-safe GET of a file. */
    async download(path: string) {
      const response = await fetch(`${test.baseUrl}/api${robot}${path}`, { headers });
      return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
    },
    upload(body: string | Uint8Array, query = 'format=csv', type = 'text/csv') {
      return api.request('POST', `${robot}/import?${query}`, body, { 'content-type': type });
    },
    /** The library as paths and question fields, comparable across robots. */
    async library() {
      const categories = (await api.request('GET', `${robot}/categories`)).body.items as Array<{ categoryId: number; parentId: number; title: string }>;
      const questions = (await api.request('GET', `${robot}/questions?pageSize=1000&order=asc`)).body.items as Array<Record<string, any>>;
      const byId = new Map(categories.map((c) => [c.categoryId, c]));
      const pathOf = (id: number) => {
        const c = byId.get(id)!;
        return c.parentId ? `${byId.get(c.parentId)!.title}/${c.title}` : c.title;
      };
      return {
        categories: categories.map((c) => pathOf(c.categoryId)).sort(),
        questions: questions.map((q) => ({ category: pathOf(q.categoryId), question: q.question, similar: q.similar, answer: q.answer, answerType: q.answerType, status: q.status })),
      };
    },
  };
}

describe('QA import / export API', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  it('serves the template in both formats, and each re-imports as it is', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const t = await tenant(test);
      const file = await t.download(`/template?format=${format}`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toContain(format === 'csv' ? 'text/csv' : XLSX);
      expect(file.headers.get('content-disposition')).toBe(`attachment; filename="qa-import-template.${format}"`);
      if (format === 'csv') {
        expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        expect(new TextDecoder().decode(file.bytes)).toContain(HEADER);
      }
      const res = await t.upload(file.bytes, `format=${format}`, format === 'csv' ? 'text/csv' : XLSX);
      expect(res).toEqual({ status: 200, body: { imported: 1, createdCategories: 2, dryRun: false } });
      expect((await t.library()).questions).toEqual([
        { category: '售后服务/退换货', question: '如何申请退货？', similar: ['怎么退货', '退货流程是什么'], answer: expect.stringContaining('申请退货'), answerType: 0, status: 4 },
      ]);
    }
  });

  it('imports CSV with two-level categories, reusing existing ones', async () => {
    const t = await tenant(test);
    await t.api.request('POST', '/robots/default/faq/categories', { title: '售后' });
    const csv = [
      'Answer,Category,Question,Similar questions,Remarks',
      '去订单页申请,售后/退货,怎么退货,"退货流程\n如何退货",ignored',
      '三天内,售后 > 换货,换货要多久,多久换货|换货时效,',
      '全国包邮,物流,包邮吗,,',
      '',
      ',,,,',
    ].join('\r\n');
    const res = await t.upload(`\uFEFF${csv}`);
    expect(res).toEqual({ status: 200, body: { imported: 3, createdCategories: 3, dryRun: false } });
    const lib = await t.library();
    expect(lib.categories).toEqual(['全部分类', '售后', '售后/换货', '售后/退货', '物流']);
    expect(lib.questions).toEqual([
      { category: '售后/退货', question: '怎么退货', similar: ['退货流程', '如何退货'], answer: '去订单页申请', answerType: 0, status: 4 },
      { category: '售后/换货', question: '换货要多久', similar: ['多久换货', '换货时效'], answer: '三天内', answerType: 0, status: 4 },
      { category: '物流', question: '包邮吗', similar: [], answer: '全国包邮', answerType: 0, status: 4 },
    ]);
  });

  it('imports XLSX: formulas and rich text by their text, answer type and status labels', async () => {
    const t = await tenant(test);
    const file = await xlsxOf([
      ['状态', '回答类型', '分类', '标准问题', '回答', '相似问题'],
      ['停用', '富文本', '产品/价格', { formula: '"价"&"格"', result: '价格' }, { richText: [{ text: '**贵**', font: { bold: true } }, { text: '吗' }] }, '多少钱'],
      ['', 2, '产品/规格', '尺寸', '10cm', ''],
    ]);
    const res = await t.upload(file, 'format=xlsx', XLSX);
    expect(res).toEqual({ status: 200, body: { imported: 2, createdCategories: 3, dryRun: false } });
    expect((await t.library()).questions).toEqual([
      { category: '产品/价格', question: '价格', similar: ['多少钱'], answer: '**贵**吗', answerType: 2, status: 5 },
      { category: '产品/规格', question: '尺寸', similar: [], answer: '10cm', answerType: 2, status: 4 },
    ]);
  });

  it('reports per-row errors with sheet row numbers and imports nothing', async () => {
    const t = await tenant(test);
    await t.upload(`${HEADER}\n旧,已有问题,,答,,`);
    const before = await t.library();
    const csv = [
      HEADER,
      '新分类/子类,"第一个\n多行问题",,好的回答,,', // row 2 spans two lines but is one sheet row
      '新分类,缺回答,,,,', // row 3
      '新分类,"第一个\n多行问题",,重复,,', // row 4: duplicate of row 2
      '新分类,已有问题,,重复,,', // row 5: already in the library
      '新分类,类型错,,x,HTML,暂停', // row 6
      'a/b/c,层级太多,,x,,', // row 7
    ].join('\n');
    const res = await t.upload(csv);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: -7, message: '5 row(s) of the file have errors; nothing was imported' });
    expect(res.body.rows).toEqual([
      { row: 3, column: '回答 Answer', message: 'Answer must not be empty' },
      { row: 4, column: '标准问题 Standard question', message: 'Duplicates the standard question of row 2' },
      { row: 5, column: '标准问题 Standard question', message: 'The standard question "已有问题" already exists in the library' },
      { row: 6, column: '回答类型 Answer type', message: 'Answer type "HTML" is not one of 纯文本 (0) or 富文本 (2)' },
      { row: 6, column: '状态 Status', message: 'Status "暂停" is not one of 启用 or 停用' },
      { row: 7, column: '分类 Category', message: 'Category "a/b/c" has more than two levels' },
    ]);
    expect(await t.library()).toEqual(before);
  });

  it('reports a missing required column on the header row', async () => {
    const res = await (await tenant(test)).upload('分类,标准问题\n售后,怎么退货\n');
    expect(res.status).toBe(400);
    expect(res.body.rows).toEqual([{ row: 1, column: '回答 Answer', message: 'Required column "回答 Answer" is missing' }]);
  });

  it('validates without writing in dry-run mode', async () => {
    const t = await tenant(test);
    const before = await t.library();
    const res = await t.upload(`${HEADER}\n售后/退货,怎么退货,,去订单页,,`, 'format=csv&mode=dryRun', 'text/csv; charset=utf-8');
    expect(res).toEqual({ status: 200, body: { imported: 1, createdCategories: 2, dryRun: true } });
    expect(await t.library()).toEqual(before);
    const bad = await t.upload(`${HEADER}\n售后/退货,,,去订单页,,`, 'mode=dryRun');
    expect(bad.body.rows).toEqual([{ row: 2, column: '标准问题 Standard question', message: 'Question must not be empty' }]);
  });

  it('reads GBK-encoded CSV saved by Excel', async () => {
    const t = await tenant(test);
    const res = await t.upload(encodeGbk('分类,标准问题,回答\r\n售后/退货,怎么退货,请到订单页申请\r\n'));
    expect(res).toEqual({ status: 200, body: { imported: 1, createdCategories: 2, dryRun: false } });
    expect((await t.library()).questions[0]).toMatchObject({ category: '售后/退货', question: '怎么退货', answer: '请到订单页申请' });
  });

  it('exports the library so that it re-imports identically, in both formats', async () => {
    const source = await tenant(test);
    const csv = [HEADER, '售后/退货,怎么退货,"退货流程\n如何退货",**去订单页**,富文本,停用', '售后,售后电话,,"400-000\n工作日",纯文本,启用', '物流,包邮吗,包邮|免运费,全国包邮,,'].join('\n');
    expect((await source.upload(csv)).status).toBe(200);
    const original = await source.library();
    for (const format of ['csv', 'xlsx'] as const) {
      const file = await source.download(`/export?format=${format}&env=test`);
      expect(file.headers.get('content-type')).toContain(format === 'csv' ? 'text/csv' : XLSX);
      expect(file.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="qa-library-test-\\d{8}\\.${format}"$`));
      const copy = await tenant(test);
      const res = await copy.upload(file.bytes, '', 'application/octet-stream'); // format sniffed from the bytes
      expect(res.body).toEqual({ imported: 3, createdCategories: 3, dryRun: false });
      expect(await copy.library()).toEqual(original);
    }
  });

  it('exports production separately from test', async () => {
    const t = await tenant(test);
    await t.upload(`${HEADER}\n售后,怎么退货,,去订单页,,`);
    const prod = await t.download(`/export?format=csv&env=prod`);
    expect(new TextDecoder().decode(prod.bytes).trim()).toBe(HEADER); // the decoder drops the BOM
  });

  it('guards exported CSV against formula injection and strips the guard on import', async () => {
    const source = await tenant(test);
    const file = await xlsxOf([
      ['分类', '标准问题', '相似问题', '回答'],
      ['安全', '=1+1', '@SUM(A1)', '-cmd|calc'],
      ['安全', "'=引号开头", '', '+86 电话'],
    ]);
    expect((await source.upload(file, 'format=xlsx', XLSX)).status).toBe(200);
    const csv = new TextDecoder().decode((await source.download(`/export?format=csv`)).bytes);
    expect(csv).toContain(`安全,'=1+1,'@SUM(A1),'-cmd|calc`);
    expect(csv).toContain(`安全,''=引号开头,,'+86 电话`);
    expect(csv).not.toMatch(/(^|,)[=+\-@]/m);
    const copy = await tenant(test);
    expect((await copy.upload(csv)).status).toBe(200);
    expect(await copy.library()).toEqual(await source.library());
  });

  it('does not let another app import into or export this app’s robot', async () => {
    const owner = await tenant(test);
    const robotId = encodeURIComponent((await owner.api.request('POST', '/robots', { nickname: 'private' })).body.robotId);
    const stranger = await tenant(test, 'Other app');
    const csv = `${HEADER}\n售后,怎么退货,,去订单页,,`;
    const res = await stranger.api.request('POST', `/robots/${robotId}/faq/import?format=csv`, csv, { 'content-type': 'text/csv' });
    expect(res.status).toBe(404);
    expect((await stranger.api.request('GET', `/robots/${robotId}/faq/export?format=csv`)).status).toBe(404);
    const own = await owner.api.request('POST', `/robots/${robotId}/faq/import?format=csv`, csv, { 'content-type': 'text/csv' });
    expect(own.status).toBe(200);
    expect((await owner.api.request('GET', `/robots/${robotId}/faq/questions`)).body.total).toBe(1);
  });

  it('rejects a JSON body and an unknown language', async () => {
    const t = await tenant(test);
    expect((await t.api.request('POST', '/robots/default/faq/import', { rows: [] })).status).toBe(400);
    const res = await t.upload(`${HEADER}\n售后,怎么退货,,去订单页,,`, 'format=csv&language=en');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/Language "en" has not been added/);
  });

  it('imports questions in a language the robot has', async () => {
    const t = await tenant(test);
    await t.api.request('POST', '/robots/default/languages', { languageTag: 'en' });
    const res = await t.upload(`${HEADER}\nShipping,Is shipping free?,,Yes,,`, 'format=csv&language=en');
    expect(res.body).toEqual({ imported: 1, createdCategories: 1, dryRun: false });
    const en = await t.download(`/export?format=csv&language=en`);
    expect(en.headers.get('content-disposition')).toMatch(/qa-library-test-en-/);
    expect(new TextDecoder().decode(en.bytes)).toContain('Shipping,Is shipping free?,,Yes,纯文本,启用');
    expect(new TextDecoder().decode((await t.download(`/export?format=csv`)).bytes)).not.toContain('Shipping');
  });

  // Measured ~4 s on PostgreSQL and ~8 s on PGlite, nearly all of it inserting the rows; the bound only catches regressions.
  it('imports 10,000 rows in a few seconds', async () => {
    const t = await tenant(test);
    const lines = [HEADER, ...Array.from({ length: 10_000 }, (_, i) => `分类${i % 5}/子类${i % 3},问题 ${i},相似 ${i}|另一个 ${i},回答 ${i},,`)];
    const started = Date.now();
    const res = await t.upload(lines.join('\r\n'));
    expect(res.body).toEqual({ imported: 10_000, createdCategories: 5 + 5 * 3, dryRun: false });
    expect(Date.now() - started).toBeLessThan(20_000);
    const page = await t.api.request('GET', '/robots/default/faq/questions?pageSize=1');
    expect(page.body.total).toBe(10_000);
  });
});
