import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness.ts';
import { Browser, createTeamApp, invite, type TeamApp } from './helpers.ts';

describe('team access: roles, CSRF, force offline, reset, delete', () => {
  let test: TestServer;
  let app: TeamApp;
  let boss: { email: string; password: string };

  beforeAll(async () => {
    test = await startTestServer();
    app = await createTeamApp(test, 'Access');
    const provisioned = await test.server.services.team.members.provisionSuperAdmin(app.sdkAppId, 'Boss@Access.test', 'Boss');
    boss = { email: provisioned.member.email, password: provisioned.password };
  });
  afterAll(() => test?.close());

  const as = async (email: string, password: string) => new Browser(test).loginOk(email, password);

  it('keeps staff out of the console and admins without staff out of the workbench', async () => {
    const staff = await invite(app, 'staff@access.test', ['staff']);
    const admin = await invite(app, 'admin@access.test', ['admin']);
    const both = await invite(app, 'both@access.test', ['admin', 'staff']);
    const staffBrowser = await as('staff@access.test', staff.password);
    for (const [method, path] of [
      ['GET', '/team/members'],
      ['POST', '/team/members'],
      ['GET', '/team/groups'],
      ['GET', '/robots'],
      ['GET', '/callbacks'],
      ['POST', '/team/members/admin@access.test/reset-password'],
    ] as const) {
      const response = await staffBrowser.request(method, path, method === 'POST' ? {} : undefined);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('needs the admin role') });
    }
    expect((await staffBrowser.request('GET', '/team/directory')).status).toBe(200);
    expect((await staffBrowser.request('GET', '/auth/me')).status).toBe(200);

    const adminBrowser = await as('admin@access.test', admin.password);
    expect((await adminBrowser.request('GET', '/team/members')).status).toBe(200);
    expect((await adminBrowser.request('GET', '/robots')).status).toBe(200);
    expect((await adminBrowser.request('GET', '/team/directory')).body.error.message).toContain('needs the staff role');

    const bothBrowser = await as('both@access.test', both.password);
    expect((await bothBrowser.request('GET', '/team/members')).status).toBe(200);
    expect((await bothBrowser.request('GET', '/team/directory')).status).toBe(200);

    const bossBrowser = await as(boss.email, boss.password);
    expect((await bossBrowser.request('GET', '/team/members')).status).toBe(200);
    expect((await bossBrowser.request('GET', '/team/directory')).status).toBe(200);
  });

  it('requires the CSRF token on unsafe methods for cookie logins, but not for UserSig', async () => {
    const admin = await invite(app, 'csrf@access.test', ['admin']);
    const browser = await as('csrf@access.test', admin.password);
    const missing = await browser.request('POST', '/team/members', { email: 'victim@access.test', nick: 'V', roles: ['staff'] }, { csrf: false });
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('csrf');
    const wrong = await browser.request('POST', '/team/members', { email: 'victim@access.test', nick: 'V', roles: ['staff'] }, { csrf: 'x'.repeat(43) });
    expect(wrong.body.error.code).toBe('csrf');
    for (const method of ['PATCH', 'DELETE'] as const) {
      expect((await browser.request(method, '/team/members/staff@access.test', method === 'PATCH' ? { nick: 'Hacked' } : undefined, { csrf: false })).status).toBe(403);
    }
    expect((await app.admin.request('GET', '/team/members/victim@access.test')).status).toBe(404);
    expect((await app.admin.request('GET', '/team/members/staff@access.test')).body.nick).toBe('staff');
    // Safe methods need no token; with it, writes work.
    expect((await browser.request('GET', '/team/members', undefined, { csrf: false })).status).toBe(200);
    expect((await browser.request('POST', '/team/members', { email: 'victim@access.test', nick: 'V', roles: ['staff'] })).status).toBe(201);
    // The UserSig administrator sends no token.
    expect((await app.admin.request('PATCH', '/team/members/victim@access.test', { nick: 'Renamed' })).status).toBe(200);
  });

  it('lets nobody modify, reset, force offline or delete the super admin', async () => {
    const admin = await invite(app, 'tries@access.test', ['admin']);
    const adminBrowser = await as('tries@access.test', admin.password);
    const bossBrowser = await as(boss.email, boss.password);
    const attempts = [
      ['PATCH', `/team/members/${boss.email}`, { nick: 'Demoted' }],
      ['PATCH', `/team/members/${boss.email}`, { roles: ['staff'] }],
      ['POST', `/team/members/${boss.email}/reset-password`, undefined],
      ['POST', `/team/members/${boss.email}/force-offline`, undefined],
      ['DELETE', `/team/members/${boss.email}`, undefined],
    ] as const;
    for (const [method, path, body] of attempts) {
      for (const [who, response] of [
        ['admin', await adminBrowser.request(method, path, body)],
        ['super admin', await bossBrowser.request(method, path, body)],
        ['usersig', await app.admin.request(method, path, body)],
      ] as const) {
        expect(response.status, `${who} ${method} ${path}`).toBe(403);
        expect(response.body.error.message).toContain('super admin cannot be modified');
      }
    }
    expect(await test.server.services.team.members.get(app.sdkAppId, boss.email)).toMatchObject({ nick: 'Boss', roles: ['super_admin'], loginDisabled: false });
    await as(boss.email, boss.password);
  });

  it('stops an admin from resetting their own password, forcing themselves offline or deleting themselves', async () => {
    const admin = await invite(app, 'self@access.test', ['admin', 'staff']);
    const browser = await as('self@access.test', admin.password);
    const reset = await browser.request('POST', '/team/members/self@access.test/reset-password');
    expect(reset.status).toBe(403);
    expect(reset.body.error.message).toContain('cannot reset their own password');
    expect((await browser.request('POST', '/team/members/self@access.test/force-offline')).body.error.message).toContain('cannot force themselves offline');
    expect((await browser.request('DELETE', '/team/members/self@access.test')).body.error.message).toContain('cannot delete your own account');
    expect((await browser.request('PATCH', '/team/members/self@access.test', { roles: ['staff'] })).body.error.message).toContain('cannot remove your own admin role');
    expect((await browser.request('PATCH', '/team/members/self@access.test', { nick: 'Me' })).body.nick).toBe('Me');
    // Still logged in with the same password.
    expect((await browser.request('GET', '/team/members')).status).toBe(200);
    await as('self@access.test', admin.password);
  });

  it("keeps an admin of one app away from another app's members", async () => {
    const other = await createTeamApp(test, 'Elsewhere');
    const theirs = await invite(other, 'theirs@access.test', ['staff']);
    const admin = await invite(app, 'local-admin@access.test', ['admin']);
    const browser = await as('local-admin@access.test', admin.password);
    for (const [method, path, body] of [
      ['GET', '/team/members/theirs@access.test', undefined],
      ['PATCH', '/team/members/theirs@access.test', { nick: 'Mine' }],
      ['POST', '/team/members/theirs@access.test/force-offline', undefined],
      ['POST', '/team/members/theirs@access.test/reset-password', undefined],
      ['DELETE', '/team/members/theirs@access.test', undefined],
    ] as const) {
      expect((await browser.request(method, path, body)).status, `${method} ${path}`).toBe(404);
    }
    expect((await browser.request('GET', '/team/members?q=theirs')).body.total).toBe(0);
    await as('theirs@access.test', theirs.password);
  });

  it("ends a forced-offline member's login at once, refuses new logins, and lets them back after restore", async () => {
    const agent = await invite(app, 'kicked@access.test', ['staff']);
    const revoked: unknown[] = [];
    test.server.services.team.members.onAccessRevoked(async (_db, appId, memberId, reason) => {
      revoked.push([appId, memberId, reason]);
    });
    const browser = await as('kicked@access.test', agent.password);
    expect((await browser.request('GET', '/team/directory')).status).toBe(200);

    const forced = await app.admin.request('POST', '/team/members/kicked@access.test/force-offline');
    expect(forced.status).toBe(200);
    expect(forced.body.loginDisabled).toBe(true);
    expect(revoked).toEqual([[app.sdkAppId, 'kicked@access.test', 'force-offline']]);
    expect((await browser.request('GET', '/team/directory')).status).toBe(401);
    const refused = await new Browser(test).login('kicked@access.test', agent.password);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('forced offline by an administrator');
    expect(await test.server.services.team.members.isLoginAllowed(app.sdkAppId, 'kicked@access.test')).toBe(false);
    // Out of the transfer directory while offline.
    const directory = await (await as(boss.email, boss.password)).request('GET', '/team/directory');
    expect(directory.body.items.map((m: any) => m.memberId)).not.toContain('kicked@access.test');

    const restored = await app.admin.request('POST', '/team/members/kicked@access.test/restore');
    expect(restored.body.loginDisabled).toBe(false);
    expect((await browser.request('GET', '/team/directory')).status).toBe(401); // the old login stays dead
    await as('kicked@access.test', agent.password);
  });

  it('invalidates the old password and every login on reset', async () => {
    const agent = await invite(app, 'forgot@access.test', ['staff']);
    const first = await as('forgot@access.test', agent.password);
    const second = await as('forgot@access.test', agent.password);
    const reset = await app.admin.request('POST', '/team/members/forgot@access.test/reset-password');
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ emailed: false, member: { memberId: 'forgot@access.test' } });
    expect(reset.body.password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(reset.body.password).not.toBe(agent.password);
    for (const browser of [first, second]) expect((await browser.request('GET', '/auth/me')).status).toBe(401);
    expect((await new Browser(test).login('forgot@access.test', agent.password)).status).toBe(401);
    await as('forgot@access.test', reset.body.password);
  });

  it('stops a deleted member at once and for good', async () => {
    const agent = await invite(app, 'deleted@access.test', ['staff']);
    const browser = await as('deleted@access.test', agent.password);
    const revoked: unknown[] = [];
    test.server.services.team.members.onAccessRevoked(async (_db, _appId, memberId, reason) => {
      if (memberId === 'deleted@access.test') revoked.push(reason);
    });
    expect((await app.admin.request('DELETE', '/team/members/deleted@access.test')).status).toBe(200);
    expect(revoked).toEqual(['deleted']);
    expect((await browser.request('GET', '/auth/me')).status).toBe(401);
    const login = await new Browser(test).login('deleted@access.test', agent.password);
    expect(login.status).toBe(401);
    expect(login.body.error.message).toBe('Wrong email or password');
  });

  it('marks the cookie Secure when PUBLIC_URL is https', async () => {
    const secure = await startTestServer({ config: { publicUrl: 'https://desk.example.com' } });
    try {
      const secureApp = await createTeamApp(secure, 'Secure');
      const agent = await invite(secureApp, 'secure@access.test', ['staff']);
      const login = await new Browser(secure).login('secure@access.test', agent.password);
      expect(login.setCookie.find((c) => c.startsWith('parley_session='))).toMatch(/; Secure/);
    } finally {
      await secure.close();
    }
  });
});
