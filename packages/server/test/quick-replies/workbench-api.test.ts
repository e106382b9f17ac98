import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, createRestClient, startTestServer, type ApiClient, type TestServer } from '../harness.ts';
import { addGroup, addMember, workbenchLogin, type WorkbenchClient } from './helpers.ts';

// The workbench: the quick replies a logged-in member may use, and their personal ones.

describe('quick replies in the workbench API', () => {
  let test: TestServer;
  let admin: ApiClient;
  let ann: WorkbenchClient;
  let bob: WorkbenchClient;
  let appId: number;

  beforeAll(async () => {
    test = await startTestServer();
    const rest = await createRestClient(test);
    appId = rest.sdkAppId;
    admin = createApiClient(test, rest);
    await addMember(test, appId, 'ann@x.com');
    await addMember(test, appId, 'bob@x.com');
    const group = await addGroup(test, appId, 'Sales', ['ann@x.com']);
    for (const [name, scope, scopeIds] of [
      ['Common', 'all', []],
      ['Sales', 'groups', [group]],
    ] as const) {
      const category = (await admin.request('POST', '/quick-replies/categories', { name, scope, scopeIds })).body;
      await admin.request('POST', '/quick-replies', { categoryId: category.categoryId, title: `${name} greeting`, content: `Hello from ${name}` });
    }
    ann = await workbenchLogin(test, appId, 'ann@x.com');
    bob = await workbenchLogin(test, appId, 'bob@x.com');
  });
  afterAll(() => test?.close());

  const titles = async (client: WorkbenchClient, query = '') => {
    const res = await client.request('GET', `/workbench/quick-replies${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items.map((r: { title: string }) => r.title);
  };

  it('lists what the member may use, with the categories for the left-hand list', async () => {
    const res = await ann.request('GET', '/workbench/quick-replies');
    expect(res.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(res.body.categories.map((c: { name: string; personal: boolean }) => [c.name, c.personal])).toEqual([
      ['Common', false],
      ['Sales', false],
    ]);
    expect(await titles(bob)).toEqual(['Common greeting']);
    expect(await titles(ann, '?q=sales')).toEqual(['Sales greeting']);
    expect(await titles(ann, '?page=2&pageSize=1')).toEqual(['Sales greeting']);
    expect((await ann.request('GET', '/workbench/quick-replies?pageSize=0')).status).toBe(400);
  });

  it('personal categories and replies: created by the member, seen and changed only by them', async () => {
    const category = await ann.request('POST', '/workbench/quick-replies/personal/categories', { name: 'My phrases' });
    expect(category.status).toBe(201);
    expect(category.body).toMatchObject({ name: 'My phrases', scope: 'personal', scopeIds: [] });
    const reply = await ann.request('POST', '/workbench/quick-replies/personal', { categoryId: category.body.categoryId, title: 'Sign-off', content: 'Best, Ann' });
    expect(reply.status).toBe(201);
    expect(reply.body.createdBy).toBe('ann@x.com');
    const bulk = await ann.request('POST', '/workbench/quick-replies/personal/bulk', { categoryId: category.body.categoryId, text: 'Wait|One moment please' });
    expect(bulk.body).toEqual({ added: 1 });

    expect(await titles(ann)).toEqual(['Common greeting', 'Sales greeting', 'Sign-off', 'Wait']);
    expect(await titles(bob)).toEqual(['Common greeting']);
    expect((await bob.request('GET', `/workbench/quick-replies?categoryId=${category.body.categoryId}`)).status).toBe(404);
    expect((await bob.request('GET', '/workbench/quick-replies/personal/categories')).body.items).toEqual([]);
    expect((await bob.request('PATCH', `/workbench/quick-replies/personal/${reply.body.replyId}`, { title: 'x' })).status).toBe(404);
    expect((await bob.request('DELETE', `/workbench/quick-replies/personal/categories/${category.body.categoryId}`)).status).toBe(404);

    // Nor does the console see them, and a member cannot touch shared replies through the personal routes.
    expect((await admin.request('GET', '/quick-replies/categories')).body.items.map((c: { name: string }) => c.name)).toEqual(['Common', 'Sales']);
    const shared = (await admin.request('GET', '/quick-replies')).body.items[0];
    expect((await ann.request('PATCH', `/workbench/quick-replies/personal/${shared.replyId}`, { title: 'x' })).status).toBe(404);
    const scoped = await ann.request('POST', '/workbench/quick-replies/personal/categories', { name: 'x', scope: 'all' });
    expect(scoped.status).toBe(400);
    expect(scoped.body.error.message).toContain('shared categories are made in the console');

    expect((await ann.request('PATCH', `/workbench/quick-replies/personal/${reply.body.replyId}`, { content: 'Cheers, Ann' })).body.content).toBe('Cheers, Ann');
    expect((await ann.request('DELETE', `/workbench/quick-replies/personal/categories/${category.body.categoryId}`)).body).toEqual({ ok: true });
    expect(await titles(ann)).toEqual(['Common greeting', 'Sales greeting']);
  });

  it('needs a member login; the admin UserSig is no member', async () => {
    expect((await fetch(`${test.baseUrl}/api/workbench/quick-replies`)).status).toBe(401);
    const res = await admin.request('GET', '/workbench/quick-replies');
    expect(res.status).toBe(403);
  });
});
