import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, createRestClient, startTestServer, type ApiClient, type TestServer } from '../harness.ts';
import { addGroup, addMember, deleteMember } from './helpers.ts';

// Console > Settings > Workbench settings > Quick replies: categories with a usage scope, and replies.

describe('quick replies in the console API', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  async function fresh() {
    const rest = await createRestClient(test);
    return { appId: rest.sdkAppId, api: createApiClient(test, rest) };
  }
  const categories = async (api: ApiClient) => (await api.request('GET', '/quick-replies/categories')).body.items;
  const createCategory = async (api: ApiClient, body: Record<string, unknown>) => {
    const res = await api.request('POST', '/quick-replies/categories', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const createReply = async (api: ApiClient, body: Record<string, unknown>) => {
    const res = await api.request('POST', '/quick-replies', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };

  it('creates categories for all members, groups and members, listed in sort order with reply counts', async () => {
    const { api, appId } = await fresh();
    const group = await addGroup(test, appId, 'After-sales');
    await addMember(test, appId, 'amy@x.com');
    const common = await createCategory(api, { name: '常用语', scope: 'all' });
    expect(common).toEqual({ categoryId: expect.any(Number), name: '常用语', scope: 'all', scopeIds: [], sort: 0, replyCount: 0 });
    const afterSales = await createCategory(api, { name: ' 售后 ', scope: 'groups', scopeIds: [group, group] });
    expect(afterSales).toMatchObject({ name: '售后', scope: 'groups', scopeIds: [group], sort: 1 });
    const amy = await createCategory(api, { name: 'Amy', scope: 'members', scopeIds: ['amy@x.com'], sort: 0 });
    await createReply(api, { categoryId: afterSales.categoryId, title: '欢迎语', content: '您好' });
    expect((await categories(api)).map((c: { name: string; replyCount: number }) => [c.name, c.replyCount])).toEqual([
      ['常用语', 0],
      ['Amy', 0],
      ['售后', 1],
    ]);
    expect(amy.scopeIds).toEqual(['amy@x.com']);
  });

  it.each([
    ['no name', { scope: 'all' }, 'name'],
    ['a blank name', { name: '  ', scope: 'all' }, 'name must not be empty'],
    ['a 31-character name', { name: 'n'.repeat(31), scope: 'all' }, 'name is at most 30 characters'],
    ['no scope', { name: 'x' }, 'scope must be all, groups, members'],
    ['the personal scope', { name: 'x', scope: 'personal' }, 'members make personal categories in the workbench'],
    ['an unknown scope', { name: 'x', scope: 'everyone' }, 'scope'],
    ['scopeIds with all', { name: 'x', scope: 'all', scopeIds: [1] }, 'scopeIds must be empty when scope is all'],
    ['groups without ids', { name: 'x', scope: 'groups' }, 'scopeIds must list at least one group id'],
    ['an unknown group', { name: 'x', scope: 'groups', scopeIds: [999999] }, 'group(s) 999999 do not exist in this app'],
    ['member ids as groups', { name: 'x', scope: 'groups', scopeIds: ['amy@x.com'] }, 'scopeIds must be group ids'],
    ['an unknown member', { name: 'x', scope: 'members', scopeIds: ['ghost@x.com'] }, 'member(s) ghost@x.com do not exist in this app'],
    ['a sort of -1', { name: 'x', scope: 'all', sort: -1 }, 'sort must be an integer from 0'],
  ])('refuses a category with %s (400) and creates nothing', async (_label, body, message) => {
    const { api } = await fresh();
    const res = await api.request('POST', '/quick-replies/categories', body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
    expect(await categories(api)).toEqual([]);
  });

  it("refuses deleted members, other apps' groups and members, and duplicate names (ignoring case)", async () => {
    const { api, appId } = await fresh();
    const other = await fresh();
    const theirGroup = await addGroup(test, other.appId, 'Theirs');
    await addMember(test, other.appId, 'them@x.com');
    await addMember(test, appId, 'gone@x.com');
    await deleteMember(test, appId, 'gone@x.com');
    for (const [body, message] of [
      [{ name: 'x', scope: 'groups', scopeIds: [theirGroup] }, `group(s) ${theirGroup} do not exist`],
      [{ name: 'x', scope: 'members', scopeIds: ['them@x.com'] }, 'member(s) them@x.com do not exist'],
      [{ name: 'x', scope: 'members', scopeIds: ['gone@x.com'] }, 'member(s) gone@x.com do not exist'],
    ] as const) {
      const res = await api.request('POST', '/quick-replies/categories', body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
    }
    await createCategory(api, { name: 'After-sales', scope: 'all' });
    const duplicate = await api.request('POST', '/quick-replies/categories', { name: 'AFTER-SALES', scope: 'all' });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.message).toContain('already exists');
    // The same name in another app is fine.
    await createCategory(other.api, { name: 'After-sales', scope: 'all' });
  });

  it('updates a category: rename, rescope (ids required for groups/members, cleared for all), reorder', async () => {
    const { api, appId } = await fresh();
    await addMember(test, appId, 'amy@x.com');
    const group = await addGroup(test, appId, 'G');
    const category = await createCategory(api, { name: 'A', scope: 'members', scopeIds: ['amy@x.com'] });
    await createCategory(api, { name: 'B', scope: 'all' });
    const path = `/quick-replies/categories/${category.categoryId}`;

    const needsIds = await api.request('PATCH', path, { scope: 'groups' });
    expect(needsIds.status).toBe(400);
    expect(needsIds.body.error.message).toContain('scopeIds must list at least one group id');
    const taken = await api.request('PATCH', path, { name: 'b' });
    expect(taken.body.error.message).toContain('"b" already exists');
    expect((await categories(api))[0]).toMatchObject({ name: 'A', scope: 'members', scopeIds: ['amy@x.com'] });

    expect((await api.request('PATCH', path, { name: 'a' })).body).toMatchObject({ name: 'a' }); // its own name, recased
    expect((await api.request('PATCH', path, { scope: 'groups', scopeIds: [group] })).body).toMatchObject({ scope: 'groups', scopeIds: [group] });
    expect((await api.request('PATCH', path, { scope: 'all' })).body).toMatchObject({ scope: 'all', scopeIds: [] });
    expect((await api.request('PATCH', path, { sort: 5 })).body).toMatchObject({ sort: 5 });
    expect((await categories(api)).map((c: { name: string }) => c.name)).toEqual(['B', 'a']);
    expect((await api.request('PATCH', '/quick-replies/categories/999999', { name: 'z' })).status).toBe(404);
    expect((await api.request('PATCH', '/quick-replies/categories/abc', { name: 'z' })).status).toBe(400);
  });

  it('reply CRUD: checks lengths and the category, moves between categories, lists and searches', async () => {
    const { api } = await fresh();
    const other = await fresh();
    const a = await createCategory(api, { name: 'A', scope: 'all' });
    const b = await createCategory(api, { name: 'B', scope: 'all' });
    const theirs = await createCategory(other.api, { name: 'Theirs', scope: 'all' });

    const reply = await createReply(api, { categoryId: a.categoryId, title: ' 欢迎语 ', content: '您好，请问有什么可以帮您？' });
    expect(reply).toMatchObject({ categoryId: a.categoryId, title: '欢迎语', content: '您好，请问有什么可以帮您？', createdBy: expect.any(String) });

    for (const [body, status, message] of [
      [{ categoryId: a.categoryId, title: 't'.repeat(51), content: 'c' }, 400, 'title is at most 50 characters'],
      [{ categoryId: a.categoryId, title: 't', content: 'c'.repeat(2001) }, 400, 'content is at most 2000 characters'],
      [{ categoryId: a.categoryId, title: '', content: 'c' }, 400, 'title must not be empty'],
      [{ categoryId: a.categoryId, title: 't' }, 400, 'content'],
      [{ categoryId: theirs.categoryId, title: 't', content: 'c' }, 404, `category ${theirs.categoryId} does not exist in this app`],
    ] as const) {
      const res = await api.request('POST', '/quick-replies', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(res.body.error.message).toContain(message);
    }
    expect((await api.request('POST', '/quick-replies', { categoryId: a.categoryId, title: 't'.repeat(50), content: 'c'.repeat(2000) })).status).toBe(201);

    const moved = await api.request('PATCH', `/quick-replies/${reply.replyId}`, { categoryId: b.categoryId, content: 'Hello' });
    expect(moved.body).toMatchObject({ replyId: reply.replyId, categoryId: b.categoryId, title: '欢迎语', content: 'Hello' });
    expect((await api.request('PATCH', `/quick-replies/${reply.replyId}`, { categoryId: theirs.categoryId })).status).toBe(404);
    expect((await api.request('PATCH', `/quick-replies/${reply.replyId}`, { title: ' ' })).status).toBe(400);

    const inB = await api.request('GET', `/quick-replies?categoryId=${b.categoryId}`);
    expect(inB.body).toMatchObject({ total: 1, page: 1, pageSize: 20, items: [{ replyId: reply.replyId }] });
    expect((await api.request('GET', '/quick-replies?q=HELLO')).body.items.map((r: { title: string }) => r.title)).toEqual(['欢迎语']);
    expect((await api.request('GET', '/quick-replies')).body.total).toBe(2);
    expect((await api.request('GET', `/quick-replies?categoryId=${theirs.categoryId}`)).status).toBe(404);
    expect((await other.api.request('GET', '/quick-replies')).body.total).toBe(0);

    // Another app's admin can neither change nor delete it.
    expect((await other.api.request('PATCH', `/quick-replies/${reply.replyId}`, { title: 'x' })).status).toBe(404);
    expect((await other.api.request('DELETE', `/quick-replies/${reply.replyId}`)).status).toBe(404);
    expect((await api.request('DELETE', `/quick-replies/${reply.replyId}`)).body).toEqual({ ok: true });
    expect((await api.request('DELETE', `/quick-replies/${reply.replyId}`)).status).toBe(404);
  });

  it('deleting a category deletes its replies; another app cannot delete it', async () => {
    const { api } = await fresh();
    const other = await fresh();
    const a = await createCategory(api, { name: 'A', scope: 'all' });
    await createReply(api, { categoryId: a.categoryId, title: 't1', content: 'c' });
    await createReply(api, { categoryId: a.categoryId, title: 't2', content: 'c' });
    expect((await other.api.request('DELETE', `/quick-replies/categories/${a.categoryId}`)).status).toBe(404);
    expect((await api.request('DELETE', `/quick-replies/categories/${a.categoryId}`)).body).toEqual({ ok: true });
    expect(await categories(api)).toEqual([]);
    expect((await api.request('GET', '/quick-replies')).body.total).toBe(0);
  });

  it('needs a console login', async () => {
    expect((await fetch(`${test.baseUrl}/api/quick-replies/categories`)).status).toBe(401);
  });
});
