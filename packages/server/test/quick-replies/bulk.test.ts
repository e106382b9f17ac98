import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBulkText } from '../../src/quick-replies/bulk-text.ts';
import { createApiClient, createRestClient, startTestServer, type ApiClient, type TestServer } from '../harness.ts';

// Bulk add (批量添加): one reply per line, all or nothing, every bad line reported by number.

describe('bulk text parsing', () => {
  it('reads title<TAB>content and title|content lines, skipping blank lines and a header', () => {
    const parsed = parseBulkText('标题\t内容\n欢迎语\t您好，有什么可以帮您？\n\n  \n再见|感谢咨询 | 再见\r\n用户等待\t请稍等\t马上回来');
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries).toEqual([
      { line: 2, title: '欢迎语', content: '您好，有什么可以帮您？' },
      { line: 5, title: '再见', content: '感谢咨询 | 再见' },
      { line: 6, title: '用户等待', content: '请稍等\t马上回来' },
    ]);
  });

  it('reads CSV with quoted commas, quotes and newlines, numbering rows by the line they start on', () => {
    const parsed = parseBulkText('title,content\nHello,"Hi, how can I help?"\n\n"Say ""bye""","Bye!\nSee you"\nLast,one');
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries).toEqual([
      { line: 2, title: 'Hello', content: 'Hi, how can I help?' },
      { line: 4, title: 'Say "bye"', content: 'Bye!\nSee you' },
      { line: 6, title: 'Last', content: 'one' },
    ]);
  });

  it('reports every bad line with its number and reason', () => {
    const parsed = parseBulkText(`ok\tfine\nno separator here\n\t content without title\n${'t'.repeat(51)}\tx\ntitle\t\nfine|again`, 'lines');
    expect(parsed.entries.map((e) => e.line)).toEqual([1, 6]);
    expect(parsed.errors).toEqual([
      { line: 2, reason: expect.stringContaining('no separator') },
      { line: 3, reason: 'title must not be empty' },
      { line: 4, reason: 'title is at most 50 characters (got 51)' },
      { line: 5, reason: 'content must not be empty' },
    ]);
    const csv = parseBulkText('a,b\nx,y,z\n"open,quote');
    expect(csv.errors).toEqual([
      { line: 2, reason: expect.stringContaining('3 cells') },
      { line: 3, reason: expect.stringContaining('not closed') },
    ]);
  });
});

describe('bulk add in the console API', () => {
  let test: TestServer;
  let api: ApiClient;
  let categoryId: number;
  beforeAll(async () => {
    test = await startTestServer();
    api = createApiClient(test, await createRestClient(test));
    categoryId = (await api.request('POST', '/quick-replies/categories', { name: 'Bulk', scope: 'all' })).body.categoryId;
  });
  afterAll(() => test?.close());

  const count = async () => (await api.request('GET', `/quick-replies?categoryId=${categoryId}`)).body.total;
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `Title ${i + 1}\tContent ${i + 1}`).join('\n');

  it('adds every line in order', async () => {
    const res = await api.request('POST', '/quick-replies/bulk', { categoryId, text: '欢迎语\t您好\n再见|感谢您的咨询' });
    expect(res).toEqual({ status: 201, body: { added: 2 } });
    const listed = await api.request('GET', `/quick-replies?categoryId=${categoryId}`);
    expect(listed.body.items.map((r: { title: string; content: string }) => [r.title, r.content])).toEqual([
      ['欢迎语', '您好'],
      ['再见', '感谢您的咨询'],
    ]);
  });

  it('one bad line: nothing is written, and the line number is reported', async () => {
    const before = await count();
    const res = await api.request('POST', '/quick-replies/bulk', { categoryId, text: `a\tb\nc\td\n${'x'.repeat(51)}\te\nf\tg` });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: { code: -7, message: '1 line(s) of the text have errors; nothing was added' },
      lines: [{ line: 3, reason: 'title is at most 50 characters (got 51)' }],
    });
    expect(await count()).toBe(before);
  });

  it('takes 500 replies in one call and refuses 501 outright', async () => {
    const before = await count();
    const refused = await api.request('POST', '/quick-replies/bulk', { categoryId, text: lines(501) });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('Bulk add takes at most 500 replies per call; the text has 501');
    expect(await count()).toBe(before);
    const long = lines(500).replace(/Content (\d+)/g, (_m, n) => `${'长'.repeat(1990)}${n}`); // about 3 MB of UTF-8
    expect((await api.request('POST', '/quick-replies/bulk', { categoryId, text: long })).body).toEqual({ added: 500 });
    expect(await count()).toBe(before + 500);
  });

  it("refuses an empty text, an unknown category and another app's category", async () => {
    const empty = await api.request('POST', '/quick-replies/bulk', { categoryId, text: '\n  \n' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('text holds no replies');
    const unknown = await api.request('POST', '/quick-replies/bulk', { categoryId: 999999, text: 'a\tb' });
    expect(unknown.status).toBe(404);
    const otherApi = createApiClient(test, await createRestClient(test));
    const theirs = await otherApi.request('POST', '/quick-replies/bulk', { categoryId, text: 'a\tb' });
    expect(theirs.status).toBe(404);
  });

  it('format csv overrides the guess', async () => {
    const res = await api.request('POST', '/quick-replies/bulk', { categoryId, text: 'Pipe|in title,"content, quoted"', format: 'csv' });
    expect(res.body).toEqual({ added: 1 });
    const found = await api.request('GET', `/quick-replies?q=${encodeURIComponent('pipe|in')}`);
    expect(found.body.items.map((r: { title: string; content: string }) => [r.title, r.content])).toEqual([['Pipe|in title', 'content, quoted']]);
  });
});
