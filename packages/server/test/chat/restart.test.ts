import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { createRestClient, createTestDatabase, startTestServer, type RestClient, type TestDatabase, type TestServer } from '../harness.ts';
import { ACCOUNT, customer, deskIn, deskOn, desk, headOf, range, storedEvents, summarize, text } from './helpers.ts';
import type { ChatClient } from './ws-client.ts';

// Section 8 of the transport suite: a server restarts mid-conversation. Server A and server B run
// one after the other on one database (and one clock); customers reconnect to B with their cursor.

const USER_TIMEOUT_MS = 600_000; // the default account's UserTimeout

describe('a server restart mid-conversation', () => {
  const clock = new ManualClock(new Date());
  let testDb: TestDatabase;
  let a: TestServer;
  let aClosed = false;
  let b: TestServer | undefined;
  let client: RestClient;
  let appId: number;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    a = await startTestServer({ testDb, clock });
    client = await createRestClient(a);
    appId = client.sdkAppId;
  });
  afterAll(async () => {
    if (!aClosed) await a?.close();
    await b?.close();
    await testDb?.drop();
  });

  it('customers resume on the new server with nothing lost, and timers armed before the restart fire there', async () => {
    // On A: a conversation whose user-reply timer is armed by the robot's answer.
    const waiting = await customer(a, client, 'timer-user');
    await waiting.subscribe(ACCOUNT);
    const entered = await waiting.sendOk(ACCOUNT, desk('7'));
    const asked = await waiting.sendOk(ACCOUNT, text('今天天气怎么样'));
    await waiting.waitForEvent(ACCOUNT, (e) => e.seq > asked.seq && e.type === 'ChatBot.RobotSendMsg');
    const cursor = waiting.lastSeq(ACCOUNT);

    // And a customer in the middle of a burst when A shuts down.
    const busy = await customer(a, client, 'burst-user');
    await busy.subscribe(ACCOUNT);
    const burst = Array.from({ length: 12 }, (_, i) => ({ msgRandom: `b-${i}`, body: text(`第${i}个问题`) }));
    for (const m of burst) busy.sendFrame({ type: 'send', id: m.msgRandom, accountId: ACCOUNT, msgRandom: m.msgRandom, body: m.body });
    await busy.waitFor((f) => f.type === 'ack' && f.id === 'b-0');

    await a.close();
    aClosed = true;
    await Promise.all([waiting.closed, busy.closed]); // the shutdown closes every socket
    const busySeen = busy.lastSeq(ACCOUNT);
    const busyAcked = new Map(busy.frames.filter((f) => f.type === 'ack').map((f) => [f.msgRandom, f.msgKey]));

    b = await startTestServer({ testDb, clock });
    const deskB = deskOn(b, client);
    // While the customer is away, the service side speaks (without restarting the reply countdown).
    const away = await deskB('send_msg', { FromAccount: ACCOUNT, ToAccount: 'timer-user', MsgRandom: 1, MsgBody: text('您还在吗？'), ExcludeFromUserRespTimeout: 1 });
    expect(away.ErrorCode).toBe(0);

    const back = await customer(b, client, 'timer-user');
    const head = await headOf(b, appId, 'timer-user');
    expect(await back.subscribe(ACCOUNT, { after: cursor })).toMatchObject({ after: cursor, head });
    await back.waitForSeq(ACCOUNT, head);
    const union = [...waiting.events(ACCOUNT), ...back.events(ACCOUNT)];
    expect(union.map((e) => e.seq)).toEqual(range(1, head));
    expect(union.find((e) => e.msgKey === entered.msgKey)).toBeDefined();
    expect(union.at(-1)).toMatchObject({ type: 'ChatBot.RobotSendMsg', msgBody: text('您还在吗？') });

    // The busy customer resends what it has no ack for; every question is stored exactly once.
    const busyBack = await customer(b, client, 'burst-user');
    for (const m of burst) {
      const ack = await busyBack.sendOk(ACCOUNT, m.body, { msgRandom: m.msgRandom });
      if (busyAcked.has(m.msgRandom)) expect(ack).toMatchObject({ duplicate: true, msgKey: busyAcked.get(m.msgRandom) });
    }
    const busyHead = await headOf(b, appId, 'burst-user');
    await busyBack.subscribe(ACCOUNT, { after: busySeen });
    if (busyHead > busySeen) await busyBack.waitForSeq(ACCOUNT, busyHead);
    const busyUnion = [...busy.events(ACCOUNT), ...busyBack.events(ACCOUNT)];
    expect(busyUnion.map((e) => e.seq)).toEqual(range(1, busyHead));
    expect(busyUnion.filter((e) => e.type === 'ChatBot.UserSendMsg').map((e) => e.msgBody)).toEqual(burst.map((m) => m.body));

    // The timer A armed has not fired early…
    clock.advance(USER_TIMEOUT_MS - 5_000);
    await b.server.services.events.jobs.runDue();
    expect(await deskB('get_session_state', { ClientUserId: 'timer-user', CustomerServiceId: ACCOUNT })).toMatchObject({ CurrentState: 'Chatbot', SessionId: entered.sessionId });

    // …and fires on B once it is due.
    const from = back.events(ACCOUNT).length;
    clock.advance(10_000);
    expect(await b.server.services.events.jobs.runDue()).toBeGreaterThan(0);
    await back.waitForEvent(ACCOUNT, (e) => e.type === 'SessionEnd');
    const account = (await b.server.services.accounts.getAccount(appId, ACCOUNT))!;
    const ending = back.events(ACCOUNT).slice(from);
    expect(ending.map(summarize)).toEqual(['SessionUserTimeoutEnd', `SystemSendMsg ${account.timeoutEndPrompt}`, 'SystemSendMsg src 20', 'SessionEnd']);
    expect(ending.every((e) => e.sessionId === entered.sessionId)).toBe(true);
    expect(deskIn(ending[2])).toEqual({ customerServicePlugin: 0, src: '20' });
    expect(await deskB('get_session_state', { ClientUserId: 'timer-user', CustomerServiceId: ACCOUNT })).toMatchObject({ ErrorCode: 0, CurrentState: 'NotInSession', SessionId: '' });
    const stored = await storedEvents(b, appId, 'timer-user');
    expect(stored.map((e) => e.seq)).toEqual(range(1, stored.length));
    expect(stored.filter((e) => e.type === 'SessionEnd')).toHaveLength(1);

    await Promise.all([back, busyBack].map((s: ChatClient) => s.terminate()));
  });
});
