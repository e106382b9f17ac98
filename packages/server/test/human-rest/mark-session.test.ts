import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { addAgent, agentSays, desk, elapse, enter, eventsOf, expectFail, expectOk, expectRefused, newDesk, newUser, served, sessionRow, type Desk } from './helpers.ts';

// Spec 05 §3.10 mark_session: Mark (≤ 200 bytes of UTF-8), StarStatus, UserTimeoutSwitch; keys in
// any case (the spec mixes sessionId/SessionId, starStatus/StarStatus); the answer in PascalCase.

const UNKNOWN = 'b0f4ca12-4850-4218-a284-efe679a87066';

describe('mark_session', () => {
  let test: TestServer;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));

  beforeAll(async () => {
    test = await startTestServer({ clock });
  });
  afterAll(() => test.close());

  const marks = async (d: Desk, sessionId: string) => {
    const row = await sessionRow(d, sessionId);
    return { mark: row.mark, starred: row.starred, userTimeoutEnabled: row.userTimeoutEnabled };
  };

  it('sets each field; omitted fields stay as they were; the answer is the PascalCase envelope', async () => {
    const d = await newDesk(test);
    const s = await served(d, await addAgent(d));
    expect(await marks(d, s.sessionId)).toEqual({ mark: '', starred: false, userTimeoutEnabled: true });

    const res = await desk(d.client, 'mark_session', { SessionId: s.sessionId, Mark: 'mark this session' });
    expect(res).toEqual({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 });
    expect(await marks(d, s.sessionId)).toEqual({ mark: 'mark this session', starred: false, userTimeoutEnabled: true });

    // The spec's second sample, lower-camel keys.
    expectOk(await desk(d.client, 'mark_session', { sessionId: s.sessionId, starStatus: 1, userTimeoutSwitch: 1 }));
    expect(await marks(d, s.sessionId)).toEqual({ mark: 'mark this session', starred: true, userTimeoutEnabled: true });

    expectOk(await desk(d.client, 'mark_session', { sessionId: s.sessionId, StarStatus: 1, UserTimeoutSwitch: 0 }));
    expect(await marks(d, s.sessionId)).toEqual({ mark: 'mark this session', starred: true, userTimeoutEnabled: false });

    expectOk(await desk(d.client, 'mark_session', { SESSIONID: s.sessionId, mark: '', starstatus: 0 }));
    expect(await marks(d, s.sessionId)).toEqual({ mark: '', starred: false, userTimeoutEnabled: false });

    expectOk(await desk(d.client, 'mark_session', { SessionId: s.sessionId }));
    expect(await marks(d, s.sessionId)).toEqual({ mark: '', starred: false, userTimeoutEnabled: false });
  });

  it('a robot-phase session can be marked too', async () => {
    const d = await newDesk(test);
    const sessionId = await enter(d);
    expectOk(await desk(d.client, 'mark_session', { SessionId: sessionId, Mark: 'vip', StarStatus: 1 }));
    expect(await marks(d, sessionId)).toMatchObject({ mark: 'vip', starred: true });
  });

  it('Mark is limited to 200 bytes, not characters: 66 CJK + 2 ASCII (200 bytes) pass, 67 CJK (201 bytes) are refused', async () => {
    const d = await newDesk(test);
    const user = newUser();
    const sessionId = await enter(d, user);
    const fits = `${'标'.repeat(66)}ok`;
    expect(Buffer.byteLength(fits)).toBe(200);
    expectOk(await desk(d.client, 'mark_session', { SessionId: sessionId, Mark: fits }));
    expect((await sessionRow(d, sessionId)).mark).toBe(fits);

    const tooLong = '标'.repeat(67);
    expect(Buffer.byteLength(tooLong)).toBe(201);
    const res = await expectRefused(d, user, 'mark_session', { SessionId: sessionId, Mark: tooLong, StarStatus: 1 }, 141004);
    expect(res.ErrorInfo).toMatch(/201 bytes/);
    await expectRefused(d, user, 'mark_session', { SessionId: sessionId, Mark: 'a'.repeat(201) }, 141004);
    await expectRefused(d, user, 'mark_session', { SessionId: sessionId, Mark: `${'😀'.repeat(50)}!` }, 141004);

    const emoji = '😀'.repeat(50); // 4 bytes each
    expectOk(await desk(d.client, 'mark_session', { SessionId: sessionId, Mark: emoji }));
    expect(await marks(d, sessionId)).toMatchObject({ mark: emoji, starred: false });
  });

  it('UserTimeoutSwitch 0: no timeout end past UserTimeout; 1 again: the countdown runs and ends the session', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d, { maxConcurrent: 2 });
    const off = await served(d, agent);
    const on = await served(d, agent);
    await agentSays(d, off.sessionId, agent);
    await agentSays(d, on.sessionId, agent);
    expectOk(await desk(d.client, 'mark_session', { sessionId: off.sessionId, userTimeoutSwitch: 0 }));
    expect((await sessionRow(d, off.sessionId)).timeoutAt).toBeNull();

    await elapse(d, clock, 601_000); // the default UserTimeout is 600 s
    expect(await sessionRow(d, on.sessionId)).toMatchObject({ state: 'Ended', endStatus: 'UserTimeout' });
    expect(await sessionRow(d, off.sessionId)).toMatchObject({ state: 'Agent', userTimeoutEnabled: false });
    expect(await eventsOf(d, off.userId, 'SessionUserTimeoutEnd')).toHaveLength(0);

    expectOk(await desk(d.client, 'mark_session', { sessionId: off.sessionId, userTimeoutSwitch: 1 }));
    expect((await sessionRow(d, off.sessionId)).timeoutAt).not.toBeNull();
    await elapse(d, clock, 601_000);
    expect(await sessionRow(d, off.sessionId)).toMatchObject({ state: 'Ended', endStatus: 'UserTimeout' });
    expect(await eventsOf(d, off.userId, 'SessionUserTimeoutEnd')).toHaveLength(1);
  });

  it('an ended or unknown session → 141005; wrong values and types → 141004; nothing changes', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d);
    const s = await served(d, agent);
    for (const bad of [
      {},
      { Mark: 'x' },
      { SessionId: '' },
      { SessionId: s.sessionId, StarStatus: 2 },
      { SessionId: s.sessionId, StarStatus: true },
      { SessionId: s.sessionId, UserTimeoutSwitch: -1 },
      { SessionId: s.sessionId, UserTimeoutSwitch: '0' },
      { SessionId: s.sessionId, Mark: 5 },
      { SessionId: s.sessionId, Mark: null },
    ]) {
      await expectRefused(d, s.userId, 'mark_session', bad, 141004);
    }
    expectFail(await d.client.call('mark_session', undefined, { service: 'desk_http_svc', raw: '[1]' }), 141004);
    await expectRefused(d, s.userId, 'mark_session', { SessionId: UNKNOWN, Mark: 'x' }, 141005);
    expectOk(await desk(d.client, 'end_session', { SessionId: s.sessionId }));
    await expectRefused(d, s.userId, 'mark_session', { SessionId: s.sessionId, StarStatus: 1 }, 141005);
  });
});
