import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, createRestClient, startTestServer, type ApiClient, type RestClient, type TestServer } from '../harness.ts';
import { addQuestion, allCategoryId, categories, expectOk, listAll } from '../tencent-rest/helpers.ts';

// Spec 01 §7: edits land in test, publish copies test to production and records a release,
// rollback restores an earlier release into production and leaves test alone.

const VERSION = /^V\d{4}\d{1,2}\d{2}\d{2}\d{2}\d{2}\d{8}$/;

type Env = 'test' | 'prod';

/** One environment's knowledge as the native API shows it, without per-row bookkeeping. */
async function envState(api: ApiClient, env: Env, robot = 'default') {
  const strip = ({ env: _e, createdAt: _c, ...rest }: Record<string, unknown>) => rest;
  const out: Record<string, unknown> = {};
  for (const library of ['faq', 'chitchat']) {
    const q = await api.request('GET', `/robots/${robot}/${library}/questions?env=${env}&pageSize=1000&order=asc`);
    expect(q.status).toBe(200);
    out[`${library}Questions`] = q.body.items.map(strip);
    const c = await api.request('GET', `/robots/${robot}/${library}/categories?env=${env}`);
    expect(c.status).toBe(200);
    out[`${library}Categories`] = c.body.items.map(strip);
  }
  // The config's revision (`updatedAt`) is per environment: publishing copies the config, not its revision.
  const { updatedAt: _revision, ...config } = (await api.request('GET', `/robots/${robot}/config?env=${env}`)).body;
  out.config = config;
  return out;
}

/** Production as the Tencent REST API shows it. */
async function restProd(client: RestClient) {
  return {
    faq: await listAll(client, 'faq'),
    chitchat: await listAll(client, 'chitchat'),
    faqCategories: await categories(client, 'faq'),
    chitchatCategories: await categories(client, 'chitchat'),
    config: await client.call('desc_robot_config', {}),
  };
}

describe('publish, releases and rollback (native console API)', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  async function fresh() {
    const client = await createRestClient(test);
    return { client, api: createApiClient(test, client) };
  }

  it('the full cycle: edit → prod unchanged → publish → edit + publish → rollback → test keeps its edits', async () => {
    const { client, api } = await fresh();
    const initialProd = await restProd(client);
    const all = await allCategoryId(client, 'faq');

    // 1. edits in test
    const cat = await api.request('POST', '/robots/default/faq/categories', { title: '发布分类' });
    expect(cat.status).toBe(200);
    const q1 = await api.request('POST', '/robots/default/faq/questions', { categoryId: cat.body.categoryId, question: '第一版问题', answer: 'v1', similar: ['相似'] });
    expect(q1.status).toBe(200);
    expect((await api.request('PATCH', '/robots/default/config', { fallbackMsg: 'release 1 fallback', clarifyNumber: 2 })).status).toBe(200);
    const chitId = initialProd.chitchat[0].StandardQuestionId;
    expect((await api.request('POST', '/robots/default/chitchat/questions/status', { questionIds: [chitId], status: 5 })).status).toBe(200);

    // 2. production unchanged
    expect(await restProd(client)).toEqual(initialProd);
    expect((await api.request('GET', '/robots')).body.items[0].hasUnpublished).toBe(true);

    // 3. publish → production equals test
    const r1 = await api.request('POST', '/robots/default/publish', { note: 'first' });
    expect(r1.status).toBe(200);
    expect(r1.body.version).toMatch(VERSION);
    expect(r1.body).toMatchObject({ note: 'first', isCurrent: true });
    expect(await envState(api, 'prod')).toEqual(await envState(api, 'test'));
    expect((await api.request('GET', '/robots')).body.items[0].hasUnpublished).toBe(false);
    const release1Prod = await restProd(client);
    expect(release1Prod.faq.map((q) => q.StandardQuestion)).toEqual(['第一版问题']);
    expect(release1Prod.config).toMatchObject({ FallbackMsg: 'release 1 fallback', ClarifyNumber: 2 });
    expect(release1Prod.chitchat.find((q) => q.StandardQuestionId === chitId)!.Status).toBe(5);
    const release1Env = await envState(api, 'prod');

    // 4. more edits + publish
    expect((await api.request('PATCH', `/robots/default/faq/questions/${encodeURIComponent(q1.body.questionId)}`, { answer: 'v2', similar: [] })).status).toBe(200);
    const q2 = await api.request('POST', '/robots/default/faq/questions', { categoryId: all, question: '第二版新增', answer: 'new' });
    expect(q2.status).toBe(200);
    expect((await api.request('PATCH', '/robots/default/config', { fallbackMsg: 'release 2 fallback' })).status).toBe(200);
    expect((await api.request('POST', '/robots/default/faq/categories', { title: '第二版分类' })).status).toBe(200);
    expect((await api.request('POST', '/robots/default/chitchat/questions/status', { questionIds: [chitId], status: 4 })).status).toBe(200);
    const r2 = await api.request('POST', '/robots/default/publish', { note: 'second' });
    expect(r2.status).toBe(200);
    expect(r2.body.version).toMatch(VERSION);
    expect(r2.body.version).not.toBe(r1.body.version);
    expect(await envState(api, 'prod')).toEqual(await envState(api, 'test'));
    expect((await client.call('desc_robot_config', {})).FallbackMsg).toBe('release 2 fallback');

    // releases: newest first, the latest is current
    let releases = (await api.request('GET', '/robots/default/releases')).body;
    expect(releases.total).toBe(2);
    expect(releases.items.map((r: any) => r.version)).toEqual([r2.body.version, r1.body.version]);
    expect(releases.items.map((r: any) => r.isCurrent)).toEqual([true, false]);
    for (const r of releases.items) expect(r).not.toHaveProperty('snapshot');

    // 5. test edits after the last publish, then roll back to release 1
    const q3 = await api.request('POST', '/robots/default/faq/questions', { categoryId: all, question: '未发布的问题', answer: 'draft' });
    expect(q3.status).toBe(200);
    const testBefore = await envState(api, 'test');
    const rb = await api.request('POST', `/robots/default/releases/${r1.body.version}/rollback`, {});
    expect(rb.status).toBe(200);
    expect(rb.body).toMatchObject({ version: r1.body.version, isCurrent: true });

    // production is release 1 exactly; test keeps everything
    expect(await restProd(client)).toEqual(release1Prod);
    expect(await envState(api, 'prod')).toEqual(release1Env);
    expect(await envState(api, 'test')).toEqual(testBefore);
    expect((await api.request('GET', '/robots')).body.items[0].hasUnpublished).toBe(true);

    // the list shows release 1 as current, still newest first
    releases = (await api.request('GET', '/robots/default/releases')).body;
    expect(releases.items.map((r: any) => r.version)).toEqual([r2.body.version, r1.body.version]);
    expect(releases.items.map((r: any) => r.isCurrent)).toEqual([false, true]);

    // 6. rolling forward to release 2 works the same way; a new publish becomes current
    expect((await api.request('POST', `/robots/default/releases/${r2.body.version}/rollback`, {})).status).toBe(200);
    expect((await client.call('desc_robot_config', {})).FallbackMsg).toBe('release 2 fallback');
    expect((await listAll(client, 'faq')).map((q) => q.StandardQuestion)).not.toContain('未发布的问题');
    const r3 = await api.request('POST', '/robots/default/publish', {});
    expect(r3.status).toBe(200);
    expect(await envState(api, 'prod')).toEqual(await envState(api, 'test'));
    releases = (await api.request('GET', '/robots/default/releases')).body;
    expect(releases.items.map((r: any) => r.version)).toEqual([r3.body.version, r2.body.version, r1.body.version]);
    expect(releases.items.map((r: any) => r.isCurrent)).toEqual([true, false, false]);
  });

  it('REST writes after a rollback land in production and test, and survive the next publish', async () => {
    const { client, api } = await fresh();
    const all = await allCategoryId(client, 'faq');
    const r1 = await api.request('POST', '/robots/default/publish', {});
    await addQuestion(client, 'faq', { CategoryId: all, Question: 'after release 1' });
    expect((await api.request('POST', `/robots/default/releases/${r1.body.version}/rollback`, {})).status).toBe(200);
    // the rollback removed it from production (release 1 did not have it) but test still has it
    expect(await listAll(client, 'faq')).toEqual([]);
    const id = await addQuestion(client, 'faq', { CategoryId: all, Question: 'after rollback' });
    const testItems = (await api.request('GET', '/robots/default/faq/questions?env=test&pageSize=100')).body.items;
    expect(testItems.map((q: any) => q.question).sort()).toEqual(['after release 1', 'after rollback']);
    expect((await api.request('POST', '/robots/default/publish', {})).status).toBe(200);
    const prod = (await listAll(client, 'faq')).map((q) => q.StandardQuestion).sort();
    expect(prod).toEqual(['after release 1', 'after rollback']);
    expect((await listAll(client, 'faq')).some((q) => q.StandardQuestionId === id)).toBe(true);
  });

  it('rollback to an unknown version → 404 and production is unchanged', async () => {
    const { client, api } = await fresh();
    expectOk(await client.call('update_robot_config', { FallbackMsg: 'keep me' }));
    const before = await restProd(client);
    const res = await api.request('POST', '/robots/default/releases/V2024926144756517479339/rollback', {});
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe(-50003);
    expect(await restProd(client)).toEqual(before);
  });

  it('a release note over 200 characters → 400, no release; an empty publish still records a release', async () => {
    const { api } = await fresh();
    const bad = await api.request('POST', '/robots/default/publish', { note: 'n'.repeat(201) });
    expect(bad.status).toBe(400);
    expect((await api.request('GET', '/robots/default/releases')).body.total).toBe(0);
    const ok = await api.request('POST', '/robots/default/publish', {});
    expect(ok.status).toBe(200);
    expect(ok.body.note).toBe('');
    expect((await api.request('GET', '/robots/default/releases')).body.total).toBe(1);
  });

  it('releases page newest first; paging is 1-based', async () => {
    const { api } = await fresh();
    const versions: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await api.request('POST', '/robots/default/publish', { note: `n${i}` });
      versions.push(r.body.version);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const page1 = (await api.request('GET', '/robots/default/releases?page=1&pageSize=2')).body;
    const page2 = (await api.request('GET', '/robots/default/releases?page=2&pageSize=2')).body;
    const page3 = (await api.request('GET', '/robots/default/releases?page=3&pageSize=2')).body;
    expect(page1.total).toBe(5);
    expect([...page1.items, ...page2.items, ...page3.items].map((r: any) => r.note)).toEqual(['n4', 'n3', 'n2', 'n1', 'n0']);
    expect([...page1.items, ...page2.items, ...page3.items].map((r: any) => r.version)).toEqual([...versions].reverse());
  });

  it("releases are per robot: publishing one robot leaves another robot's production alone", async () => {
    const { client, api } = await fresh();
    const { RobotId } = await client.call('desk_add_robot', { RobotNickName: 'second' });
    const robot = encodeURIComponent(RobotId);
    const all2 = await allCategoryId(client, 'faq', { RobotId });
    expect((await api.request('POST', `/robots/${robot}/faq/questions`, { categoryId: all2, question: 'robot 2 draft', answer: 'a' })).status).toBe(200);
    expect((await api.request('POST', '/robots/default/publish', {})).status).toBe(200);
    expect((await client.call('list_faq', { PageIndex: 1, PageSize: 10, RobotId })).StandardQuestionCount).toBe(0);
    expect((await api.request('GET', `/robots/${robot}/releases`)).body.total).toBe(0);
    expect((await api.request('POST', `/robots/${robot}/publish`, {})).status).toBe(200);
    expect((await client.call('list_faq', { PageIndex: 1, PageSize: 10, RobotId })).StandardQuestionCount).toBe(1);
    expect((await client.call('list_faq', { PageIndex: 1, PageSize: 10 })).StandardQuestionCount).toBe(0);
  });

  it("another app cannot see or roll back this app's releases", async () => {
    const { api } = await fresh();
    const other = await fresh();
    const r1 = await api.request('POST', '/robots/default/publish', {});
    expect((await other.api.request('GET', '/robots/default/releases')).body.total).toBe(0);
    const res = await other.api.request('POST', `/robots/default/releases/${r1.body.version}/rollback`, {});
    expect(res.status).toBe(404);
  });
});
