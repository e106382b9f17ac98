import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ManualClock } from '../../src/platform/clock.ts';
import { loginSessions, members } from '../../src/team/schema.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { Browser, createTeamApp, invite, type TeamApp } from './helpers.ts';

describe('member login', () => {
  let test: TestServer;
  let app: TeamApp;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    test = await startTestServer({ clock });
    app = await createTeamApp(test, 'Login');
  });
  afterAll(() => test?.close());

  it('logs in with a HttpOnly, SameSite=Lax session cookie, answers /me, and logs out', async () => {
    const { password } = await invite(app, 'Agent@Login.test', ['staff'], 'Agent');
    const browser = new Browser(test);
    const login = await browser.login('AGENT@login.test', password);
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ member: { memberId: 'agent@login.test', nick: 'Agent', email: 'agent@login.test', roles: ['staff'] }, app: { sdkAppId: app.sdkAppId, name: 'Login' } });
    expect(login.body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const cookie = login.setCookie.find((c) => c.startsWith('parley_session='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=43200/);
    expect(cookie).not.toMatch(/; Secure/); // plain http and no https PUBLIC_URL

    const me = await browser.request('GET', '/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ member: { memberId: 'agent@login.test' }, roles: ['staff'], via: 'cookie', csrfToken: login.body.csrfToken, app: { sdkAppId: app.sdkAppId } });
    expect((await test.server.services.team.members.get(app.sdkAppId, 'agent@login.test')).lastOnlineAt).toEqual(clock.now());

    // Only the token's hash is stored.
    const token = browser.cookie!.split('=')[1];
    const stored = JSON.stringify(await test.server.services.db.select().from(loginSessions));
    expect(stored).toContain(login.body.csrfToken);
    expect(stored).not.toContain(token);

    expect((await browser.request('POST', '/auth/logout', undefined, { csrf: false })).status).toBe(403);
    const logout = await browser.request('POST', '/auth/logout');
    expect(logout.status).toBe(200);
    expect(logout.setCookie.some((c) => c.startsWith('parley_session=;'))).toBe(true);
    const reused = await fetch(`${test.baseUrl}/api/auth/me`, { headers: { cookie: `parley_session=${token}` } });
    expect(reused.status).toBe(401);
  });

  it('offers the apps to choose from when the email and password match in several apps', async () => {
    const second = await createTeamApp(test, 'A second app');
    const third = await createTeamApp(test, 'Third');
    const { password } = await invite(app, 'multi@login.test', ['staff']);
    // The same person, added by two admins, who set the same password everywhere.
    const { db } = test.server.services;
    const [{ passwordHash }] = await db
      .select()
      .from(members)
      .where(and(eq(members.appId, app.sdkAppId), eq(members.memberId, 'multi@login.test')));
    for (const other of [second, third]) {
      await invite(other, 'multi@login.test', ['staff']);
      await db
        .update(members)
        .set({ passwordHash })
        .where(and(eq(members.appId, other.sdkAppId), eq(members.memberId, 'multi@login.test')));
    }
    await third.admin.request('POST', '/team/members/multi@login.test/force-offline');

    const browser = new Browser(test);
    const choose = await browser.login('multi@login.test', password);
    expect(choose.status).toBe(200);
    // The forced-offline app is not offered.
    expect(choose.body).toEqual({
      chooseApp: [
        { sdkAppId: second.sdkAppId, name: 'A second app' },
        { sdkAppId: app.sdkAppId, name: 'Login' },
      ],
    });
    expect(browser.cookie).toBeUndefined();

    const chosen = await browser.login('multi@login.test', password, second.sdkAppId);
    expect(chosen.status).toBe(200);
    expect(chosen.body.app).toEqual({ sdkAppId: second.sdkAppId, name: 'A second app' });
    expect((await browser.request('GET', '/auth/me')).body.app.sdkAppId).toBe(second.sdkAppId);

    expect((await new Browser(test).login('multi@login.test', password, third.sdkAppId)).body.error.message).toContain('forced offline by an administrator');
    expect((await new Browser(test).login('multi@login.test', password, 1)).status).toBe(401);
  });

  it('gives one uniform error for an unknown email and a wrong password, and checks input', async () => {
    await invite(app, 'uniform@login.test', ['staff']);
    const browser = new Browser(test);
    const unknown = await browser.login('nobody@login.test', 'whatever');
    const wrong = await browser.login('uniform@login.test', 'whatever');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.message).toBe('Wrong email or password');
    expect(wrong.setCookie).toEqual([]);
    for (const body of [{ email: 'x@y.z' }, { email: 'x@y.z', password: '' }, { email: 1, password: 'p' }, { email: 'x@y.z', password: 'p', sdkAppId: 'abc' }]) {
      expect((await browser.request('POST', '/auth/login', body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await browser.request('POST', '/auth/login', undefined, { raw: '{"email":' })).status).toBe(400);
  });

  // The clock moves forward from here on (UserSig clients stop working; cookie logins are used).
  it('throttles an email after 10 failed logins in 15 minutes, even with the right password', async () => {
    const { password } = await invite(app, 'guessed@login.test', ['staff']);
    const browser = new Browser(test);
    for (let i = 0; i < 10; i++) expect((await browser.login('guessed@login.test', `wrong-${i}`)).status).toBe(401);
    const blocked = await browser.login('guessed@login.test', password);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.message).toMatch(/Too many failed logins.*15 minute/);
    clock.advance(15 * 60_000 + 1);
    await browser.loginOk('guessed@login.test', password);
  });

  it('ends a login after 12 hours', async () => {
    const { password } = await invite(app, 'expiring@login.test', ['staff']);
    const browser = await new Browser(test).loginOk('expiring@login.test', password);
    clock.advance(12 * 60 * 60_000 - 1000);
    expect((await browser.request('GET', '/team/directory')).status).toBe(200);
    clock.advance(1000);
    const expired = await browser.request('GET', '/team/directory');
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toContain('expired');
  });
});
