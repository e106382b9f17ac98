import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { askForHuman, expectError, expectOk, loginAgent, newUser, workbenchApp, type WorkbenchApp } from './helpers.ts';

// Agent status from the workbench, who may use which surface, the console's service settings and
// real-time monitoring (spec 03 §1.3, 01 §10.2, §10.4, §11.1).

describe('workbench status, access and the console’s service routes', () => {
  let test: TestServer;
  let d: WorkbenchApp;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    test = await startTestServer({ clock });
    d = await workbenchApp(test);
  });
  afterAll(() => test?.close());

  it('switches idle → busy → rest (with a reason) → offline and keeps the history', async () => {
    const ann = await loginAgent(d, { nick: 'Ann' });
    expect(await expectOk(ann.api('GET', '/workbench/status'))).toMatchObject({ memberId: ann.memberId, status: 'offline', load: 0 });
    for (const [status, reason] of [['idle'], ['busy'], ['rest', ' lunch '], ['offline']] as const) {
      clock.advance(60_000);
      const state = await expectOk(ann.api('PUT', '/workbench/status', { status, ...(reason ? { reason } : {}) }));
      expect(state).toMatchObject({ status, restReason: reason ? 'lunch' : '' });
      expect(new Date(state.statusSince)).toEqual(clock.now());
    }
    const history = await expectOk(ann.api('GET', '/workbench/status/history'));
    expect(history.items.map((h: any) => [h.status, h.reason, h.changedBy])).toEqual([
      ['offline', '', ann.memberId],
      ['rest', 'lunch', ann.memberId],
      ['busy', '', ann.memberId],
      ['idle', '', ann.memberId],
    ]);
    expect(history.items[0].endedAt).toBeNull();
    expect(new Date(history.items[1].endedAt)).toEqual(clock.now());
    expect((await expectOk(ann.api('GET', '/workbench/status/history?limit=1'))).items).toHaveLength(1);

    await expectError(ann.api('PUT', '/workbench/status', { status: 'rest', reason: 'x'.repeat(51) }), 400);
    await expectError(ann.api('PUT', '/workbench/status', { status: 'away' }), 400);
    await expectError(ann.api('PUT', '/workbench/status', { status: 'idle', extra: 1 }), 400);
    expect((await expectOk(ann.api('GET', '/workbench/status'))).status).toBe('offline');
  });

  it('heartbeats record presence; unsafe requests need the CSRF token', async () => {
    const ann = await loginAgent(d, { status: 'idle' });
    clock.advance(5_000);
    await expectOk(ann.api('POST', '/workbench/heartbeat'));
    expect(new Date((await expectOk(ann.api('GET', '/workbench/status'))).lastSeenAt)).toEqual(clock.now());
    await expectError(ann.api('PUT', '/workbench/status', { status: 'busy' }, { csrf: false }), 403, 'csrf');
    await expectError(ann.api('PUT', '/workbench/status', { status: 'busy' }, { csrf: 'wrong' }), 403, 'csrf');
    expect((await expectOk(ann.api('GET', '/workbench/status'))).status).toBe('idle');
  });

  it('staff use the workbench only; console-only admins the console only; the UserSig administrator reads but is no agent', async () => {
    const staff = await loginAgent(d, { roles: ['staff'] });
    const admin = await loginAgent(d, { roles: ['admin'] });
    const both = await loginAgent(d, { roles: ['admin', 'staff'] });
    for (const path of ['/settings/service', '/monitoring/agents', '/monitoring/queue']) {
      await expectError(staff.api('GET', path), 403, 'forbidden');
      expect((await admin.api('GET', path)).status).toBe(200);
      expect((await both.api('GET', path)).status).toBe(200);
    }
    await expectError(staff.api('PUT', '/settings/service', { maxConcurrent: 9 }), 403, 'forbidden');
    for (const path of ['/workbench/status', '/workbench/sessions?view=queue', '/workbench/agents', '/workbench/internal/threads']) {
      await expectError(admin.api('GET', path), 403, 'forbidden');
      expect((await both.api('GET', path)).status).toBe(200);
    }
    await expectError(admin.api('PUT', '/workbench/status', { status: 'idle' }), 403, 'forbidden');
    // The administrator's UserSig: reads the workbench, but has no agent to act as.
    expect((await d.admin.request('GET', '/workbench/agents')).status).toBe(200);
    await expectError(d.admin.request('PUT', '/workbench/status', { status: 'idle' }), 403, 'forbidden');
    await expectError(d.admin.request('POST', '/workbench/contact', { userId: 'u' }), 403, 'forbidden');
    const anonymous = await fetch(`${test.baseUrl}/api/workbench/status`);
    expect(anonymous.status).toBe(401);
  });

  it('service settings: read, patch, and refuse bad values without changing anything', async () => {
    const before = await expectOk(d.admin.request('GET', '/settings/service'));
    expect(before).toMatchObject({ receptionMode: 'auto', acceptTimeout: 60, maxConcurrent: 5, queueTimeout: 1800, contactUserEnabled: true });
    const patched = await expectOk(d.admin.request('PUT', '/settings/service', { receptionMode: 'manual', maxConcurrent: 3, calendar: { holidays: ['2026-10-01'], workdays: [] } }));
    expect(patched).toMatchObject({ receptionMode: 'manual', maxConcurrent: 3, acceptTimeout: 60, calendar: { holidays: ['2026-10-01'] } });
    for (const bad of [{ maxConcurrent: 0 }, { receptionMode: 'sometimes' }, { acceptTimeout: '60' }, { unknown: true }, { maxConcurrent: 4, queueTimeout: -1 }]) {
      await expectError(d.admin.request('PUT', '/settings/service', bad), 400);
    }
    expect((await d.admin.request('PUT', '/settings/service', '{"maxConcurrent": ', { 'content-type': 'application/json' })).status).toBe(400);
    expect(await expectOk(d.admin.request('GET', '/settings/service'))).toEqual(patched);
    await expectOk(d.admin.request('PUT', '/settings/service', { receptionMode: 'auto', maxConcurrent: 5, calendar: { holidays: [], workdays: [] } }));
  });

  it('monitoring and the transfer dialog: every agent with status, load, capacity and groups; the queue now', async () => {
    const m = await workbenchApp(test, 'Monitoring');
    const ann = await loginAgent(m, { nick: 'Ann', status: 'idle', maxConcurrent: 1 });
    const bob = await loginAgent(m, { nick: 'Bob', status: 'rest' });
    await expectOk(bob.api('PUT', '/workbench/status', { status: 'rest', reason: 'training' }));
    await loginAgent(m, { nick: 'Cat', roles: ['admin'] }); // console only: not an agent
    const group = await expectOk(m.admin.request('POST', '/team/groups', { name: 'VIP', memberIds: [bob.memberId] }));
    await askForHuman(m, newUser());
    clock.advance(10_000);
    await askForHuman(m, newUser());
    clock.advance(50_000);

    const agents = await expectOk(m.admin.request('GET', '/monitoring/agents'));
    expect(agents.items.map((a: any) => [a.nick, a.status, a.restReason, a.load, a.capacity, a.online, a.available, a.openSessions])).toEqual([
      ['Ann', 'idle', '', 1, 1, true, false, 1],
      ['Bob', 'rest', 'training', 0, 5, true, false, 0],
    ]);
    expect(agents.summary).toEqual({ online: 2, idle: 1, busy: 0, rest: 1, offline: 0 });
    expect(agents.items[1].groups).toEqual([{ groupId: group.groupId, name: 'VIP' }]);

    const queue = await expectOk(m.admin.request('GET', '/monitoring/queue'));
    expect(queue).toMatchObject({ queued: 1, inService: 1, waitingForAccept: 0, transferred: 2, longestWaitSeconds: 50 });

    const dialog = await expectOk(ann.api('GET', '/workbench/agents?q=bo'));
    expect(dialog.items.map((a: any) => a.nick)).toEqual(['Bob']);
    expect((await expectOk(ann.api('GET', `/workbench/agents?groupId=${group.groupId}`))).items.map((a: any) => a.nick)).toEqual(['Bob']);
    await expectError(ann.api('GET', '/workbench/agents?groupId=abc'), 400);
  });
});
