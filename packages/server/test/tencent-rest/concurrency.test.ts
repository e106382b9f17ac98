import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, createRestClient, startTestServer, type TestServer } from '../harness.ts';
import { addCategory, allCategoryId, categories, expectFail, expectHandled, expectOk, listAll } from './helpers.ts';

// Concurrent writers: every accepted write is kept exactly once, rejected ones leave nothing behind.

describe('concurrent writes', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  const fresh = () => createRestClient(test);
  const sortIds = (rows: Array<Record<string, any>>, key: string) => rows.map((r) => r[key]).sort();

  it('50 concurrent add_faq on one robot: all succeed, distinct ids, exact count in production and test', async () => {
    const client = await fresh();
    const api = createApiClient(test, client);
    const all = await allCategoryId(client, 'faq');
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => client.call('add_faq', { CategoryId: all, Question: `concurrent ${i}`, Answer: `a${i}`, SimilarQuestions: [`s${i}`] })));
    for (const r of results) expectOk(r);
    const prod = await listAll(client, 'faq');
    expect(prod).toHaveLength(50);
    expect(new Set(prod.map((q) => q.StandardQuestionId)).size).toBe(50);
    expect(new Set(prod.map((q) => q.StandardQuestion)).size).toBe(50);
    const counts = await client.call('list_faq', { PageIndex: 1, PageSize: 1 });
    expect(counts).toMatchObject({ StandardQuestionCount: 50, AllQuestionCount: 100 });
    const testEnv = await api.request('GET', '/robots/default/faq/questions?env=test&pageSize=1000');
    expect(testEnv.body.total).toBe(50);
    expect(sortIds(testEnv.body.items, 'questionId')).toEqual(sortIds(prod, 'StandardQuestionId'));
  });

  it('concurrent duplicates of the same standard question: exactly one succeeds', async () => {
    const client = await fresh();
    const all = await allCategoryId(client, 'faq');
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => client.call('add_faq', { CategoryId: all, Question: i % 2 ? 'Same Question' : 'same question', Answer: `a${i}` })));
    expect(results.filter((r) => r.ActionStatus === 'OK')).toHaveLength(1);
    for (const r of results.filter((x) => x.ActionStatus !== 'OK')) expectFail(r, -7);
    expect(await listAll(client, 'faq')).toHaveLength(1);
  });

  it('concurrent add_faq_category: distinct ids, all listed', async () => {
    const client = await fresh();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => client.call('add_faq_category', { Title: `cat ${i}` })));
    for (const r of results) expectOk(r);
    const ids = results.map((r) => r.CategoryId);
    expect(new Set(ids).size).toBe(20);
    const listed = (await categories(client, 'faq')).map((c) => c.CategoryId);
    for (const id of ids) expect(listed).toContain(id);
  });

  it('concurrent add + publish leave production consistent', async () => {
    const client = await fresh();
    const api = createApiClient(test, client);
    const all = await allCategoryId(client, 'faq');
    const jobs: Array<Promise<unknown>> = [];
    for (let i = 0; i < 20; i++) jobs.push(client.call('add_faq', { CategoryId: all, Question: `rest ${i}`, Answer: 'r' }));
    for (let i = 0; i < 10; i++) jobs.push(api.request('POST', '/robots/default/faq/questions', { categoryId: all, question: `console ${i}`, answer: 'c' }));
    for (let i = 0; i < 4; i++) jobs.push(api.request('POST', '/robots/default/publish', { note: `p${i}` }));
    const results = await Promise.all(jobs);
    for (const r of results.slice(0, 20) as Array<Record<string, any>>) expectOk(r);
    for (const r of results.slice(20) as Array<{ status: number }>) expect(r.status).toBe(200);
    const prod = await listAll(client, 'faq');
    const prodTexts = prod.map((q) => q.StandardQuestion);
    // every REST write survived every publish
    for (let i = 0; i < 20; i++) expect(prodTexts).toContain(`rest ${i}`);
    // production holds nothing test does not have, and each question once
    const testEnv = (await api.request('GET', '/robots/default/faq/questions?env=test&pageSize=1000')).body.items;
    const testIds = new Set(testEnv.map((q: any) => q.questionId));
    expect(testEnv).toHaveLength(30);
    for (const q of prod) expect(testIds.has(q.StandardQuestionId)).toBe(true);
    expect(new Set(prod.map((q) => q.StandardQuestionId)).size).toBe(prod.length);
    const releases = (await api.request('GET', '/robots/default/releases?pageSize=100')).body;
    expect(releases.total).toBe(4);
    expect(releases.items.filter((r: any) => r.isCurrent)).toHaveLength(1);
    // one final publish makes production equal test
    expect((await api.request('POST', '/robots/default/publish', {})).status).toBe(200);
    expect(sortIds(await listAll(client, 'faq'), 'StandardQuestionId')).toEqual([...testIds].sort());
  });

  it('concurrent desk_add_robot never exceeds the quota of 3 robots', async () => {
    const client = await fresh();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => client.call('desk_add_robot', { RobotNickName: `r${i}` })));
    for (const r of results) expectHandled(r);
    expect(results.filter((r) => r.ActionStatus === 'OK')).toHaveLength(2);
    expect((await createApiClient(test, client).request('GET', '/robots')).body.items).toHaveLength(3);
  });

  it('concurrent robot_add_language never exceeds 5 languages', async () => {
    const client = await fresh();
    const tags = ['id', 'zh', 'zh-TW', 'en', 'vi', 'ja', 'fil'];
    const results = await Promise.all(tags.map((LanguageTag) => client.call('robot_add_language', { LanguageTag })));
    expect(results.filter((r) => r.ActionStatus === 'OK')).toHaveLength(4);
    for (const r of results.filter((x) => x.ActionStatus !== 'OK')) expectFail(r, -50052);
    expect((await client.call('robot_get_language_list', {})).Languages).toHaveLength(5);
  });

  it('deleting a category while questions are added to it leaves no orphans', async () => {
    const client = await fresh();
    const cat = await addCategory(client, 'faq', 'doomed');
    const child = await addCategory(client, 'faq', 'doomed child', { ParentId: cat });
    const jobs: Array<Promise<Record<string, any>>> = [];
    for (let i = 0; i < 10; i++) jobs.push(client.call('add_faq', { CategoryId: i % 2 ? cat : child, Question: `racing ${i}`, Answer: 'x' }));
    jobs.splice(5, 0, client.call('del_faq_category', { CategoryId: cat }));
    const results = await Promise.all(jobs);
    for (const r of results) expectHandled(r);
    const remaining = await listAll(client, 'faq');
    const catIds = new Set((await categories(client, 'faq')).map((c) => c.CategoryId));
    for (const q of remaining) expect(catIds.has(q.CategoryId), JSON.stringify(q)).toBe(true);
    expect(catIds.has(cat)).toBe(false);
    expect(catIds.has(child)).toBe(false);
  });

  it('concurrent updates and status changes on one question end in a state some serial order produces', async () => {
    const client = await fresh();
    const all = await allCategoryId(client, 'faq');
    expectOk(await client.call('add_faq', { CategoryId: all, Question: 'contended', Answer: 'start' }));
    const id = (await listAll(client, 'faq'))[0].StandardQuestionId;
    const jobs: Array<Promise<Record<string, any>>> = [];
    for (let i = 0; i < 10; i++) {
      jobs.push(client.call('update_faq', { StandardQuestionId: id, Answer: `answer ${i}` }));
      jobs.push(client.call('update_faq_similar', { StandardQuestionId: id, SimilarQuestions: [`sim ${i}`] }));
      jobs.push(client.call('batch_set_faq', { StandardQuestionIds: [id], Status: i % 2 ? 4 : 5 }));
    }
    for (const r of await Promise.all(jobs)) expectOk(r);
    const q = (await listAll(client, 'faq'))[0];
    expect(q.Answer).toMatch(/^answer \d$/);
    expect(q.SimilarQuestions).toHaveLength(1);
    expect(q.SimilarQuestions[0]).toMatch(/^sim \d$/);
    expect([4, 5]).toContain(q.Status);
  });
});
