import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { createRestClient, startTestServer, type TestServer } from '../harness.ts';
import { ACCOUNT, desk, deskOf, enter, expectFail, expectOk, history, said, stream, text, type Desk } from './helpers.ts';

// App isolation for every session and message command: another app's SessionId (or MsgKey) is not
// found, nothing of it leaks, and it is left exactly as it was. Both apps use the same default
// account id and the same user id, so only the app tells them apart.

const USER = 'shared-user';

describe('app isolation of the session and message commands', () => {
  let test: TestServer;
  let clock: ManualClock;
  let mine: Desk;
  let theirs: Desk;
  let theirSession: string;
  let theirStreamKey: string;
  let theirMessageKey: string;

  beforeAll(async () => {
    clock = new ManualClock(new Date('2026-03-01T08:00:00Z'));
    test = await startTestServer({ clock });
    mine = deskOf(test, await createRestClient(test, 'mine'));
    theirs = deskOf(test, await createRestClient(test, 'theirs'));
    theirSession = await enter(theirs, USER);
    await test.server.services.conversations.customerSend({ appId: theirs.appId, accountId: ACCOUNT, userId: USER, msgRandom: '555', body: text('their question') });
    expectOk(await desk(theirs.client, 'send_msg', { SessionId: theirSession, MsgRandom: 777, MsgBody: text('their answer') }));
    theirMessageKey = String((await stream(theirs, USER)).at(-1)!.payload.msgKey);
    const started = await desk(theirs.client, 'send_stream_msg', { SessionId: theirSession, Chunk: 'their stream' });
    expectOk(started);
    theirStreamKey = started.MsgKey;
  });
  afterAll(() => test?.close());

  async function snapshot(d: Desk, sessionId: string) {
    return {
      events: await stream(d, USER),
      history: (await history(d, sessionId)).Messages,
      state: await desk(d.client, 'get_session_state', { SessionId: sessionId }),
    };
  }

  it("every command with another app's SessionId → not found; that app's session is unchanged", async () => {
    const before = await snapshot(theirs, theirSession);
    const calls: [string, Record<string, unknown>, number][] = [
      ['describe_chat_messages', { SessionId: theirSession }, 141010],
      ['get_session_state', { SessionId: theirSession }, 141005],
      ['transfer_to_human', { SessionId: theirSession, SendTipIfNoAgentOnline: 1 }, 141005],
      ['send_msg', { SessionId: theirSession, MsgRandom: 1, MsgBody: text('intrusion') }, 141005],
      ['send_stream_msg', { SessionId: theirSession, Chunk: 'intrusion' }, 141005],
      ['send_stream_msg', { SessionId: theirSession, Chunk: 'intrusion', MsgKey: theirStreamKey, Finish: 1 }, 141005],
      ['modify_msg', { SessionId: theirSession, MsgKey: theirMessageKey, MsgBody: text('intrusion') }, 141005],
    ];
    for (const [command, body, code] of calls) {
      const res = await desk(mine.client, command, body);
      expectFail(res, code);
      expect(Object.keys(res).sort(), command).toEqual(['ActionStatus', 'ErrorCode', 'ErrorInfo']);
      expect(res.ErrorInfo, command).not.toContain('their');
    }
    expect(await snapshot(theirs, theirSession)).toEqual(before);
    // Their stream is still open and still theirs to finish.
    expectOk(await desk(theirs.client, 'send_stream_msg', { SessionId: theirSession, Chunk: '.', MsgKey: theirStreamKey }));
  });

  it("another app's MsgKey is not found in my own session (141004)", async () => {
    const mySession = await enter(mine, USER);
    const before = await snapshot(theirs, theirSession);
    expectFail(await desk(mine.client, 'send_stream_msg', { SessionId: mySession, Chunk: 'x', MsgKey: theirStreamKey }), 141004);
    expectFail(await desk(mine.client, 'modify_msg', { SessionId: mySession, MsgKey: theirMessageKey, MsgBody: text('x') }), 141004);
    expect(await snapshot(theirs, theirSession)).toEqual(before);
  });

  it('the same account id and user id in two apps are two conversations: the state, CDR and history are per app', async () => {
    const other = deskOf(test, await createRestClient(test, 'third'));
    const res = await desk(other.client, 'get_session_state', { ClientUserId: USER, CustomerServiceId: ACCOUNT });
    expect(res).toMatchObject({ ActionStatus: 'OK', SessionId: '', CurrentState: 'NotInSession' });
    const t = Math.floor(clock.now().getTime() / 1000);
    const cdr = await desk(other.client, 'describe_im_cdr_list', { StartTimestamp: t - 86_400, EndTimestamp: t + 86_400, ClientUserId: USER });
    expect(cdr).toMatchObject({ ActionStatus: 'OK', TotalCount: 0, IMCdrList: [] });
  });

  it('a MsgRandom that another app used for the same account and user is not a resend here', async () => {
    const app = deskOf(test, await createRestClient(test, 'fourth'));
    // REST: their send_msg used MsgRandom 777 for @customer_service_account → shared-user.
    expectOk(await desk(app.client, 'send_msg', { FromAccount: ACCOUNT, ToAccount: USER, MsgRandom: 777, MsgBody: text('my own answer') }));
    expect(await said(app, USER)).toEqual(['SessionBegin', 'ChatBot.RobotSendMsg my own answer']);
    // Customers: their user sent msgRandom "555".
    const sent = await test.server.services.conversations.customerSend({ appId: app.appId, accountId: ACCOUNT, userId: USER, msgRandom: '555', body: text('my own question') });
    expect(sent.duplicate).toBe(false);
    expect(await said(app, USER)).toContain('ChatBot.UserSendMsg my own question');
    // And theirs still has exactly one of each.
    const theirsSaid = await said(theirs, USER);
    expect(theirsSaid.filter((e) => e === 'ChatBot.RobotSendMsg their answer')).toHaveLength(1);
    expect(theirsSaid.filter((e) => e === 'ChatBot.UserSendMsg their question')).toHaveLength(1);
  });
});
