import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness.ts';
import { Browser, createTeamApp, invite, type TeamApp } from './helpers.ts';

describe('team members API', () => {
  let test: TestServer;
  let app: TeamApp;
  let other: TeamApp;

  beforeAll(async () => {
    test = await startTestServer();
    app = await createTeamApp(test, 'Members');
    other = await createTeamApp(test, 'Other');
  });
  afterAll(() => test?.close());

  const count = async (team: TeamApp) => (await team.admin.request('GET', '/team/members?pageSize=100')).body.total;

  it('invites a member with a lower-cased email and returns the password once when there is no SMTP', async () => {
    const response = await app.admin.request('POST', '/team/members', {
      email: '  Ann.Lee@Example.COM ',
      nick: ' Ann ',
      roles: ['staff', 'admin', 'staff'],
      phone: '+86 138-0000-0000',
      maxConcurrent: 8,
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      emailed: false,
      member: {
        memberId: 'ann.lee@example.com',
        email: 'ann.lee@example.com',
        nick: 'Ann',
        roles: ['admin', 'staff'],
        phone: '+86 138-0000-0000',
        maxConcurrent: 8,
        loginDisabled: false,
        lastOnlineAt: null,
      },
    });
    expect(response.body.password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(response.body.member).not.toHaveProperty('passwordHash');

    const fetched = await app.admin.request('GET', '/team/members/Ann.Lee@example.com');
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({ memberId: 'ann.lee@example.com', groups: [] });
    expect(fetched.body).not.toHaveProperty('password');
    expect(JSON.stringify((await app.admin.request('GET', '/team/members')).body)).not.toContain(response.body.password);
  });

  it('refuses a second live member with the same email (409), also when spelled differently', async () => {
    await invite(app, 'dup@example.com', ['staff']);
    const again = await app.admin.request('POST', '/team/members', { email: 'DUP@example.com', nick: 'Again', roles: ['admin'] });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('dup@example.com is already a member');
    expect((await app.admin.request('GET', '/team/members/dup@example.com')).body.roles).toEqual(['staff']);
    // The same email is a different member in another app.
    expect((await other.admin.request('POST', '/team/members', { email: 'dup@example.com', nick: 'Dup', roles: ['staff'] })).status).toBe(201);
  });

  it('lets exactly one of several concurrent invitations of one email through', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => app.admin.request('POST', '/team/members', { email: 'race@example.com', nick: `Racer ${i}`, roles: ['staff'] })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const winner = results.find((r) => r.status === 201)!;
    const browser = new Browser(test);
    await browser.loginOk('race@example.com', winner.body.password);
  });

  it('rejects bad input with 400 and writes nothing', async () => {
    const before = await count(app);
    const bad: [unknown, string][] = [
      [{ email: 'not-an-email', nick: 'X', roles: ['staff'] }, 'email must be an address'],
      [{ email: 'a@b', nick: 'X', roles: ['staff'] }, 'email must be an address'],
      [{ email: 'x@example.com', nick: 'x'.repeat(51), roles: ['staff'] }, 'nick must be at most 50 characters'],
      [{ email: 'x@example.com', nick: '   ', roles: ['staff'] }, 'nick must not be empty'],
      [{ email: 'x@example.com', nick: 'X', roles: [] }, 'roles must name at least one'],
      [{ email: 'x@example.com', nick: 'X', roles: ['super_admin'] }, 'super_admin cannot be assigned'],
      [{ email: 'x@example.com', nick: 'X', roles: 'staff' }, 'roles'],
      [{ email: 'x@example.com', nick: 'X', roles: ['staff'], maxConcurrent: 0 }, 'maxConcurrent must be 1 to 100'],
      [{ email: 'x@example.com', nick: 'X', roles: ['staff'], maxConcurrent: 101 }, 'maxConcurrent must be 1 to 100'],
      [{ email: 'x@example.com', nick: 'X', roles: ['staff'], maxConcurrent: '5' }, 'maxConcurrent'],
      [{ email: 'x@example.com', nick: 'X', roles: ['staff'], phone: 'call me' }, 'phone may contain only'],
      [{ email: 'x@example.com', nick: 'X\nY', roles: ['staff'] }, 'control characters'],
      [{ email: 42, nick: 'X', roles: ['staff'] }, 'email'],
      [{ email: 'x@example.com', nick: 'X', roles: ['staff'], password: 'mine' }, 'password'],
      [[1, 2], 'body'],
    ];
    for (const [body, message] of bad) {
      const response = await app.admin.request('POST', '/team/members', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.message).toContain(message);
    }
    const malformed = await app.admin.request('POST', '/team/members', '{"email": "x@example.com",', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    const nul = await app.admin.request('POST', '/team/members', { email: 'x@example.com', nick: 'a\u0000b', roles: ['staff'] });
    expect(nul.status).toBe(400);
    expect(await count(app)).toBe(before);
  });

  it('edits nick, roles, phone and capacity but never the email', async () => {
    await invite(app, 'edit@example.com', ['staff'], 'Before');
    const edited = await app.admin.request('PATCH', '/team/members/edit@example.com', { nick: 'After', roles: ['admin'], phone: '', maxConcurrent: 3 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ nick: 'After', roles: ['admin'], phone: '', maxConcurrent: 3, email: 'edit@example.com' });
    const cleared = await app.admin.request('PATCH', '/team/members/edit@example.com', { maxConcurrent: null });
    expect(cleared.body).toMatchObject({ nick: 'After', maxConcurrent: null });

    const email = await app.admin.request('PATCH', '/team/members/edit@example.com', { email: 'new@example.com' });
    expect(email.status).toBe(400);
    expect(email.body.error.message).toContain('email cannot be changed: delete the member and add them again');
    expect((await app.admin.request('PATCH', '/team/members/edit@example.com', {})).status).toBe(400);
    expect((await app.admin.request('PATCH', '/team/members/edit@example.com', { roles: ['super_admin'] })).status).toBe(400);
    expect((await app.admin.request('PATCH', '/team/members/edit@example.com', { nick: 'y'.repeat(51) })).status).toBe(400);
    expect((await app.admin.request('GET', '/team/members/edit@example.com')).body).toMatchObject({ nick: 'After', roles: ['admin'] });
  });

  it('lists with paging and searches nick and email, treating LIKE wildcards literally', async () => {
    const fresh = await createTeamApp(test, 'Paging');
    for (let i = 1; i <= 12; i++) await invite(fresh, `agent${String(i).padStart(2, '0')}@paging.test`, ['staff'], i === 7 ? '小七_100%' : `Agent ${i}`);
    const first = await fresh.admin.request('GET', '/team/members?page=1&pageSize=5');
    expect(first.body).toMatchObject({ total: 12, page: 1, pageSize: 5 });
    expect(first.body.items.map((m: any) => m.memberId)).toEqual(['agent01', 'agent02', 'agent03', 'agent04', 'agent05'].map((a) => `${a}@paging.test`));
    const last = await fresh.admin.request('GET', '/team/members?page=3&pageSize=5');
    expect(last.body.items).toHaveLength(2);
    expect((await fresh.admin.request('GET', '/team/members?q=AGENT1')).body.items.map((m: any) => m.memberId)).toEqual(['agent10@paging.test', 'agent11@paging.test', 'agent12@paging.test']);
    expect((await fresh.admin.request('GET', '/team/members?q=%E5%B0%8F%E4%B8%83')).body.items.map((m: any) => m.nick)).toEqual(['小七_100%']);
    expect((await fresh.admin.request('GET', `/team/members?q=${encodeURIComponent('_100%')}`)).body.total).toBe(1);
    expect((await fresh.admin.request('GET', `/team/members?q=${encodeURIComponent('%')}`)).body.total).toBe(1);
    for (const query of ['pageSize=101', 'page=0', 'page=x', `q=${'q'.repeat(101)}`]) {
      expect((await fresh.admin.request('GET', `/team/members?${query}`)).status, query).toBe(400);
    }
  });

  it('deletes a member (404 afterwards, out of the list) and revives the row when the email is invited again', async () => {
    const first = await invite(app, 'gone@example.com', ['staff'], 'Gone');
    expect((await app.admin.request('DELETE', '/team/members/gone@example.com')).status).toBe(200);
    expect((await app.admin.request('GET', '/team/members/gone@example.com')).status).toBe(404);
    expect((await app.admin.request('DELETE', '/team/members/gone@example.com')).status).toBe(404);
    expect((await app.admin.request('PATCH', '/team/members/gone@example.com', { nick: 'Ghost' })).status).toBe(404);
    expect((await app.admin.request('GET', '/team/members?q=gone')).body.total).toBe(0);
    // History still finds the name.
    const byId = await test.server.services.team.members.membersByIds(app.sdkAppId, ['gone@example.com']);
    expect(byId).toMatchObject([{ nick: 'Gone', deletedAt: expect.any(Date) }]);

    const again = await app.admin.request('POST', '/team/members', { email: 'gone@example.com', nick: 'Back', roles: ['admin'] });
    expect(again.status).toBe(201);
    expect(again.body.member).toMatchObject({ nick: 'Back', roles: ['admin'], deletedAt: null });
    expect(again.body.password).not.toBe(first.password);
    const browser = new Browser(test);
    expect((await browser.login('gone@example.com', first.password)).status).toBe(401);
    await browser.loginOk('gone@example.com', again.body.password);
  });

  it("treats another app's members as unknown", async () => {
    await invite(other, 'theirs@example.com', ['staff']);
    for (const [method, path, body] of [
      ['GET', '/team/members/theirs@example.com', undefined],
      ['PATCH', '/team/members/theirs@example.com', { nick: 'Mine' }],
      ['DELETE', '/team/members/theirs@example.com', undefined],
      ['POST', '/team/members/theirs@example.com/reset-password', undefined],
      ['POST', '/team/members/theirs@example.com/force-offline', undefined],
      ['POST', '/team/members/theirs@example.com/restore', undefined],
    ] as const) {
      expect((await app.admin.request(method, path, body)).status, `${method} ${path}`).toBe(404);
    }
    expect((await app.admin.request('GET', '/team/members?q=theirs')).body.total).toBe(0);
    expect((await other.admin.request('GET', '/team/members/theirs@example.com')).body.nick).toBe('theirs');
  });

  it('requires credentials', async () => {
    expect((await fetch(`${test.baseUrl}/api/team/members`)).status).toBe(401);
    expect((await fetch(`${test.baseUrl}/api/team/members`, { headers: { cookie: 'parley_session=forged' } })).status).toBe(401);
  });
});
