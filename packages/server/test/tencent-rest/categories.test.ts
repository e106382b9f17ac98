import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, createRestClient, startTestServer, type TestServer } from '../harness.ts';
import { addCategory, addQuestion, allCategoryId, categories, expectFail, expectOk, listAll, type Library } from './helpers.ts';

// E04/E05 del_*_category, E08/E11 update_*_category, E14/E16 add_*_category, E18/E20 desc_*_category.

describe('categories', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  const fresh = () => createRestClient(test);

  it('desc_faq_category on a new robot: only the MenuType 1 "全部分类"', async () => {
    const client = await fresh();
    const res = await client.call('desc_faq_category', {});
    expectOk(res);
    expect(res.Total).toBe(1);
    expect(res.List).toEqual([{ CategoryId: expect.any(Number), ParentId: 0, Title: '全部分类', MenuType: 1, Status: 1 }]);
  });

  it('desc_chitchat_category: a MenuType 2 root "系统预设分类" with MenuType 2 children and a MenuType 1 "全部分类"', async () => {
    const client = await fresh();
    const res = await client.call('desc_chitchat_category', {});
    expectOk(res);
    expect(res.Total).toBe(res.List.length);
    const root = res.List.find((c: any) => c.Title === '系统预设分类');
    expect(root).toMatchObject({ ParentId: 0, MenuType: 2, Status: 1 });
    expect(res.List.find((c: any) => c.MenuType === 1)).toMatchObject({ ParentId: 0, Title: '全部分类', Status: 1 });
    const children = res.List.filter((c: any) => c.ParentId === root.CategoryId);
    expect(children.length).toBeGreaterThanOrEqual(3);
    for (const child of children) expect(child).toMatchObject({ MenuType: 2, Status: 1 });
    expect(children.map((c: any) => c.Title)).toEqual(expect.arrayContaining(['日常问候', '客服场景问答']));
    const ids = res.List.map((c: any) => c.CategoryId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe.each<Library>(['faq', 'chitchat'])('%s categories', (library) => {
    it('add returns a CategoryId that desc lists; a sub-category carries ParentId', async () => {
      const client = await fresh();
      const parent = await addCategory(client, library, '一级分类');
      const child = await addCategory(client, library, '这是二级分类', { ParentId: parent });
      const list = await categories(client, library);
      expect(list).toContainEqual({ CategoryId: parent, ParentId: 0, Title: '一级分类', MenuType: 0, Status: 1 });
      expect(list).toContainEqual({ CategoryId: child, ParentId: parent, Title: '这是二级分类', MenuType: 0, Status: 1 });
    });

    it('add: empty or over-long Title → -7; unknown ParentId → -7; a third level → -7; under a system category → -7', async () => {
      const client = await fresh();
      const before = await categories(client, library);
      expectFail(await client.call(`add_${library}_category`, { Title: '' }), -7);
      expectFail(await client.call(`add_${library}_category`, { Title: '   ' }), -7);
      expectFail(await client.call(`add_${library}_category`, { Title: 'x'.repeat(51) }), -7);
      expectFail(await client.call(`add_${library}_category`, { Title: 'orphan', ParentId: 999999999 }), -7);
      const system = before.find((c) => c.MenuType !== 0)!;
      expectFail(await client.call(`add_${library}_category`, { Title: 'under system', ParentId: system.CategoryId }), -7);
      expect(await categories(client, library)).toEqual(before);
      const parent = await addCategory(client, library, 'L1');
      const child = await addCategory(client, library, 'L2', { ParentId: parent });
      expectFail(await client.call(`add_${library}_category`, { Title: 'L3', ParentId: child }), -7);
      expectOk(await client.call(`add_${library}_category`, { Title: 'x'.repeat(50) }));
    });

    it('update renames; unknown CategoryId → -50003', async () => {
      const client = await fresh();
      const id = await addCategory(client, library, 'old');
      const res = await client.call(`update_${library}_category`, { CategoryId: id, Title: '问答库分类更新' });
      expectOk(res);
      expect((await categories(client, library)).find((c) => c.CategoryId === id)!.Title).toBe('问答库分类更新');
      expectFail(await client.call(`update_${library}_category`, { CategoryId: 987654321, Title: 'x' }), -50003);
      expectFail(await client.call(`update_${library}_category`, { CategoryId: id, Title: '' }), -7);
      expect((await categories(client, library)).find((c) => c.CategoryId === id)!.Title).toBe('问答库分类更新');
    });

    it('renaming or deleting a MenuType 1/2 category → -50011 and it stays', async () => {
      const client = await fresh();
      const before = await categories(client, library);
      const system = before.filter((c) => c.MenuType !== 0);
      expect(system.length).toBeGreaterThan(0);
      for (const c of system) {
        expectFail(await client.call(`update_${library}_category`, { CategoryId: c.CategoryId, Title: 'renamed' }), -50011);
        expectFail(await client.call(`del_${library}_category`, { CategoryId: c.CategoryId }), -50011);
      }
      expect(await categories(client, library)).toEqual(before);
    });

    it('del: unknown CategoryId → -50003; a category of the other library → -50003', async () => {
      const client = await fresh();
      expectFail(await client.call(`del_${library}_category`, { CategoryId: 987654321 }), -50003);
      const other = await addCategory(client, library === 'faq' ? 'chitchat' : 'faq', 'other library');
      expectFail(await client.call(`del_${library}_category`, { CategoryId: other }), -50003);
      expectFail(await client.call(`update_${library}_category`, { CategoryId: other, Title: 'x' }), -50003);
    });

    it('deleting a category deletes its sub-categories and all their questions, nothing else', async () => {
      const client = await fresh();
      const parent = await addCategory(client, library, 'parent');
      const child = await addCategory(client, library, 'child', { ParentId: parent });
      const keep = await addCategory(client, library, 'keep');
      await addQuestion(client, library, { CategoryId: parent, Question: 'in parent' });
      await addQuestion(client, library, { CategoryId: child, Question: 'in child' });
      const kept = await addQuestion(client, library, { CategoryId: keep, Question: 'in keep' });
      const before = await listAll(client, library);
      expectOk(await client.call(`del_${library}_category`, { CategoryId: parent }));
      const ids = (await categories(client, library)).map((c) => c.CategoryId);
      expect(ids).not.toContain(parent);
      expect(ids).not.toContain(child);
      expect(ids).toContain(keep);
      const after = await listAll(client, library);
      expect(after.map((q) => q.StandardQuestion)).not.toEqual(expect.arrayContaining(['in parent']));
      expect(after.map((q) => q.StandardQuestion)).not.toEqual(expect.arrayContaining(['in child']));
      expect(after.some((q) => q.StandardQuestionId === kept)).toBe(true);
      expect(after).toHaveLength(before.length - 2);
      // deleting it again: gone
      expectFail(await client.call(`del_${library}_category`, { CategoryId: parent }), -50003);
    });

    it('deleting only a sub-category leaves the parent and its own questions', async () => {
      const client = await fresh();
      const parent = await addCategory(client, library, 'parent');
      const child = await addCategory(client, library, 'child', { ParentId: parent });
      await addQuestion(client, library, { CategoryId: parent, Question: 'stays' });
      await addQuestion(client, library, { CategoryId: child, Question: 'goes' });
      expectOk(await client.call(`del_${library}_category`, { CategoryId: child }));
      const texts = (await listAll(client, library)).map((q) => q.StandardQuestion);
      expect(texts).toContain('stays');
      expect(texts).not.toContain('goes');
      expect((await categories(client, library)).map((c) => c.CategoryId)).toContain(parent);
    });

    it('REST category writes land in production and in test; console category edits land in test only', async () => {
      const client = await fresh();
      const api = createApiClient(test, client);
      const rest = await addCategory(client, library, 'via rest');
      const testCats = (await api.request('GET', `/robots/default/${library}/categories?env=test`)).body.items;
      expect(testCats.map((c: any) => c.categoryId)).toContain(rest);
      const created = await api.request('POST', `/robots/default/${library}/categories`, { title: 'via console' });
      expect(created.status).toBe(200);
      expect((await categories(client, library)).map((c) => c.CategoryId)).not.toContain(created.body.categoryId);
      // a REST delete of a category that exists only in test is "not found" in production
      expectFail(await client.call(`del_${library}_category`, { CategoryId: created.body.categoryId }), -50003);
      expect((await api.request('POST', '/robots/default/publish', {})).status).toBe(200);
      expect((await categories(client, library)).map((c) => c.CategoryId)).toContain(created.body.categoryId);
    });
  });

  it('list_faq by the MenuType 1 category returns all questions', async () => {
    const client = await fresh();
    const all = await allCategoryId(client, 'faq');
    const c = await addCategory(client, 'faq', 'some');
    await addQuestion(client, 'faq', { CategoryId: c, Question: 'one' });
    await addQuestion(client, 'faq', { CategoryId: all, Question: 'two' });
    const res = await client.call('list_faq', { PageIndex: 1, PageSize: 10, CategoryId: all });
    expect(res.StandardQuestionCount).toBe(2);
  });
});
