import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness.ts';
import { Browser, createTeamApp, invite, type TeamApp } from './helpers.ts';

describe('agent groups', () => {
  let test: TestServer;
  let app: TeamApp;
  let other: TeamApp;
  const changed: number[] = [];

  beforeAll(async () => {
    test = await startTestServer();
    test.server.services.team.members.onGroupsChanged(async (appId) => {
      changed.push(appId);
    });
    app = await createTeamApp(test, 'Groups');
    other = await createTeamApp(test, 'Other groups');
    await invite(app, 'amy@groups.test', ['staff'], 'Amy');
    await invite(app, 'bob@groups.test', ['staff', 'admin'], 'Bob');
    await invite(app, 'cat@groups.test', ['staff'], 'Cat');
    await invite(other, 'zed@groups.test', ['staff'], 'Zed');
  });
  afterAll(() => test?.close());

  const groupCount = async () => (await app.admin.request('GET', '/team/groups?pageSize=100')).body.total;

  it('creates, reads, renames, re-members and deletes a group', async () => {
    changed.length = 0;
    const created = await app.admin.request('POST', '/team/groups', { name: ' 售前 ', memberIds: ['Amy@groups.test', 'bob@groups.test', 'amy@groups.test'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: '售前',
      memberCount: 2,
      members: [
        { memberId: 'amy@groups.test', nick: 'Amy' },
        { memberId: 'bob@groups.test', nick: 'Bob' },
      ],
    });
    expect(Number.isInteger(created.body.groupId)).toBe(true);
    expect(changed).toEqual([app.sdkAppId]);
    const id = created.body.groupId;

    const renamed = await app.admin.request('PATCH', `/team/groups/${id}`, { name: 'Pre-sales' });
    expect(renamed.body).toMatchObject({ groupId: id, name: 'Pre-sales', memberCount: 2 });
    const remembered = await app.admin.request('PATCH', `/team/groups/${id}`, { memberIds: ['cat@groups.test'] });
    expect(remembered.body).toMatchObject({ name: 'Pre-sales', memberCount: 1, members: [{ memberId: 'cat@groups.test' }] });
    expect((await app.admin.request('GET', `/team/groups/${id}`)).body.members.map((m: any) => m.memberId)).toEqual(['cat@groups.test']);
    expect(await test.server.services.team.groups.membersOf(app.sdkAppId, id)).toEqual(['cat@groups.test']);
    expect(await test.server.services.team.groups.groupsOf(app.sdkAppId, 'cat@groups.test')).toEqual([{ groupId: id, name: 'Pre-sales' }]);
    expect((await app.admin.request('GET', '/team/members/cat@groups.test')).body.groups).toEqual([{ groupId: id, name: 'Pre-sales' }]);

    expect((await app.admin.request('DELETE', `/team/groups/${id}`)).status).toBe(200);
    expect((await app.admin.request('GET', `/team/groups/${id}`)).status).toBe(404);
    expect((await app.admin.request('DELETE', `/team/groups/${id}`)).status).toBe(404);
    expect(await test.server.services.team.groups.exists(app.sdkAppId, id)).toBe(false);
    expect(await test.server.services.team.groups.groupsOf(app.sdkAppId, 'cat@groups.test')).toEqual([]);
    expect(changed).toEqual([app.sdkAppId, app.sdkAppId, app.sdkAppId, app.sdkAppId]);
  });

  it('keeps names unique per app (409) but not across apps', async () => {
    const first = await app.admin.request('POST', '/team/groups', { name: 'VIP' });
    expect(first.status).toBe(201);
    const again = await app.admin.request('POST', '/team/groups', { name: 'VIP', memberIds: ['amy@groups.test'] });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('A group named "VIP" already exists');
    const second = await app.admin.request('POST', '/team/groups', { name: 'VIP 2' });
    const rename = await app.admin.request('PATCH', `/team/groups/${second.body.groupId}`, { name: 'VIP', memberIds: ['amy@groups.test'] });
    expect(rename.status).toBe(409);
    // Nothing of the refused edit was kept.
    expect((await app.admin.request('GET', `/team/groups/${second.body.groupId}`)).body).toMatchObject({ name: 'VIP 2', memberCount: 0 });
    expect((await app.admin.request('PATCH', `/team/groups/${first.body.groupId}`, { name: 'VIP' })).status).toBe(200);
    expect((await other.admin.request('POST', '/team/groups', { name: 'VIP' })).status).toBe(201);
  });

  it('refuses member ids that are not live members of the app, naming them, and writes nothing', async () => {
    const before = await groupCount();
    await invite(app, 'leaver@groups.test', ['staff']);
    await app.admin.request('DELETE', '/team/members/leaver@groups.test');
    const response = await app.admin.request('POST', '/team/groups', { name: 'Bad ids', memberIds: ['amy@groups.test', 'nobody@groups.test', 'zed@groups.test', 'leaver@groups.test'] });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe('memberIds: not members of this app: nobody@groups.test, zed@groups.test, leaver@groups.test');
    expect(await groupCount()).toBe(before);

    const group = await app.admin.request('POST', '/team/groups', { name: 'Kept', memberIds: ['amy@groups.test'] });
    expect((await app.admin.request('PATCH', `/team/groups/${group.body.groupId}`, { name: 'Changed', memberIds: ['zed@groups.test'] })).status).toBe(400);
    expect((await app.admin.request('GET', `/team/groups/${group.body.groupId}`)).body).toMatchObject({ name: 'Kept', members: [{ memberId: 'amy@groups.test' }] });
  });

  it('rejects bad input with 400 and unknown or foreign ids with 404', async () => {
    const before = await groupCount();
    for (const body of [{}, { name: '' }, { name: 'x'.repeat(51) }, { name: 5 }, { name: 'ok', memberIds: 'amy@groups.test' }, { name: 'ok', memberIds: [1] }, { name: 'ok', extra: 1 }]) {
      expect((await app.admin.request('POST', '/team/groups', body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await app.admin.request('POST', '/team/groups', '{"name":', { 'content-type': 'application/json' })).status).toBe(400);
    expect(await groupCount()).toBe(before);

    const theirs = await other.admin.request('POST', '/team/groups', { name: 'Theirs' });
    const id = theirs.body.groupId;
    expect((await app.admin.request('GET', `/team/groups/${id}`)).status).toBe(404);
    expect((await app.admin.request('PATCH', `/team/groups/${id}`, { name: 'Mine' })).status).toBe(404);
    expect((await app.admin.request('DELETE', `/team/groups/${id}`)).status).toBe(404);
    expect((await other.admin.request('GET', `/team/groups/${id}`)).body.name).toBe('Theirs');
    for (const path of ['/team/groups/99999999999', '/team/groups/0', '/team/groups/-3']) expect((await app.admin.request('GET', path)).status, path).toBe(404);
    expect((await app.admin.request('GET', '/team/groups/abc')).status).toBe(400);
    const mine = await app.admin.request('POST', '/team/groups', { name: 'Patch checks' });
    expect((await app.admin.request('PATCH', `/team/groups/${mine.body.groupId}`, {})).status).toBe(400);
  });

  it('pages 10 per page by default and searches by name', async () => {
    const fresh = await createTeamApp(test, 'Many groups');
    for (let i = 1; i <= 12; i++) expect((await fresh.admin.request('POST', '/team/groups', { name: `Group ${String(i).padStart(2, '0')}${i === 5 ? ' 50%_off' : ''}` })).status).toBe(201);
    const first = await fresh.admin.request('GET', '/team/groups');
    expect(first.body).toMatchObject({ total: 12, page: 1, pageSize: 10 });
    expect(first.body.items).toHaveLength(10);
    expect(first.body.items[0]).toMatchObject({ name: 'Group 01', memberCount: 0 });
    const second = await fresh.admin.request('GET', '/team/groups?page=2');
    expect(second.body.items.map((g: any) => g.name)).toEqual(['Group 11', 'Group 12']);
    expect((await fresh.admin.request('GET', '/team/groups?q=group 1')).body.items.map((g: any) => g.name)).toEqual(['Group 10', 'Group 11', 'Group 12']);
    expect((await fresh.admin.request('GET', `/team/groups?q=${encodeURIComponent('%_')}`)).body.items.map((g: any) => g.name)).toEqual(['Group 05 50%_off']);
    expect((await fresh.admin.request('GET', '/team/groups?pageSize=101')).status).toBe(400);
  });

  it('drops a deleted member from their groups and counts', async () => {
    await invite(app, 'temp@groups.test', ['staff'], 'Temp');
    const group = await app.admin.request('POST', '/team/groups', { name: 'Shrinking', memberIds: ['temp@groups.test', 'amy@groups.test'] });
    changed.length = 0;
    await app.admin.request('DELETE', '/team/members/temp@groups.test');
    expect(changed).toEqual([app.sdkAppId]);
    expect((await app.admin.request('GET', `/team/groups/${group.body.groupId}`)).body).toMatchObject({ memberCount: 1, members: [{ memberId: 'amy@groups.test' }] });
    // Re-invited, they start without groups.
    await invite(app, 'temp@groups.test', ['staff'], 'Temp');
    expect((await app.admin.request('GET', '/team/members/temp@groups.test')).body.groups).toEqual([]);
  });

  it('shows agents the team directory with roles and groups, without other apps or forced-offline members', async () => {
    const fresh = await createTeamApp(test, 'Directory');
    const agent = await invite(fresh, 'agent@dir.test', ['staff'], 'Agent');
    await invite(fresh, 'lead@dir.test', ['staff', 'admin'], 'Lead');
    await invite(fresh, 'off@dir.test', ['staff'], 'Off');
    await fresh.admin.request('POST', '/team/members/off@dir.test/force-offline');
    const group = await fresh.admin.request('POST', '/team/groups', { name: 'Support', memberIds: ['agent@dir.test', 'lead@dir.test'] });
    const browser = await new Browser(test).loginOk('agent@dir.test', agent.password);
    const directory = await browser.request('GET', '/team/directory');
    expect(directory.status).toBe(200);
    expect(directory.body.items).toEqual([
      { memberId: 'agent@dir.test', nick: 'Agent', email: 'agent@dir.test', roles: ['staff'], groups: [{ groupId: group.body.groupId, name: 'Support' }] },
      { memberId: 'lead@dir.test', nick: 'Lead', email: 'lead@dir.test', roles: ['admin', 'staff'], groups: [{ groupId: group.body.groupId, name: 'Support' }] },
    ]);
    expect((await browser.request('GET', '/team/directory?q=lea')).body.items.map((m: any) => m.memberId)).toEqual(['lead@dir.test']);
  });
});
