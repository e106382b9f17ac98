import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HumanHandoff } from '../../src/conversations/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { createRestClient, createTestDatabase, startServerPair, startTestServer, type RestClient, type ServerPair, type TestDatabase, type TestServer } from '../harness.ts';
import { desk, expectOk, waitFor } from '../sessions/helpers.ts';
import { ok, startAssignReceiver, type AssignReceiver } from './assign-receiver.ts';
import { ACCOUNT, addAgent, announcedPositions, askForHuman, deskOf, elapse, newUser, queueOrder, sessionRow, updateSettings } from './helpers.ts';

// A customer asks for a person and the process dies between the request's commit and its routing
// (the after-commit step). Server A and server B run one after the other on one database and one
// clock, as a restart does; jobs run only when the test polls them (elapse), as a process's poll would.

/** One poll interval of the job runner (JOB_POLL_MS's default), far below any retry timer. */
const ONE_POLL_MS = 500;

describe('a crash between the handoff request and its routing', () => {
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
  let testDb: TestDatabase;
  let a: TestServer;
  let aClosed = false;
  let b: TestServer | undefined;
  let client: RestClient;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    a = await startTestServer({ testDb, clock });
    client = await createRestClient(a, 'Handoff crash app');
  });
  afterAll(async () => {
    if (!aClosed) await a?.close();
    await b?.close();
    await testDb?.drop();
  });

  it('keeps the place the customer asked at, and any process routes the request on its next poll', async () => {
    const onA = deskOf(a, client);
    const agent = await addAgent(onA, { maxConcurrent: 1 });
    const busy = await askForHuman(onA, newUser('busy'));
    expect(await sessionRow(onA, busy)).toMatchObject({ state: 'Agent', agentId: agent });

    // Process A commits the first customer's request, then dies before its after-commit routing runs.
    const router = a.server.services.routing.router;
    const dying: HumanHandoff = Object.create(router, {
      route: { value: async (_appId: number, sessionId: string) => ({ outcome: 'queued', agentId: '', queued: true, sessionId }) },
    });
    a.server.services.conversations.handoff = dying;
    const first = newUser('first');
    const askedAt = clock.now();
    const firstSession = await askForHuman(onA, first);
    expect(await sessionRow(onA, firstSession)).toMatchObject({ state: 'Queueing', queuedAt: null });
    await a.close();
    aClosed = true;

    // A few seconds later, on process B, a second customer asks and is routed as usual.
    clock.advance(3_000);
    b = await startTestServer({ testDb, clock });
    const onB = deskOf(b, client);
    const second = newUser('second');
    const secondSession = await askForHuman(onB, second);
    expect(await sessionRow(onB, secondSession)).toMatchObject({ state: 'Queueing' });

    // B's next poll routes the first request (no 15 s timer): ahead of the second, at the time it was asked.
    await elapse(onB, clock, ONE_POLL_MS);
    expect(await queueOrder(onB)).toEqual([firstSession, secondSession]);
    expect((await sessionRow(onB, firstSession)).queuedAt?.getTime()).toBe(askedAt.getTime());
    expect((await announcedPositions(onB, first)).at(-1)).toEqual([1, 0]);
    expect((await announcedPositions(onB, second)).at(-1)).toEqual([2, 1]);

    // The agent frees up: the first to ask is the first served.
    await b.server.services.agentWork.actions.end(onB.appId, busy, { memberId: agent });
    expect(await sessionRow(onB, firstSession)).toMatchObject({ state: 'Agent', agentId: agent });
    expect(await sessionRow(onB, secondSession)).toMatchObject({ state: 'Queueing' });
    expect(await queueOrder(onB)).toEqual([secondSession]);
    expect((await announcedPositions(onB, second)).at(-1)).toEqual([1, 0]);
  });
});

describe('a request whose routing waits for the business server', () => {
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
  let pair: ServerPair;
  let receiver: AssignReceiver;

  beforeAll(async () => {
    pair = await startServerPair({ clock, config: { allowPrivateOutbound: true } });
    receiver = await startAssignReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await pair?.close();
  });

  it('is asked once while another process polls, and queues at the time of the request, not of the answer', async () => {
    const client = await createRestClient(pair.a, 'Handoff webhook app');
    const onA = deskOf(pair.a, client);
    const onB = deskOf(pair.b, client);
    expectOk(await desk(client, 'update_im_agent', { IMAgentUserID: ACCOUNT, AssignmentStrategy: 2, AssignedByWebhookURL: receiver.url }));
    await updateSettings(onA, { assignWebhookTimeout: 2_000 });
    const agent = await addAgent(onA, { maxConcurrent: 1 });
    const busy = await askForHuman(onA, newUser('busy'));
    expect(await sessionRow(onA, busy)).toMatchObject({ state: 'Agent', agentId: agent });

    receiver.received.length = 0;
    receiver.answer({ ...ok(), delayMs: 400 });
    const askedAt = clock.now();
    const first = newUser('first');
    const asking = askForHuman(onA, first);
    await waitFor('the business server to be asked', () => receiver.received.length === 1);
    // While A waits for the answer, time passes and both processes poll their jobs: neither asks again.
    clock.advance(2_000);
    await Promise.all([pair.b.server.services.events.jobs.runDue(), pair.a.server.services.events.jobs.runDue()]);
    const sessionId = await asking;
    expect(receiver.received).toHaveLength(1);
    expect(await sessionRow(onB, sessionId)).toMatchObject({ state: 'Queueing' });
    expect((await sessionRow(onB, sessionId)).queuedAt?.getTime()).toBe(askedAt.getTime());
    expect(await queueOrder(onB)).toEqual([sessionId]);
    // Routed: the request's job is gone, so no later poll asks the business server again.
    await elapse(onB, clock, 60_000);
    expect(receiver.received).toHaveLength(1);
  });
});
