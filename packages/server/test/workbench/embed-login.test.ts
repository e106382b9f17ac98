import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ManualClock } from '../../src/platform/clock.ts';
import { embedLogins } from '../../src/team/schema.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { expectError, expectOk, loginAgent, workbenchApp, type WorkbenchApp } from './helpers.ts';

// Embedded workbench logins (spec 03 §2.3–2.4): the integrator's backend gets a one-time SdkURL for a
// member; the iframe trades its token for a login it sends as `Authorization: Session <token>`.

const TEN_MINUTES = 10 * 60_000;

describe('embedded workbench logins', () => {
  let test: TestServer;
  let desk: WorkbenchApp;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    test = await startTestServer({ clock });
    desk = await workbenchApp(test, 'Embed app');
  });
  afterAll(() => test?.close());

  let n = 0;
  /** A member provisioned with these roles (no login of their own). */
  async function member(roles: ('staff' | 'admin' | 'super_admin')[] = ['staff'], d: WorkbenchApp = desk) {
    const email = `embed${n++}@example.com`;
    const { member: m, password } = await test.server.services.team.members.provision(d.appId, { email, nick: `Embedded ${n}`, roles });
    return { memberId: m.memberId, email, password };
  }

  const sdkLogin = (memberId: string, d: WorkbenchApp = desk) => d.admin.request('POST', '/workbench/sdk-login', { memberId });
  const tokenOf = (sdkUrl: string) => new URL(sdkUrl).searchParams.get('token')!;

  async function exchange(token: string) {
    const response = await fetch(`${test.baseUrl}/api/auth/embed-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    return { status: response.status, body: (await response.json()) as any, setCookie: response.headers.getSetCookie() };
  }

  /** The native API with only the session token: no cookie, no CSRF token. */
  async function withSession(sessionToken: string, method: string, path: string, body?: unknown) {
    const response = await fetch(`${test.baseUrl}/api${path}`, {
      method,
      headers: { authorization: `Session ${sessionToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  async function embeddedLogin(memberId: string) {
    const { sdkUrl } = await expectOk(sdkLogin(memberId));
    const login = await exchange(tokenOf(sdkUrl));
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    return login.body as { sessionToken: string; csrfToken: string; member: { memberId: string }; app: { sdkAppId: number } };
  }

  it('gives the administrator an SdkURL whose token logs the member in exactly once', async () => {
    const agent = await member();
    const issued = await expectOk(sdkLogin(agent.memberId));
    expect(issued.sdkUrl).toMatch(new RegExp(`^${test.baseUrl}/workbench/sdk\\.js\\?token=[\\w-]{43}$`));
    expect(new Date(issued.expiresAt).getTime()).toBe(clock.now().getTime() + TEN_MINUTES);
    const token = tokenOf(issued.sdkUrl);
    // Only the token's hash is stored.
    expect(JSON.stringify(await test.server.services.db.select().from(embedLogins))).not.toContain(token);

    const first = await exchange(token);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ member: { memberId: agent.memberId, roles: ['staff'] }, app: { sdkAppId: desk.appId, name: 'Embed app' } });
    expect(first.body.sessionToken).toMatch(/^[\w-]{43}$/);
    expect(first.body.csrfToken).toMatch(/^[\w-]{43}$/);
    // No cookie: it would not reach a cross-site iframe, and must not replace the browser's own login.
    expect(first.setCookie).toEqual([]);

    const again = await exchange(token);
    expect(again.status).toBe(401);
    expect(again.body.error.message).toContain('already used');

    const unknown = await exchange('x'.repeat(43));
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toContain('unknown');
  });

  it('refuses a token after its 10 minutes', async () => {
    const agent = await member();
    const late = tokenOf((await expectOk(sdkLogin(agent.memberId))).sdkUrl);
    const inTime = tokenOf((await expectOk(sdkLogin(agent.memberId))).sdkUrl);
    clock.advance(TEN_MINUTES - 1);
    expect((await exchange(inTime)).status).toBe(200);
    clock.advance(1);
    const expired = await exchange(late);
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toContain('expired');
    expect(expired.body.error.message).toContain('10 minutes');
  });

  it('is for members of the caller’s app who can use the workbench, asked by the administrator or a console admin', async () => {
    const other = await workbenchApp(test, 'Other app');
    const stranger = await member(['staff'], other);
    expect((await expectError(sdkLogin(stranger.memberId), 404)).message).toContain('is not a member of this app');
    expect((await expectError(sdkLogin('nobody@example.com'), 404)).message).toContain('is not a member of this app');
    // The other app's administrator gets a login in the other app.
    const elsewhere = await exchange(tokenOf((await expectOk(sdkLogin(stranger.memberId, other))).sdkUrl));
    expect(elsewhere.body.app.sdkAppId).toBe(other.appId);

    const adminOnly = await member(['admin']);
    expect((await expectError(sdkLogin(adminOnly.memberId), 403)).message).toContain('give them the staff role');
    const forced = await member();
    await expectOk(desk.admin.request('POST', `/team/members/${forced.memberId}/force-offline`));
    expect((await expectError(sdkLogin(forced.memberId), 403)).message).toContain('forced offline');

    // A console admin, with the login cookie and its CSRF token, may; a staff member may not.
    const consoleAdmin = await loginAgent(desk, { roles: ['admin'] });
    const staff = await loginAgent(desk);
    const target = await member();
    expect((await expectOk(consoleAdmin.api('POST', '/workbench/sdk-login', { memberId: target.memberId }))).sdkUrl).toContain('/workbench/sdk.js?token=');
    expect((await consoleAdmin.api('POST', '/workbench/sdk-login', { memberId: target.memberId }, { csrf: false })).status).toBe(403);
    await expectError(staff.api('POST', '/workbench/sdk-login', { memberId: target.memberId }), 403, 'forbidden');
    // An embedded login is a full login: an admin cannot become the super admin through it.
    const superAdmin = await member(['super_admin']);
    expect((await expectError(consoleAdmin.api('POST', '/workbench/sdk-login', { memberId: superAdmin.memberId }), 403)).message).toContain('super admin');
    await expectOk(sdkLogin(superAdmin.memberId));
  });

  it('voids an unused token when the member is forced offline or their password reset', async () => {
    const agent = await member();
    const token = tokenOf((await expectOk(sdkLogin(agent.memberId))).sdkUrl);
    await expectOk(desk.admin.request('POST', `/team/members/${agent.memberId}/force-offline`));
    expect((await exchange(token)).status).toBe(403);
    await expectOk(desk.admin.request('POST', `/team/members/${agent.memberId}/restore`));
    // Restored, but the token was issued for the credentials that force offline ended.
    const stale = tokenOf((await expectOk(sdkLogin(agent.memberId))).sdkUrl);
    await expectOk(desk.admin.request('POST', `/team/members/${agent.memberId}/reset-password`));
    const refused = await exchange(stale);
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toContain('after this token was issued');
  });

  it('authenticates workbench routes by the Authorization: Session header, without a CSRF token', async () => {
    const agent = await member();
    const { sessionToken } = await embeddedLogin(agent.memberId);
    const me = await withSession(sessionToken, 'GET', '/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ member: { memberId: agent.memberId }, via: 'session', app: { sdkAppId: desk.appId } });
    expect((await withSession(sessionToken, 'PUT', '/workbench/status', { status: 'idle' })).status).toBe(200);
    expect((await withSession(sessionToken, 'GET', '/workbench/status')).body.status).toBe('idle');

    // Uploads (their own authentication) take the header too.
    const upload = await fetch(`${test.baseUrl}/api/workbench/files?kind=file`, {
      method: 'POST',
      headers: { authorization: `Session ${sessionToken}`, 'content-type': 'text/plain', 'x-file-name': 'notes.txt' },
      body: 'hello',
    });
    expect(upload.status).toBe(200);
    expect(((await upload.json()) as any).element.MsgType).toBe('TIMFileElem');

    expect((await withSession('not-a-login', 'GET', '/workbench/status')).status).toBe(401);
    expect((await withSession('', 'GET', '/workbench/status')).status).toBe(401);
  });

  it('stops the header when the login ends: logout, force offline, password reset', async () => {
    const loggedOut = await embeddedLogin((await member()).memberId);
    expect((await withSession(loggedOut.sessionToken, 'POST', '/auth/logout', {})).status).toBe(200);
    expect((await withSession(loggedOut.sessionToken, 'GET', '/workbench/status')).status).toBe(401);

    for (const action of ['force-offline', 'reset-password']) {
      const agent = await member();
      const { sessionToken } = await embeddedLogin(agent.memberId);
      expect((await withSession(sessionToken, 'GET', '/workbench/status')).status).toBe(200);
      await expectOk(desk.admin.request('POST', `/team/members/${agent.memberId}/${action}`));
      const after = await withSession(sessionToken, 'GET', '/workbench/status');
      expect(after.status, action).toBe(401);
      expect(after.body.error.message).toContain('log in again');
    }
  });

  it('builds the SdkURL on PUBLIC_URL when it is set (behind a proxy the request’s host is an internal one)', async () => {
    const behindProxy = await startTestServer({ config: { publicUrl: 'https://desk.example.com/' } });
    try {
      const d = await workbenchApp(behindProxy, 'Proxied');
      const { member: m } = await behindProxy.server.services.team.members.provision(d.appId, { email: 'proxied@example.com', nick: 'Proxied', roles: ['staff'] });
      const { sdkUrl } = await expectOk(d.admin.request('POST', '/workbench/sdk-login', { memberId: m.memberId }));
      expect(sdkUrl).toMatch(/^https:\/\/desk\.example\.com\/workbench\/sdk\.js\?token=[\w-]{43}$/);
    } finally {
      await behindProxy.close();
    }
  });

  describe('the workbench socket', () => {
    const url = () => `${test.baseUrl.replace(/^http/, 'ws')}/api/workbench/ws`;

    it('accepts the login as the subprotocol parley-session.<token>, echoes it, and closes when the login ends', async () => {
      const agent = await member();
      const { sessionToken } = await embeddedLogin(agent.memberId);
      const protocol = `parley-session.${sessionToken}`;
      const ws = new WebSocket(url(), [protocol], { headers: { origin: test.baseUrl } });
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      const ready = await new Promise<any>((resolve, reject) => {
        ws.once('message', (data) => resolve(JSON.parse(data.toString())));
        ws.once('error', reject);
      });
      expect(ws.protocol).toBe(protocol);
      expect(ready).toMatchObject({ type: 'ready', memberId: agent.memberId });

      await expectOk(desk.admin.request('POST', `/team/members/${agent.memberId}/force-offline`));
      ws.pong(); // what a browser answers to the server's 30 s ping: the login is checked again
      expect(await closed).toBe(4401);
    });

    it('keeps the Origin check and refuses a bad or ended token', async () => {
      const agent = await member();
      const { sessionToken } = await embeddedLogin(agent.memberId);
      const attempt = (protocol: string, origin: string) =>
        new Promise<number>((resolve) => {
          const ws = new WebSocket(url(), [protocol], { headers: { origin } });
          ws.once('open', () => (ws.close(), resolve(101)));
          ws.once('unexpected-response', (_req, res) => (res.resume(), resolve(res.statusCode ?? 0)));
          ws.once('error', () => resolve(0));
        });
      expect(await attempt(`parley-session.${sessionToken}`, 'https://integrator.example')).toBe(403);
      expect(await attempt('parley-session.wrong', test.baseUrl)).toBe(401);
      expect(await attempt(`parley-session.${sessionToken}`, test.baseUrl)).toBe(101);
      await expectOk(desk.admin.request('POST', `/team/members/${agent.memberId}/force-offline`));
      expect(await attempt(`parley-session.${sessionToken}`, test.baseUrl)).toBe(401);
    });
  });
});
