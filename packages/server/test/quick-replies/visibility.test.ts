import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalSpace, sharedSpace, type QuickReplyService } from '../../src/quick-replies/quick-reply-service.ts';
import { groupMembers } from '../../src/team/schema.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { addGroup, addMember } from './helpers.ts';

// Who sees which quick replies (spec 01 §9), through the service: all members, specified groups,
// specified members, and personal replies visible only to their owner.

describe('quick-reply visibility', () => {
  let test: TestServer;
  let service: QuickReplyService;
  let appId: number;
  let otherAppId: number;
  const ids: Record<string, number> = {};

  const titlesFor = async (memberId: string, search: { q?: string; categoryId?: number } = {}) => {
    const result = await service.visibleTo(appId, memberId, { page: 1, pageSize: 100, ...search });
    return result.items.map((r) => r.title);
  };
  const categoriesFor = async (memberId: string) => (await service.visibleTo(appId, memberId, { page: 1, pageSize: 1 })).categories.map((c) => c.name);

  beforeAll(async () => {
    test = await startTestServer();
    service = test.server.services.quickReplies;
    appId = (await test.server.services.apps.create({ name: 'Replies' })).sdkAppId;
    otherAppId = (await test.server.services.apps.create({ name: 'Other' })).sdkAppId;
    for (const m of ['ann@x.com', 'bob@x.com', 'cat@x.com', 'dan@x.com']) await addMember(test, appId, m);
    await addMember(test, otherAppId, 'ann@x.com');
    const sales = await addGroup(test, appId, 'Sales', ['ann@x.com']);
    await addGroup(test, appId, 'Support', ['cat@x.com']);

    const shared = sharedSpace(appId);
    const make = async (name: string, scope: 'all' | 'groups' | 'members', scopeIds: Array<number | string> = []) => {
      ids[name] = (await service.createCategory(shared, { name, scope, scopeIds })).categoryId;
      await service.createReply(shared, { categoryId: ids[name], title: `${name} hello`, content: `${name} content` }, 'admin');
    };
    await make('Common', 'all');
    await make('SalesOnly', 'groups', [sales]);
    await make('BobOnly', 'members', ['bob@x.com']);
    ids.AnnPersonal = (await service.createCategory(personalSpace(appId, 'ann@x.com'), { name: 'Mine' })).categoryId;
    await service.createReply(personalSpace(appId, 'ann@x.com'), { categoryId: ids.AnnPersonal, title: 'Ann secret', content: 'only Ann' }, 'ann@x.com');
    ids.CatPersonal = (await service.createCategory(personalSpace(appId, 'cat@x.com'), { name: 'Mine' })).categoryId;
    await service.createReply(personalSpace(appId, 'cat@x.com'), { categoryId: ids.CatPersonal, title: 'Cat secret', content: 'only Cat' }, 'cat@x.com');
    // The other app has a category for all its members; nobody here may see it.
    const elsewhere = await service.createCategory(sharedSpace(otherAppId), { name: 'Common', scope: 'all' });
    await service.createReply(sharedSpace(otherAppId), { categoryId: elsewhere.categoryId, title: 'Other app', content: 'x' }, 'admin');
  });
  afterAll(() => test?.close());

  it("each member sees the all-members category, their groups', the ones naming them, and their own personal one", async () => {
    expect(await titlesFor('ann@x.com')).toEqual(['Common hello', 'SalesOnly hello', 'Ann secret']);
    expect(await titlesFor('bob@x.com')).toEqual(['Common hello', 'BobOnly hello']);
    expect(await titlesFor('cat@x.com')).toEqual(['Common hello', 'Cat secret']);
    expect(await categoriesFor('ann@x.com')).toEqual(['Common', 'SalesOnly', 'Mine']);
    const annView = await service.visibleTo(appId, 'ann@x.com', { page: 1, pageSize: 10 });
    expect(annView.categories.find((c) => c.categoryId === ids.AnnPersonal)).toMatchObject({ personal: true });
    expect(annView.categories[0]).not.toHaveProperty('scopeIds'); // members do not learn who else is listed
  });

  it("a member outside every group and list sees nothing of the others'", async () => {
    expect(await titlesFor('dan@x.com')).toEqual(['Common hello']);
    for (const name of ['SalesOnly', 'BobOnly', 'AnnPersonal', 'CatPersonal']) {
      await expect(service.visibleTo(appId, 'dan@x.com', { page: 1, pageSize: 10, categoryId: ids[name] })).rejects.toMatchObject({ code: -50003 });
    }
    // Search does not reach into hidden categories either.
    expect(await titlesFor('dan@x.com', { q: 'secret' })).toEqual([]);
  });

  it('group membership is read live: joining a group opens its category', async () => {
    const sales = (await service.listCategories(sharedSpace(appId))).find((c) => c.name === 'SalesOnly')!.scopeIds[0] as number;
    const db = test.server.services.db;
    await db.insert(groupMembers).values({ appId, groupId: sales, memberId: 'dan@x.com' });
    expect(await titlesFor('dan@x.com')).toEqual(['Common hello', 'SalesOnly hello']);
    await db.delete(groupMembers).where(and(eq(groupMembers.appId, appId), eq(groupMembers.memberId, 'dan@x.com')));
    expect(await titlesFor('dan@x.com')).toEqual(['Common hello']);
  });

  it('personal categories and replies are invisible to and untouchable by anyone else', async () => {
    const cat = personalSpace(appId, 'cat@x.com');
    const annReply = (await service.listReplies(personalSpace(appId, 'ann@x.com'), { page: 1, pageSize: 10 })).items[0];
    await expect(service.updateReply(cat, annReply.replyId, { title: 'hacked' })).rejects.toMatchObject({ code: -50003 });
    await expect(service.deleteReply(cat, annReply.replyId)).rejects.toMatchObject({ code: -50003 });
    await expect(service.updateCategory(cat, ids.AnnPersonal, { name: 'hacked' })).rejects.toMatchObject({ code: -50003 });
    await expect(service.deleteCategory(cat, ids.AnnPersonal)).rejects.toMatchObject({ code: -50003 });
    await expect(service.createReply(cat, { categoryId: ids.AnnPersonal, title: 't', content: 'c' }, 'cat@x.com')).rejects.toMatchObject({ code: -50003 });
    // A member cannot put a personal reply into a shared category, nor move one there.
    await expect(service.createReply(cat, { categoryId: ids.Common, title: 't', content: 'c' }, 'cat@x.com')).rejects.toMatchObject({ code: -50003 });
    const catReply = (await service.listReplies(cat, { page: 1, pageSize: 10 })).items[0];
    await expect(service.updateReply(cat, catReply.replyId, { categoryId: ids.Common })).rejects.toMatchObject({ code: -50003 });
    // The console neither lists nor edits personal ones.
    const shared = sharedSpace(appId);
    expect((await service.listCategories(shared)).map((c) => c.name)).toEqual(['Common', 'SalesOnly', 'BobOnly']);
    await expect(service.updateReply(shared, annReply.replyId, { title: 'hacked' })).rejects.toMatchObject({ code: -50003 });
    await expect(service.deleteCategory(shared, ids.AnnPersonal)).rejects.toMatchObject({ code: -50003 });
    expect(await titlesFor('ann@x.com')).toContain('Ann secret');
  });

  it("a member of another app with the same id sees only that app's replies", async () => {
    const result = await service.visibleTo(otherAppId, 'ann@x.com', { page: 1, pageSize: 10 });
    expect(result.items.map((r) => r.title)).toEqual(['Other app']);
    await expect(service.visibleTo(otherAppId, 'ann@x.com', { page: 1, pageSize: 10, categoryId: ids.Common })).rejects.toMatchObject({ code: -50003 });
  });

  it('searches title and content without regard to case, taking % and _ literally', async () => {
    const ann = personalSpace(appId, 'ann@x.com');
    await service.createReply(ann, { categoryId: ids.AnnPersonal, title: 'Refund POLICY', content: 'Refunds within 7 days' }, 'ann@x.com');
    await service.createReply(ann, { categoryId: ids.AnnPersonal, title: 'Discount', content: 'Save 100% on_time' }, 'ann@x.com');
    expect(await titlesFor('ann@x.com', { q: 'refund policy' })).toEqual(['Refund POLICY']);
    expect(await titlesFor('ann@x.com', { q: 'WITHIN 7' })).toEqual(['Refund POLICY']);
    expect(await titlesFor('ann@x.com', { q: '100%' })).toEqual(['Discount']);
    expect(await titlesFor('ann@x.com', { q: 'n_t' })).toEqual(['Discount']);
    expect(await titlesFor('ann@x.com', { q: '%' })).toEqual(['Discount']);
    expect(await titlesFor('ann@x.com', { q: 'hello', categoryId: ids.SalesOnly })).toEqual(['SalesOnly hello']);
  });

  it('pages through replies in category order, then oldest first', async () => {
    const shared = sharedSpace(appId);
    const bulk = await service.createCategory(shared, { name: 'Many', scope: 'members', scopeIds: ['dan@x.com'], sort: 0 });
    for (let i = 1; i <= 25; i++) await service.createReply(shared, { categoryId: bulk.categoryId, title: `Reply ${i}`, content: 'c' }, 'admin');
    const page = (n: number) => service.visibleTo(appId, 'dan@x.com', { page: n, pageSize: 10 });
    const [first, third, fourth] = [await page(1), await page(3), await page(4)];
    expect(first.total).toBe(26);
    // "Many" shares sort 0 with "Common" and follows it by id.
    expect(first.items.map((r) => r.title)).toEqual(['Common hello', ...Array.from({ length: 9 }, (_, i) => `Reply ${i + 1}`)]);
    expect(third.items.map((r) => r.title)).toEqual(['Reply 20', 'Reply 21', 'Reply 22', 'Reply 23', 'Reply 24', 'Reply 25']);
    expect(fourth).toMatchObject({ total: 26, page: 4, pageSize: 10, items: [] });
    await expect(service.visibleTo(appId, 'dan@x.com', { page: 0, pageSize: 10 })).rejects.toMatchObject({ code: -7 });
    await expect(service.visibleTo(appId, 'dan@x.com', { page: 1, pageSize: 101 })).rejects.toMatchObject({ code: -7 });
  });
});
