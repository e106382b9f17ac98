import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, createRestClient, startTestServer, type TestServer } from '../harness.ts';
import { expectOk } from './helpers.ts';

// REST writes take effect in production and must survive the next publish of the test environment.
describe('REST writes and the test environment', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  it('a REST add into a category deleted in test (unpublished) survives the next publish', async () => {
    const client = await createRestClient(test);
    const api = createApiClient(test, client);
    const parent = (await client.call('add_faq_category', { Title: '售后' })).CategoryId;
    const child = (await client.call('add_faq_category', { Title: '退货', ParentId: parent })).CategoryId;
    expect((await api.request('DELETE', `/robots/default/faq/categories/${parent}`)).status).toBe(200);
    expectOk(await client.call('add_faq', { CategoryId: child, Question: '退货要多久', Answer: '7天内' }));
    expect((await api.request('POST', '/robots/default/publish', { note: 'after console delete' })).status).toBe(200);
    const list = await client.call('list_faq', { PageIndex: 1, PageSize: 10, Question: '退货要多久' });
    expect(list.QuestionList.map((q: any) => q.StandardQuestion)).toEqual(['退货要多久']);
    const categories = await client.call('desc_faq_category', {});
    expect(categories.List.map((c: any) => c.CategoryId)).toEqual(expect.arrayContaining([parent, child]));
  });

  it('a REST config update succeeds even when unpublished test thresholds would conflict with it', async () => {
    const client = await createRestClient(test);
    const api = createApiClient(test, client);
    expect((await api.request('PATCH', '/robots/default/config', { clarifyReaches: 0.7, directAnsweringReaches: 0.75 })).status).toBe(200);
    expectOk(await client.call('update_robot_config', { DirectAnsweringReaches: '0.6', ClarifyReaches: '0.3' }));
    expect((await client.call('desc_robot_config', {})).DirectAnsweringReaches).toBe('0.6');
    const testConfig = (await api.request('GET', '/robots/default/config?env=test')).body;
    expect(testConfig.clarifyReaches).toBeLessThanOrEqual(testConfig.directAnsweringReaches);
    expect(testConfig.directAnsweringReaches).toBe(0.6);
  });

  it('ignores prototype keys in REST bodies', async () => {
    const client = await createRestClient(test);
    const res = await client.call('add_faq_category', {}, { raw: '{"__proto__": {"Title": "injected"}}' });
    expect(res.ErrorCode).toBe(-7);
    expect(res.ErrorInfo).toContain('Title');
  });

  it('refuses NUL characters on the native API with 400, writing nothing', async () => {
    const client = await createRestClient(test);
    const api = createApiClient(test, client);
    const res = await api.request('POST', '/robots/default/faq/categories', { title: 'bad\u0000title' });
    expect(res.status).toBe(400);
    const list = await api.request('GET', '/robots/default/faq/categories');
    expect(list.body.items.map((c: any) => c.title)).not.toContain('bad\u0000title');
  });
});

describe('the robot lexicon', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  it('is edited in test, published to production and restored by rollback', async () => {
    const client = await createRestClient(test);
    const api = createApiClient(test, client);
    const first = await api.request('POST', '/robots/default/publish', { note: 'before lexicon' });
    const saved = await api.request('PUT', '/robots/default/lexicon', { dictionary: ['运费险', ' 运费险 ', ''], synonyms: [['退款', '退钱'], ['solo']] });
    expect(saved.body).toEqual({ dictionary: ['运费险'], synonyms: [['退款', '退钱']] });
    expect((await api.request('GET', '/robots/default/lexicon?env=prod')).body).toEqual({ dictionary: [], synonyms: [] });
    await api.request('POST', '/robots/default/publish', { note: 'lexicon' });
    expect((await api.request('GET', '/robots/default/lexicon?env=prod')).body).toEqual(saved.body);
    await api.request('POST', `/robots/default/releases/${first.body.version}/rollback`);
    expect((await api.request('GET', '/robots/default/lexicon?env=prod')).body).toEqual({ dictionary: [], synonyms: [] });
  });

  it('makes synonyms match: a query with one word finds the question written with the other', async () => {
    const client = await createRestClient(test);
    const api = createApiClient(test, client);
    const category = (await client.call('add_faq_category', { Title: '售后' })).CategoryId;
    await api.request('POST', '/robots/default/faq/questions', { categoryId: category, question: '退款多久到账', answer: '1-3个工作日' });
    await api.request('POST', '/robots/default/faq/questions', { categoryId: category, question: '发票怎么开', answer: '订单详情页' });
    const before = (await api.request('POST', '/robots/default/test', { text: '退钱', env: 'test' })).body;
    await api.request('PUT', '/robots/default/lexicon', { dictionary: [], synonyms: [['退款', '退钱']] });
    const after = (await api.request('POST', '/robots/default/test', { text: '退钱', env: 'test' })).body;
    expect(after.candidates.faq[0].question).toBe('退款多久到账');
    expect(after.candidates.faq[0].score).toBeGreaterThan(before.candidates.faq.find((c: any) => c.question === '退款多久到账')?.score ?? 0);
  });
});
