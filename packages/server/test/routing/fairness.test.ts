import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../src/conversations/schema.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import {
  addAgent,
  announcedPositions,
  askForHuman,
  customerEnds,
  elapse,
  expectLoadsConsistent,
  loadOf,
  newDesk,
  newUser,
  queueOrder,
  said,
  sessionRow,
  setStatus,
  updateSettings,
  type Desk,
} from './helpers.ts';

// Issue 5 acceptance, routing part (spec 01 §8.2–8.4, spec 05 §6.7): who gets a session, when the
// queue moves, what waiting users are told, and manual reception's timeout. Each test has its own app.

describe('routing fairness, capacity and the queue', () => {
  let test: TestServer;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));

  beforeAll(async () => {
    test = await startTestServer({ clock });
  });
  afterAll(() => test?.close());

  /** A user who asks for a person a second after the previous one (distinct arrival times). */
  async function arrive(d: Desk, userId = newUser()): Promise<{ userId: string; sessionId: string }> {
    clock.advance(1000);
    return { userId, sessionId: await askForHuman(d, userId) };
  }

  const agentOf = async (d: Desk, sessionId: string) => (await sessionRow(d, sessionId)).agentId;
  const end = (d: Desk, sessionId: string) => test.server.services.agentWork.actions.end(d.appId, sessionId, {});

  it('assigns the idle agent who has gone longest without a new session; never-assigned agents first', async () => {
    const d = await newDesk(test);
    const a = await addAgent(d, { maxConcurrent: 3 });
    const b = await addAgent(d, { maxConcurrent: 3 });
    const served: string[] = [];
    const serve = async () => {
      const { sessionId } = await arrive(d);
      const row = await sessionRow(d, sessionId);
      expect(row.state).toBe('Agent');
      served.push(row.agentId);
      return sessionId;
    };
    await serve();
    await serve();
    const c = await addAgent(d, { maxConcurrent: 3 }); // joins later, never assigned: goes first
    const sessionsOfC = [await serve()];
    await serve();
    await serve();
    sessionsOfC.push(await serve());
    const [first, second] = served;
    expect(first).toBe([a, b].sort()[0]); // a tie between two never-assigned agents goes by id
    expect(second).toBe([a, b].sort()[1]);
    expect(served).toEqual([first, second, c, first, second, c]);

    // Least recently *assigned*, not least loaded: C has room after an end but was assigned last.
    await end(d, sessionsOfC[0]);
    expect(await loadOf(d, c)).toBe(1);
    await serve();
    expect(served.at(-1)).toBe(first);
    const held = await expectLoadsConsistent(d);
    expect([held.get(first), held.get(second), held.get(c)]).toEqual([3, 2, 1]);
  });

  it('skips busy, resting and offline agents; busy and resting ones keep the request queued until one turns idle', async () => {
    const d = await newDesk(test);
    const idle = await addAgent(d, { maxConcurrent: 1 });
    const busy = await addAgent(d, { status: 'busy' });
    const resting = await addAgent(d, { status: 'rest' });
    const offline = await addAgent(d, { status: 'offline' });
    const one = await arrive(d);
    expect(await agentOf(d, one.sessionId)).toBe(idle);
    const two = await arrive(d);
    // Nobody idle has room, but busy and resting agents are online: the user waits, the transfer does not fail.
    expect((await sessionRow(d, two.sessionId)).state).toBe('Queueing');
    expect((await said(d, two.userId)).join('\n')).not.toContain('NoAgentOnline');

    await setStatus(d, resting, 'idle');
    const row = await sessionRow(d, two.sessionId);
    expect(row).toMatchObject({ state: 'Agent', agentId: resting });
    for (const agent of [busy, offline]) expect(await loadOf(d, agent)).toBe(0);
    await expectLoadsConsistent(d);
  });

  it("a member's own capacity overrides the app default; nobody goes over; raising the default lets the queue move", async () => {
    const d = await newDesk(test);
    await updateSettings(d, { maxConcurrent: 1 });
    const roomy = await addAgent(d, { maxConcurrent: 3 });
    const plain = await addAgent(d);
    const arrivals = [];
    for (let i = 0; i < 5; i++) arrivals.push(await arrive(d));
    const held = await expectLoadsConsistent(d);
    expect(held.get(roomy)).toBe(3);
    expect(held.get(plain)).toBe(1);
    expect((await sessionRow(d, arrivals[4].sessionId)).state).toBe('Queueing');

    await updateSettings(d, { maxConcurrent: 2 }); // more room: the queue moves at once
    expect(await sessionRow(d, arrivals[4].sessionId)).toMatchObject({ state: 'Agent', agentId: plain });
    expect((await expectLoadsConsistent(d)).get(roomy)).toBe(3);
  });

  it('serves the queue by priority, then first come first served, one session per freed place', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d, { maxConcurrent: 1 });
    const busy = await arrive(d);
    const waiting = [await arrive(d), await arrive(d), await arrive(d), await arrive(d)];
    expect(await queueOrder(d)).toEqual(waiting.map((w) => w.sessionId));
    // What ChatBot.OnAssignHuman's Priority does (0 first, 9 last; the webhook suite covers that path).
    const setPriority = (sessionId: string, priority: number) =>
      test.server.services.db
        .update(sessions)
        .set({ priority })
        .where(and(eq(sessions.appId, d.appId), eq(sessions.sessionId, sessionId)));
    await setPriority(waiting[3].sessionId, 0);
    await setPriority(waiting[0].sessionId, 9);
    const expected = [waiting[3], waiting[1], waiting[2], waiting[0]].map((w) => w.sessionId);
    expect(await queueOrder(d)).toEqual(expected);

    let current = busy.sessionId;
    for (const next of expected) {
      await end(d, current);
      expect(await sessionRow(d, next)).toMatchObject({ state: 'Agent', agentId: agent });
      expect(await queueOrder(d)).toEqual(expected.slice(expected.indexOf(next) + 1));
      await expectLoadsConsistent(d);
      current = next;
    }
  });

  it('a suspended session frees its place; resuming counts it again, even beyond capacity', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d, { maxConcurrent: 1 });
    const one = await arrive(d);
    const two = await arrive(d);
    const three = await arrive(d);
    expect((await sessionRow(d, two.sessionId)).state).toBe('Queueing');

    await test.server.services.agentWork.actions.suspend(d.appId, one.sessionId, { memberId: agent });
    expect(await sessionRow(d, two.sessionId)).toMatchObject({ state: 'Agent', agentId: agent });
    expect((await sessionRow(d, three.sessionId)).state).toBe('Queueing');
    await expectLoadsConsistent(d);

    await test.server.services.agentWork.actions.unsuspend(d.appId, one.sessionId, { memberId: agent });
    expect(await loadOf(d, agent)).toBe(2); // spec 05 §3.9: counted again, over the limit of 1
    await end(d, two.sessionId);
    expect((await sessionRow(d, three.sessionId)).state).toBe('Queueing'); // 1 of 1 still held
    await end(d, one.sessionId);
    expect(await sessionRow(d, three.sessionId)).toMatchObject({ state: 'Agent', agentId: agent });
    await expectLoadsConsistent(d);
  });

  it('waiting users are told their place (QueuePosition from 1, WaitNo from 0) and told again whenever it changes', async () => {
    const d = await newDesk(test);
    await addAgent(d, { maxConcurrent: 1, nick: '小李' });
    const busy = await arrive(d);
    const [u1, u2, u3, u4] = [await arrive(d), await arrive(d), await arrive(d), await arrive(d)];
    expect(await announcedPositions(d, u1.userId)).toEqual([[1, 0]]);
    expect(await announcedPositions(d, u2.userId)).toEqual([[2, 1]]);
    expect(await announcedPositions(d, u4.userId)).toEqual([[4, 3]]);
    const lines = await said(d, u3.userId);
    expect(lines.filter((l) => l === 'TransferringToHumanWait')).toHaveLength(1);
    expect(lines).toContain('SystemSendMsg 您的问题我们已经收到。当前咨询人数较多，您目前排在第3位，前面还有2人，感谢您的耐心等待');

    await end(d, busy.sessionId);
    expect((await said(d, u1.userId)).slice(-3)).toEqual(['TransferToHumanSuccess', 'SystemSendMsg 转接人工成功，客服小李为您服务', 'SystemSendMsg src26']);
    expect(await announcedPositions(d, u1.userId)).toEqual([[1, 0]]);
    expect(await announcedPositions(d, u2.userId)).toEqual([
      [2, 1],
      [1, 0],
    ]);
    expect(await announcedPositions(d, u3.userId)).toEqual([
      [3, 2],
      [2, 1],
    ]);

    // Someone ahead leaving (src 27) moves the others up too, with no agent freed.
    await customerEnds(d, u3.userId);
    expect(await sessionRow(d, u3.sessionId)).toMatchObject({ state: 'Ended', endStatus: 'UserAbandonedDuringQueueing' });
    expect((await said(d, u3.userId)).slice(-5)).toEqual(['Human.UserSendMsg src27', 'SessionUserEnd', 'SystemSendMsg 本次服务已结束，感谢您的支持', 'SystemSendMsg src19', 'SessionEnd']);
    expect(await announcedPositions(d, u4.userId)).toEqual([
      [4, 3],
      [3, 2],
      [2, 1],
    ]);
    expect(await announcedPositions(d, u2.userId)).toEqual([
      [2, 1],
      [1, 0],
    ]); // unchanged place, no new prompt
    expect(await queueOrder(d)).toEqual([u2.sessionId, u4.sessionId]);
  });

  it('the queue timeout ends a waiting session (SessionPendingAutoFinishEnd); a session served in time keeps going', async () => {
    const d = await newDesk(test);
    await updateSettings(d, { queueTimeout: 45 });
    await addAgent(d, { maxConcurrent: 1 });
    const busy = await arrive(d);
    const early = await arrive(d);
    await elapse(d, clock, 30_000); // the queue's safety drain runs here, not again before the timeout
    const late = await arrive(d);
    await elapse(d, clock, 15_000); // early has waited 46 s, late 16 s
    expect(await sessionRow(d, early.sessionId)).toMatchObject({ state: 'Ended', endStatus: 'UserAbandonedDuringQueueing' });
    expect((await said(d, early.userId)).slice(-4)).toEqual(['SessionPendingAutoFinishEnd', 'SystemSendMsg 由于您长时间未回复，本次服务已自动结束，感谢您的支持', 'SystemSendMsg src20', 'SessionEnd']);
    expect(await announcedPositions(d, late.userId)).toEqual([
      [2, 1],
      [1, 0],
    ]);

    await end(d, busy.sessionId);
    expect((await sessionRow(d, late.sessionId)).state).toBe('Agent');
    await elapse(d, clock, 120_000);
    expect((await sessionRow(d, late.sessionId)).state).toBe('Agent');
  });

  describe('manual reception', () => {
    it('not accepted in time: MemberAccessTimeout, offered to another agent, and the first rests (history: changed by the system)', async () => {
      const d = await newDesk(test);
      await updateSettings(d, { receptionMode: 'manual', acceptTimeout: 30, restAfterAcceptTimeout: true });
      const slow = await addAgent(d);
      const user = await arrive(d);
      expect(await sessionRow(d, user.sessionId)).toMatchObject({ state: 'WaitingForAgentAnswering', agentId: slow });
      expect(await loadOf(d, slow)).toBe(1);
      const other = await addAgent(d, { nick: '小王' });
      await elapse(d, clock, 29_000);
      expect((await sessionRow(d, user.sessionId)).agentId).toBe(slow); // not yet

      await elapse(d, clock, 2_000);
      expect(await sessionRow(d, user.sessionId)).toMatchObject({ state: 'WaitingForAgentAnswering', agentId: other });
      expect(await said(d, user.userId)).toContain('MemberAccessTimeout');
      const state = await test.server.services.routing.agents.get(d.appId, slow);
      expect(state).toMatchObject({ status: 'rest', load: 0 });
      const [latest, before] = await test.server.services.routing.agents.history(d.appId, slow);
      expect(latest).toMatchObject({ status: 'rest', changedBy: 'system:accept-timeout', endedAt: null });
      expect(before).toMatchObject({ status: 'idle', changedBy: slow });
      expect(before.endedAt).toEqual(latest.startedAt);
      await expectLoadsConsistent(d);

      await test.server.services.agentWork.actions.accept(d.appId, user.sessionId, other);
      expect((await sessionRow(d, user.sessionId)).state).toBe('Agent');
      expect(await said(d, user.userId)).toContain('SystemSendMsg 转接人工成功，客服小王为您服务');
    });

    it('with rest-after-timeout off the agent stays idle and takes new sessions, but is not offered the one it let go', async () => {
      const d = await newDesk(test);
      await updateSettings(d, { receptionMode: 'manual', acceptTimeout: 30, restAfterAcceptTimeout: false });
      const slow = await addAgent(d, { maxConcurrent: 1 });
      const first = await arrive(d);
      await elapse(d, clock, 31_000);
      // Its only agent let it time out: it waits in the queue, even though that agent is idle again.
      expect(await sessionRow(d, first.sessionId)).toMatchObject({ state: 'Queueing', agentId: '', skippedAgentIds: [slow] });
      expect((await test.server.services.routing.agents.get(d.appId, slow))?.status).toBe('idle');
      expect((await test.server.services.routing.agents.history(d.appId, slow))[0].status).toBe('idle');
      await elapse(d, clock, 31_000); // the queue's safety drain: still not offered to the same agent
      expect((await sessionRow(d, first.sessionId)).state).toBe('Queueing');

      // A later user may be offered to that agent; the first keeps its place ahead of later arrivals.
      const second = await arrive(d);
      expect(await sessionRow(d, second.sessionId)).toMatchObject({ state: 'WaitingForAgentAnswering', agentId: slow });
      const third = await arrive(d);
      expect(await queueOrder(d)).toEqual([first.sessionId, third.sessionId]);
      const fresh = await addAgent(d, { maxConcurrent: 1 });
      expect(await sessionRow(d, first.sessionId)).toMatchObject({ state: 'WaitingForAgentAnswering', agentId: fresh });
      expect((await sessionRow(d, third.sessionId)).state).toBe('Queueing');
      await expectLoadsConsistent(d);
    });
  });
});
