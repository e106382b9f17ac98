import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { addAccount } from '../accounts/helpers.ts';
import { createRestClient, startTestServer, type TestServer } from '../harness.ts';
import { ACCOUNT, desk, deskMessage, deskOf, deskRaw, enter, expectFail, expectOk, history, messageRows, newUser, said, say, sendText, sessionRow, type Desk } from './helpers.ts';

// The session commands of spec 05 §3: describe_chat_messages (§3.4), describe_im_cdr_list (§3.5),
// get_session_state (§3.6) and transfer_to_human (§3.1). One server with a ManualClock; every test
// makes its own sessions (a clock jump ends everybody's older ones), and tests that count make a fresh app.
// This server has no human service, so a transfer finds nobody online (141001).

const sec = (ms: number) => Math.floor(ms / 1000);

let test: TestServer;
let clock: ManualClock;

beforeAll(async () => {
  // .123: message timestamps must keep their milliseconds.
  clock = new ManualClock(new Date('2026-03-01T08:00:00.123Z'));
  test = await startTestServer({ clock });
});
afterAll(() => test?.close());

describe('describe_chat_messages', () => {
  let d: Desk;
  let welcome: string;
  let fallback: string;

  beforeAll(async () => {
    d = deskOf(test, await createRestClient(test));
    welcome = (await test.server.services.accounts.getAccount(d.appId, ACCOUNT))!.welcomeMessage;
    fallback = (await d.client.call('desc_robot_config', {})).FallbackMsg;
    expect(fallback).toBeTruthy();
  });

  it('lists a conversation oldest first with roles 1/2/3, ms timestamps, and no flag messages in the list or TotalCount', async () => {
    const user = newUser();
    const t0 = clock.now().getTime();
    const sessionId = await enter(d, user);
    clock.advance(1_500);
    await say(d, user, '你好，我想问个问题');
    clock.advance(2_250);
    await sendText(d, sessionId, '来自业务后台的消息', { CloudCustomData: 'cdata' });

    const res = await history(d, sessionId, { Order: 1 });
    expect(res.Messages.map((m: any) => [m.FromAccountRole, m.FromAccount, m.MsgBody, m.Timestamp])).toEqual([
      [3, ACCOUNT, [{ MsgType: 'TIMTextElem', MsgContent: { Text: welcome } }], t0],
      [1, user, [{ MsgType: 'TIMTextElem', MsgContent: { Text: '你好，我想问个问题' } }], t0 + 1_500],
      [2, ACCOUNT, [{ MsgType: 'TIMTextElem', MsgContent: { Text: fallback } }], t0 + 1_500],
      [2, ACCOUNT, [{ MsgType: 'TIMTextElem', MsgContent: { Text: '来自业务后台的消息' } }], t0 + 3_750],
    ]);
    expect(res.TotalCount).toBe(4);
    // Millisecond precision is kept (t0 ends in .123).
    expect(res.Messages[0].Timestamp % 1000).toBe(123);

    // The flags were stored (and acted on) but are not history: src 7 from the user, 23 and 26 answering it.
    const flags = (await messageRows(d, sessionId)).filter((m) => m.flag).map((m) => deskMessage(m.body).src);
    expect(flags).toEqual(['7', '23', '26']);
    for (const m of res.Messages) {
      const element = m.MsgBody[0];
      if (element.MsgType === 'TIMCustomElem') expect(['7', '23', '26']).not.toContain(JSON.parse(element.MsgContent.Data).src);
    }
  });

  it('Order defaults to 2 (newest first); Order 1 is oldest first', async () => {
    const user = newUser();
    const sessionId = await enter(d, user);
    for (const n of [1, 2, 3]) {
      clock.advance(1_000);
      await sendText(d, sessionId, `msg ${n}`);
    }
    const oldest = (await history(d, sessionId, { Order: 1 })).Messages.map((m: any) => m.MsgBody[0].MsgContent.Text);
    expect(oldest).toEqual([welcome, 'msg 1', 'msg 2', 'msg 3']);
    const byDefault = await desk(d.client, 'describe_chat_messages', { SessionId: sessionId });
    expect(byDefault.Messages.map((m: any) => m.MsgBody[0].MsgContent.Text)).toEqual(['msg 3', 'msg 2', 'msg 1', welcome]);
    const newest = (await history(d, sessionId, { Order: 2 })).Messages.map((m: any) => m.MsgBody[0].MsgContent.Text);
    expect(newest).toEqual(['msg 3', 'msg 2', 'msg 1', welcome]);
    const stamps = (await history(d, sessionId, { Order: 2 })).Messages.map((m: any) => m.Timestamp);
    expect(stamps).toEqual([...stamps].sort((a, b) => b - a));
  });

  it('Limit defaults to 20 and may be 100; Offset pages in either order; TotalCount is the whole session', async () => {
    const user = newUser();
    const sessionId = await enter(d, user);
    for (let n = 1; n <= 104; n++) await sendText(d, sessionId, `m${n}`);
    const all = [welcome, ...Array.from({ length: 104 }, (_, i) => `m${i + 1}`)];
    const texts = (res: any) => res.Messages.map((m: any) => m.MsgBody[0].MsgContent.Text);

    const byDefault = await desk(d.client, 'describe_chat_messages', { SessionId: sessionId });
    expect(byDefault.TotalCount).toBe(105);
    expect(texts(byDefault)).toEqual(all.slice(-20).reverse());

    const first = await history(d, sessionId, { Order: 1, Limit: 100 });
    expect(texts(first)).toEqual(all.slice(0, 100));
    const rest = await history(d, sessionId, { Order: 1, Limit: 100, Offset: 100 });
    expect(texts(rest)).toEqual(all.slice(100));
    expect(rest.TotalCount).toBe(105);

    expect(texts(await history(d, sessionId, { Order: 1, Limit: 3, Offset: 10 }))).toEqual(['m10', 'm11', 'm12']);
    expect(texts(await history(d, sessionId, { Order: 2, Limit: 3, Offset: 10 }))).toEqual(['m94', 'm93', 'm92']);
    const beyond = await history(d, sessionId, { Offset: 500 });
    expect(beyond.Messages).toEqual([]);
    expect(beyond.TotalCount).toBe(105);
  });

  it('Limit above 100, below 1 or not an integer, and bad Offset/Order → 141004', async () => {
    const sessionId = await enter(d);
    for (const bad of [{ Limit: 101 }, { Limit: 0 }, { Limit: -1 }, { Limit: 1.5 }, { Offset: -1 }, { Offset: 0.5 }, { Order: 0 }, { Order: 3 }]) {
      expectFail(await desk(d.client, 'describe_chat_messages', { SessionId: sessionId, ...bad }), 141004);
    }
  });

  it('wrong types and missing SessionId → 141004; a body that is not JSON → 141004 (no 90001 here)', async () => {
    const sessionId = await enter(d);
    for (const bad of [
      {},
      { SessionId: 12345 },
      { SessionId: '' },
      { SessionId: sessionId, Limit: '20' },
      { SessionId: sessionId, Offset: '0' },
      { SessionId: sessionId, Order: '1' },
      { SessionId: [sessionId] },
    ]) {
      expectFail(await desk(d.client, 'describe_chat_messages', bad), 141004);
    }
    expectFail(await deskRaw(d.client, 'describe_chat_messages', `{"SessionId": "${sessionId}"`), 141004);
    expectFail(await deskRaw(d.client, 'describe_chat_messages', '[1, 2]'), 141004);
    expectFail(await deskRaw(d.client, 'describe_chat_messages', 'not json'), 141004);
  });

  it('an unknown SessionId → 141010', async () => {
    const res = await desk(d.client, 'describe_chat_messages', { SessionId: 'fd8a2e30-54de-4e40-bcaf-02718409c5cf' });
    expectFail(res, 141010);
    expect(res.Messages).toBeUndefined();
    expect(res.TotalCount).toBeUndefined();
  });

  it("another app's SessionId → 141010, and nothing of it leaks", async () => {
    const other = deskOf(test, await createRestClient(test, 'other app'));
    const user = newUser('secret-holder');
    const sessionId = await enter(other, user);
    await say(other, user, 'my card number is 4111');
    const res = await desk(d.client, 'describe_chat_messages', { SessionId: sessionId, Limit: 100 });
    expectFail(res, 141010);
    expect(Object.keys(res).sort()).toEqual(['ActionStatus', 'ErrorCode', 'ErrorInfo']);
    expect(res.ErrorInfo).not.toContain('4111');
    expect(res.ErrorInfo).not.toContain(user);
    // The owner still sees it.
    expect((await history(other, sessionId)).Messages.map((m: any) => m.MsgBody[0].MsgContent.Text)).toContain('my card number is 4111');
  });

  it('an ended session is still readable: the timeout prompt is history, its src 20 flag is not', async () => {
    const user = newUser();
    const sessionId = await enter(d, user);
    await say(d, user, 'anyone?');
    clock.advance(601_000);
    await test.server.services.events.jobs.runDue();
    expect((await sessionRow(d, sessionId)).state).toBe('Ended');
    const account = (await test.server.services.accounts.getAccount(d.appId, ACCOUNT))!;
    const res = await history(d, sessionId, { Order: 2, Limit: 1 });
    expect(res.Messages).toEqual([expect.objectContaining({ FromAccountRole: 3, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: account.timeoutEndPrompt } }] })]);
    expect(res.TotalCount).toBe(4);
    const flags = (await messageRows(d, sessionId)).filter((m) => m.flag).map((m) => deskMessage(m.body).src);
    expect(flags).toEqual(['7', '23', '26', '20']);
  });
});

describe('describe_im_cdr_list', () => {
  // Sessions are ended by the user-reply timeout (600 s by default); each test uses a fresh app.
  const freshApp = async () => deskOf(test, await createRestClient(test));
  const timeoutsRun = () => test.server.services.events.jobs.runDue();
  const cdr = async (d: Desk, body: Record<string, unknown>) => {
    const res = await desk(d.client, 'describe_im_cdr_list', body);
    expectOk(res);
    return res;
  };

  /**
   * a starts at t, talks to the robot and times out at t+650; b starts at t+100 and times out at t+750;
   * c starts at t+650 and is still open.
   */
  async function threeSessions(d: Desk) {
    const t = clock.now().getTime();
    const a = await enter(d, 'user-a');
    await say(d, 'user-a', '请问发货要多久');
    clock.advance(100_000);
    const b = await enter(d, 'user-b');
    clock.advance(550_000);
    await timeoutsRun();
    const c = await enter(d, 'user-c');
    clock.advance(100_000);
    await timeoutsRun();
    return { t: sec(t), a, b, c };
  }

  it('lists only ended sessions that began in the range, newest first, with the documented fields', async () => {
    const d = await freshApp();
    const { t, a, b, c } = await threeSessions(d);
    expect((await sessionRow(d, c)).state).toBe('Chatbot');

    const res = await cdr(d, { StartTimestamp: t, EndTimestamp: t + 3600 });
    expect(res.TotalCount).toBe(2);
    expect(res.IMCdrList).toEqual([
      {
        SessionId: b,
        AgentGroupId: '0',
        AgentGroupName: '',
        AgentId: '',
        ChannelType: 'SDK',
        ClientUserId: 'user-b',
        ClientUserNickName: '',
        Duration: 650,
        EndStatus: 'ChatbotReception',
        SatisfactionSelected: 0,
        Timestamp: t + 100,
      },
      expect.objectContaining({ SessionId: a, ClientUserId: 'user-a', Duration: 650, EndStatus: 'ChatbotReception', Timestamp: t }),
    ]);
    expect(res.IMCdrList.map((r: any) => r.SessionId)).not.toContain(c);
    // The robot-phase timeout is what ended them.
    expect(await said(d, 'user-a')).toEqual(expect.arrayContaining(['SessionUserTimeoutEnd', 'SessionEnd']));
  });

  it('both bounds are inclusive and in seconds', async () => {
    const d = await freshApp();
    const { t, a, b } = await threeSessions(d);
    const ids = async (from: number, to: number) => (await cdr(d, { StartTimestamp: from, EndTimestamp: to })).IMCdrList.map((r: any) => r.SessionId);
    // a began at t + 0.123 s: a range of whole seconds covers all of its last second, so each
    // record is found by its own Timestamp.
    expect(await ids(t, t)).toEqual([a]);
    expect(await ids(t + 1, t + 100)).toEqual([b]);
    expect(await ids(t + 100, t + 100)).toEqual([b]);
    expect(await ids(t - 3600, t - 1)).toEqual([]);
    expect(await ids(t + 101, t + 3600)).toEqual([]); // c began at t+650 but is still open
    expect(await ids(t, 4294967295)).toEqual([b, a]); // the largest 32-bit value as "until forever"
    expect(await ids(0, 253402300799)).toEqual([b, a]); // 9999-12-31T23:59:59Z
    // Milliseconds are not seconds: refused as a bad parameter, never an internal error.
    expectFail(await desk(d.client, 'describe_im_cdr_list', { StartTimestamp: t * 1000, EndTimestamp: t * 1000 + 1000 }), 141004);
    expectFail(await desk(d.client, 'describe_im_cdr_list', { StartTimestamp: t, EndTimestamp: (t + 60) * 1000 }), 141004);
    expectFail(await desk(d.client, 'describe_im_cdr_list', { StartTimestamp: 0, EndTimestamp: 9e15 }), 141004);
  });

  it('ClientUserId restricts to one user; Limit/Offset page; TotalCount counts every match', async () => {
    const d = await freshApp();
    const { t, a, b } = await threeSessions(d);
    const range = { StartTimestamp: t, EndTimestamp: t + 3600 };
    const onlyA = await cdr(d, { ...range, ClientUserId: 'user-a' });
    expect(onlyA.TotalCount).toBe(1);
    expect(onlyA.IMCdrList.map((r: any) => r.SessionId)).toEqual([a]);
    expect((await cdr(d, { ...range, ClientUserId: 'user-c' })).TotalCount).toBe(0);
    expect((await cdr(d, { ...range, ClientUserId: 'nobody' })).IMCdrList).toEqual([]);

    const page1 = await cdr(d, { ...range, Limit: 1, Offset: 0 });
    const page2 = await cdr(d, { ...range, Limit: 1, Offset: 1 });
    const page3 = await cdr(d, { ...range, Limit: 1, Offset: 2 });
    expect([page1, page2, page3].map((p) => p.TotalCount)).toEqual([2, 2, 2]);
    expect([...page1.IMCdrList, ...page2.IMCdrList].map((r: any) => r.SessionId)).toEqual([b, a]);
    expect(page3.IMCdrList).toEqual([]);
  });

  it('Limit defaults to 20 and may be 100', async () => {
    const d = await freshApp();
    const t = sec(clock.now().getTime());
    for (let i = 0; i < 23; i++) {
      await enter(d, `many-${i}`);
      clock.advance(1_000);
    }
    clock.advance(600_000);
    await timeoutsRun();
    const range = { StartTimestamp: t, EndTimestamp: t + 3600 };
    const byDefault = await cdr(d, range);
    expect(byDefault.TotalCount).toBe(23);
    expect(byDefault.IMCdrList).toHaveLength(20);
    expect(byDefault.IMCdrList[0].ClientUserId).toBe('many-22');
    const all = await cdr(d, { ...range, Limit: 100 });
    expect(all.IMCdrList.map((r: any) => r.ClientUserId)).toEqual(Array.from({ length: 23 }, (_, i) => `many-${22 - i}`));
    expect(all.IMCdrList.map((r: any) => r.Timestamp)).toEqual(Array.from({ length: 23 }, (_, i) => t + 22 - i));
  });

  it("AgentGroupId is the account's group as a string; Duration counts seconds until the end", async () => {
    const d = await freshApp();
    const accountId = await addAccount(d.client, { AgentGroupId: 3067, UserTimeout: 30 });
    const t = sec(clock.now().getTime());
    const sessionId = await enter(d, 'grouped', accountId);
    clock.advance(45_000);
    await timeoutsRun();
    const [record] = (await cdr(d, { StartTimestamp: t, EndTimestamp: t + 60 })).IMCdrList;
    expect(record).toMatchObject({ SessionId: sessionId, AgentGroupId: '3067', ClientUserId: 'grouped', Duration: 45, EndStatus: 'ChatbotReception' });
    expect(typeof record.AgentGroupId).toBe('string');
  });

  it('End < Start, missing or non-integer bounds, bad paging and bad JSON → 141004', async () => {
    const d = await freshApp();
    const t = sec(clock.now().getTime());
    for (const bad of [
      { StartTimestamp: t, EndTimestamp: t - 1 },
      { EndTimestamp: t },
      { StartTimestamp: t },
      {},
      { StartTimestamp: String(t), EndTimestamp: t + 1 },
      { StartTimestamp: t, EndTimestamp: t + 0.5 },
      { StartTimestamp: -1, EndTimestamp: t },
      { StartTimestamp: t, EndTimestamp: t + 1, Limit: 101 },
      { StartTimestamp: t, EndTimestamp: t + 1, Limit: 0 },
      { StartTimestamp: t, EndTimestamp: t + 1, Offset: -1 },
      { StartTimestamp: t, EndTimestamp: t + 1, ClientUserId: 42 },
    ]) {
      expectFail(await desk(d.client, 'describe_im_cdr_list', bad), 141004);
    }
    expectFail(await deskRaw(d.client, 'describe_im_cdr_list', `{"StartTimestamp": ${t},`), 141004);
  });

  it("another app's sessions never appear", async () => {
    const d = await freshApp();
    const other = await freshApp();
    const t = sec(clock.now().getTime());
    await enter(other, 'shared-user');
    clock.advance(601_000);
    await timeoutsRun();
    expect((await cdr(other, { StartTimestamp: t, EndTimestamp: t + 60, ClientUserId: 'shared-user' })).TotalCount).toBe(1);
    const mine = await cdr(d, { StartTimestamp: t, EndTimestamp: t + 60 });
    expect(mine.TotalCount).toBe(0);
    expect(mine.IMCdrList).toEqual([]);
  });
});

describe('get_session_state', () => {
  let d: Desk;
  beforeAll(async () => {
    d = deskOf(test, await createRestClient(test));
  });

  const state = async (body: Record<string, unknown>) => {
    const res = await desk(d.client, 'get_session_state', body);
    expectOk(res);
    return { SessionId: res.SessionId, CurrentState: res.CurrentState, AgentId: res.AgentId };
  };

  it('by SessionId: a robot-phase session is Chatbot with no AgentId', async () => {
    const sessionId = await enter(d);
    expect(await state({ SessionId: sessionId })).toEqual({ SessionId: sessionId, CurrentState: 'Chatbot', AgentId: '' });
  });

  it("by ClientUserId + CustomerServiceId: the user's open session with that account", async () => {
    const user = newUser();
    const sessionId = await enter(d, user);
    expect(await state({ ClientUserId: user, CustomerServiceId: ACCOUNT })).toEqual({ SessionId: sessionId, CurrentState: 'Chatbot', AgentId: '' });
    // The same user with another account has no session there.
    const other = await addAccount(d.client);
    expect(await state({ ClientUserId: user, CustomerServiceId: other })).toEqual({ SessionId: '', CurrentState: 'NotInSession', AgentId: '' });
    const onOther = await enter(d, user, other);
    expect(await state({ ClientUserId: user, CustomerServiceId: other })).toEqual({ SessionId: onOther, CurrentState: 'Chatbot', AgentId: '' });
    expect((await state({ ClientUserId: user, CustomerServiceId: ACCOUNT })).SessionId).toBe(sessionId);
  });

  it('SessionId wins when both modes are given', async () => {
    const first = await enter(d, newUser());
    const user = newUser();
    await enter(d, user);
    expect((await state({ SessionId: first, ClientUserId: user, CustomerServiceId: ACCOUNT })).SessionId).toBe(first);
  });

  it('a user without an open session is NotInSession — never seen, or whose session ended', async () => {
    expect(await state({ ClientUserId: 'never-seen', CustomerServiceId: ACCOUNT })).toEqual({ SessionId: '', CurrentState: 'NotInSession', AgentId: '' });
    const user = newUser();
    const sessionId = await enter(d, user);
    clock.advance(601_000);
    await test.server.services.events.jobs.runDue();
    expect((await sessionRow(d, sessionId)).state).toBe('Ended');
    expect(await state({ ClientUserId: user, CustomerServiceId: ACCOUNT })).toEqual({ SessionId: '', CurrentState: 'NotInSession', AgentId: '' });
    // by SessionId an ended session does not exist any more (141005)
    expectFail(await desk(d.client, 'get_session_state', { SessionId: sessionId }), 141005);
    // the user comes back: a new session
    const again = await enter(d, user);
    expect(again).not.toBe(sessionId);
    expect(await state({ ClientUserId: user, CustomerServiceId: ACCOUNT })).toEqual({ SessionId: again, CurrentState: 'Chatbot', AgentId: '' });
  });

  it('an unknown SessionId → 141005', async () => {
    expectFail(await desk(d.client, 'get_session_state', { SessionId: 'b0f4ca12-4850-4218-a284-efe679a87066' }), 141005);
  });

  it('neither mode, half of mode 2, wrong types or bad JSON → 141004', async () => {
    const user = newUser();
    await enter(d, user);
    for (const bad of [{}, { ClientUserId: user }, { CustomerServiceId: ACCOUNT }, { SessionId: '' }, { SessionId: 42 }, { ClientUserId: 1, CustomerServiceId: ACCOUNT }]) {
      expectFail(await desk(d.client, 'get_session_state', bad), 141004);
    }
    expectFail(await deskRaw(d.client, 'get_session_state', '{"SessionId":'), 141004);
  });

  it('after a failed transfer to human the session is still Chatbot', async () => {
    const sessionId = await enter(d);
    expectFail(await desk(d.client, 'transfer_to_human', { SessionId: sessionId }), 141001);
    expect(await state({ SessionId: sessionId })).toEqual({ SessionId: sessionId, CurrentState: 'Chatbot', AgentId: '' });
  });
});

describe('transfer_to_human', () => {
  let d: Desk;
  let prompts: { transfer: string; fail: string };

  beforeAll(async () => {
    d = deskOf(test, await createRestClient(test));
    const account = (await test.server.services.accounts.getAccount(d.appId, ACCOUNT))!;
    prompts = { transfer: account.transferToHumanPrompt, fail: account.transferToHumanFailPrompt };
  });

  /** Events written by the transfer: everything after the last event before it. */
  async function transfer(body: Record<string, unknown>, user: string) {
    const before = (await said(d, user)).length;
    const res = await desk(d.client, 'transfer_to_human', body);
    return { res, events: (await said(d, user)).slice(before) };
  }

  it('in the robot phase with no agents → 141001; TransferringToHuman then NoAgentOnline, no failure prompt by default', async () => {
    const user = newUser();
    const sessionId = await enter(d, user);
    await say(d, user, '我要找人工');
    const { res, events } = await transfer({ SessionId: sessionId }, user);
    expectFail(res, 141001);
    expect(events).toEqual(['TransferringToHuman', `SystemSendMsg ${prompts.transfer}`, 'NoAgentOnline']);
    expect((await sessionRow(d, sessionId)).state).toBe('Chatbot');
  });

  it('SendTipIfNoAgentOnline=1 sends the failure prompt; =0 does not', async () => {
    const user = newUser();
    const sessionId = await enter(d, user);
    const withTip = await transfer({ SessionId: sessionId, SendTipIfNoAgentOnline: 1 }, user);
    expectFail(withTip.res, 141001);
    expect(withTip.events).toEqual(['TransferringToHuman', `SystemSendMsg ${prompts.transfer}`, 'NoAgentOnline', `SystemSendMsg ${prompts.fail}`]);
    const without = await transfer({ SessionId: sessionId, SendTipIfNoAgentOnline: 0 }, user);
    expectFail(without.res, 141001);
    expect(without.events).toEqual(['TransferringToHuman', `SystemSendMsg ${prompts.transfer}`, 'NoAgentOnline']);
  });

  it("the spec's full sample request (agent list, group, working-hours flags) is accepted and, with nobody online, finds nobody", async () => {
    const user = newUser();
    const sessionId = await enter(d, user);
    // Group ids are the app's own: the sample's 2473 is unknown here (141004, nothing written).
    const unknown = await transfer({ SessionId: sessionId, AgentGroupId: 2473 }, user);
    expectFail(unknown.res, 141004);
    expect(unknown.events).toEqual([]);
    const group = await test.server.services.team.groups.create(d.appId, { name: 'sample group', memberIds: [] });
    const { res, events } = await transfer(
      { SessionId: sessionId, AgentIdList: ['test_agent@qq.com'], AgentGroupId: group.groupId, SendTipIfNoAgentOnline: 0, CheckIfDuringWorkingHours: 0, SendPromptNotDuringWorkingHours: 0 },
      user,
    );
    expectFail(res, 141001);
    expect(events).toContain('NoAgentOnline');
  });

  it('an unknown, ended or foreign session → 141005, writing nothing', async () => {
    expectFail(await desk(d.client, 'transfer_to_human', { SessionId: 'fd8a2e30-54de-4e40-bcaf-02718409c5cf' }), 141005);

    const user = newUser();
    const ended = await enter(d, user);
    clock.advance(601_000);
    await test.server.services.events.jobs.runDue();
    const { res, events } = await transfer({ SessionId: ended }, user);
    expectFail(res, 141005);
    expect(events).toEqual([]);

    const other = deskOf(test, await createRestClient(test, 'other'));
    const foreignUser = newUser();
    const foreign = await enter(other, foreignUser);
    const before = await said(other, foreignUser);
    expectFail(await desk(d.client, 'transfer_to_human', { SessionId: foreign }), 141005);
    expect(await said(other, foreignUser)).toEqual(before);
  });

  it('bad parameters → 141004; a body that is not JSON → 90001', async () => {
    const user = newUser();
    const sessionId = await enter(d, user);
    const before = await said(d, user);
    for (const bad of [{}, { SessionId: 7 }, { SessionId: sessionId, SendTipIfNoAgentOnline: 2 }, { SessionId: sessionId, AgentGroupId: '2473' }, { SessionId: sessionId, AgentIdList: 'a@b.com' }]) {
      expectFail(await desk(d.client, 'transfer_to_human', bad), 141004);
    }
    expectFail(await deskRaw(d.client, 'transfer_to_human', `{"SessionId": "${sessionId}"`), 90001);
    expect(await said(d, user)).toEqual(before);
  });
});
