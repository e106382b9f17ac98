import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, createRestClient, startTestServer, type ApiClient, type TestServer } from '../harness.ts';

// Optimistic concurrency of the console's edits: a GET answers the entry's revision (`updatedAt`), an
// edit may send it back as `expectedRevision`. Stale: 409 `conflict` and nothing changes. Fresh: saved.
// Omitted: saved (REST and CLI callers keep working).

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('edit conflicts on the console API', () => {
  let test: TestServer;
  let api: ApiClient;
  let categoryId: number;

  beforeAll(async () => {
    test = await startTestServer({ config: { allowPrivateOutbound: true } });
    api = createApiClient(test, await createRestClient(test));
    const category = await api.request('POST', '/robots/default/faq/categories', { title: 'Conflicts' });
    expect(category.status).toBe(200);
    categoryId = category.body.categoryId;
  });
  afterAll(() => test?.close());

  /**
   * The three cases on one entry: `read` answers the entry (with `updatedAt`), `write(body)` edits it
   * with a body made by `edit(n, revision)`.
   */
  async function expectOptimistic(
    read: () => Promise<{ status: number; body: any }>,
    write: (body: Record<string, unknown>) => Promise<{ status: number; body: any }>,
    edit: (n: number) => Record<string, unknown>,
  ) {
    const first = await read();
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(typeof first.body.updatedAt).toBe('string');
    const stale = first.body.updatedAt as string;

    await tick();
    const fresh = await write({ ...edit(1), expectedRevision: stale });
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(200);
    const afterFresh = await read();
    expect(afterFresh.body).toMatchObject(edit(1));
    expect(afterFresh.body.updatedAt).not.toBe(stale);

    await tick();
    const refused = await write({ ...edit(2), expectedRevision: stale });
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.error.code).toBe('conflict');
    expect(refused.body.error.message).toMatch(/changed by someone else/);
    expect((await read()).body).toEqual(afterFresh.body);

    await tick();
    const blind = await write(edit(3));
    expect(blind.status, JSON.stringify(blind.body)).toBe(200);
    expect((await read()).body).toMatchObject(edit(3));
  }

  it('questions (QA and small talk)', async () => {
    for (const library of ['faq', 'chitchat'] as const) {
      const categories = await api.request('GET', `/robots/default/${library}/categories`);
      const target = library === 'faq' ? categoryId : categories.body.items.find((c: { menuType: number }) => c.menuType !== 2).categoryId;
      const added = await api.request('POST', `/robots/default/${library}/questions`, { categoryId: target, question: `Conflict check ${library}`, answer: 'First answer.' });
      expect(added.status, JSON.stringify(added.body)).toBe(200);
      const path = `/robots/default/${library}/questions/${encodeURIComponent(added.body.questionId)}`;
      await expectOptimistic(
        () => api.request('GET', path),
        (body) => api.request('PATCH', path, body),
        (n) => ({ answer: `Answer ${n}.` }),
      );
    }
  });

  it('customer-service accounts', async () => {
    await expectOptimistic(
      async () => api.request('GET', `/accounts/${encodeURIComponent((await api.request('GET', '/accounts')).body.items[0].accountId)}`),
      async (body) => api.request('PATCH', `/accounts/${encodeURIComponent((await api.request('GET', '/accounts')).body.items[0].accountId)}`, body),
      (n) => ({ welcomeMessage: `Welcome (${n})` }),
    );
  });

  it('service, satisfaction and callback settings, also before they were ever saved', async () => {
    const cases = [
      { path: '/settings/service', edit: (n: number) => ({ acceptTimeout: 60 + n }) },
      { path: '/settings/satisfaction', edit: (n: number) => ({ invitationMethod: 1 + (n % 3) }) },
      { path: '/callbacks', edit: (n: number) => ({ url: `http://127.0.0.1:9/hook-${n}`, enabled: false }) },
    ];
    for (const { path, edit } of cases) {
      // Never saved: no revision; `''` says "as never saved", and is stale once someone saved.
      const unsaved = await api.request('GET', path);
      expect(unsaved.status, JSON.stringify(unsaved.body)).toBe(200);
      expect(unsaved.body.updatedAt ?? null, path).toBeNull();
      const firstSave = await api.request('PUT', path, { ...edit(0), expectedRevision: '' });
      expect(firstSave.status, JSON.stringify(firstSave.body)).toBe(200);
      const late = await api.request('PUT', path, { ...edit(5), expectedRevision: '' });
      expect(late.status, JSON.stringify(late.body)).toBe(409);
      expect(late.body.error.code).toBe('conflict');
      await expectOptimistic(
        () => api.request('GET', path),
        (body) => api.request('PUT', path, body),
        edit,
      );
    }
  });

  it('team members', async () => {
    const invited = await api.request('POST', '/team/members', { email: 'conflict.check@example.com', nick: 'Conflict check', roles: ['staff'] });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    const path = `/team/members/${encodeURIComponent(invited.body.member.memberId)}`;
    await expectOptimistic(
      () => api.request('GET', path),
      (body) => api.request('PATCH', path, body),
      (n) => ({ nick: `Conflict check ${n}`, maxConcurrent: n }),
    );
    // The list answers the same revision as the member's page.
    const listed = await api.request('GET', '/team/members?q=conflict.check');
    expect(listed.body.items.map((m: { updatedAt: string }) => m.updatedAt)).toEqual([(await api.request('GET', path)).body.updatedAt]);
  });

  it('agent groups, renamed and with their members replaced', async () => {
    const invited = await api.request('POST', '/team/members', { email: 'group.conflict@example.com', nick: 'Group conflict', roles: ['staff'] });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    const created = await api.request('POST', '/team/groups', { name: 'Conflict group 0', memberIds: [] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const path = `/team/groups/${created.body.groupId}`;
    await expectOptimistic(
      () => api.request('GET', path),
      (body) => api.request('PATCH', path, body),
      (n) => ({ name: `Conflict group ${n}` }),
    );
    // A membership change alone is a new revision too.
    const before = (await api.request('GET', path)).body.updatedAt as string;
    await tick();
    const joined = await api.request('PATCH', path, { memberIds: [invited.body.member.memberId], expectedRevision: before });
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    expect(joined.body.updatedAt).not.toBe(before);
    const refused = await api.request('PATCH', path, { memberIds: [], expectedRevision: before });
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.error.code).toBe('conflict');
    expect((await api.request('GET', path)).body.members.map((m: { memberId: string }) => m.memberId)).toEqual([invited.body.member.memberId]);
  });

  it('robot configuration', async () => {
    await expectOptimistic(
      () => api.request('GET', '/robots/default/config'),
      (body) => api.request('PATCH', '/robots/default/config', body),
      (n) => ({ fallbackMsg: `Sorry, try again (${n}).` }),
    );
  });
});
