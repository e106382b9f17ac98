import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { addAccount } from '../accounts/helpers.ts';
import { createRestClient, startTestServer, type TestServer } from '../harness.ts';
import {
  ACCOUNT,
  BODY_LIMIT,
  custom,
  desk,
  deskMessage,
  deskOf,
  deskRaw,
  enter,
  expectFail,
  expectOk,
  history,
  messageRows,
  newUser,
  nextRandom,
  said,
  say,
  sendText,
  sessionRow,
  stream,
  text,
  type Desk,
} from './helpers.ts';

// The message commands of spec 05 §4: send_msg (§4.1: two addressing modes, MsgRandom de-duplication,
// the IM codes 90001/90002/90005/90007/93000, 141004/141005, ExcludeFromUserRespTimeout),
// send_stream_msg (§4.2: one src 31 message whose chunks accumulate, StreamChunk/StreamEnd events,
// a 60 s idle timeout) and modify_msg (§4.3: MessageModified). One server with a ManualClock.

let test: TestServer;
let clock: ManualClock;

beforeAll(async () => {
  clock = new ManualClock(new Date('2026-03-01T08:00:00Z'));
  test = await startTestServer({ clock });
});
afterAll(() => test?.close());

const CARD = {
  src: '22',
  customerServicePlugin: 0,
  content: { header: '卡片标题', desc: '卡片描述', pic: 'https://cloudcache.tencent-cloud.com/qcloud/portal/kit/images/presale.a4955999.jpeg', url: 'https://www.qcloud.com/' },
};

describe('send_msg', () => {
  let d: Desk;
  beforeAll(async () => {
    d = deskOf(test, await createRestClient(test));
  });

  const send = (body: Record<string, unknown>) => desk(d.client, 'send_msg', body);
  const runTimers = () => test.server.services.events.jobs.runDue();

  it('by SessionId: the message is written to the session as the service side, with its CloudCustomData', async () => {
    const user = newUser();
    const sessionId = await enter(d, user);
    const res = await send({ SessionId: sessionId, MsgRandom: 8436874, MsgBody: text('欢迎使用智能客服，很高兴为您服务！'), CloudCustomData: 'your cloud custom data' });
    expectOk(res);
    expect(Object.keys(res).sort()).toEqual(['ActionStatus', 'ErrorCode', 'ErrorInfo']); // no MsgKey (spec 05 §9.10)
    const events = await stream(d, user);
    const last = events.at(-1)!;
    expect(last.type).toBe('ChatBot.RobotSendMsg');
    expect(last.payload).toMatchObject({ sessionId, msgBody: text('欢迎使用智能客服，很高兴为您服务！'), cloudCustomData: 'your cloud custom data', fromAccountRole: 2 });
    const [message] = (await history(d, sessionId, { Order: 2, Limit: 1 })).Messages;
    expect(message).toMatchObject({ FromAccount: ACCOUNT, FromAccountRole: 2, MsgBody: text('欢迎使用智能客服，很高兴为您服务！') });
  });

  it('by FromAccount + ToAccount with no open session: a new session, without the welcome prompt', async () => {
    const user = newUser('user45');
    expectOk(await send({ FromAccount: ACCOUNT, ToAccount: user, MsgRandom: 82139, MsgBody: text('欢迎注册xx商城'), CloudCustomData: 'c' }));
    expect(await said(d, user)).toEqual(['SessionBegin', 'ChatBot.RobotSendMsg 欢迎注册xx商城']);
    const state = await desk(d.client, 'get_session_state', { ClientUserId: user, CustomerServiceId: ACCOUNT });
    expect(state.CurrentState).toBe('Chatbot');
    // A second message goes to the same session.
    expectOk(await send({ FromAccount: ACCOUNT, ToAccount: user, MsgRandom: nextRandom(), MsgBody: text('second') }));
    expect(await said(d, user)).toEqual(['SessionBegin', 'ChatBot.RobotSendMsg 欢迎注册xx商城', 'ChatBot.RobotSendMsg second']);
    expect((await history(d, state.SessionId)).TotalCount).toBe(2);
  });

  it('by FromAccount + ToAccount with an open session: that session is used', async () => {
    const user = newUser();
    const sessionId = await enter(d, user);
    const before = (await stream(d, user)).length;
    expectOk(await send({ FromAccount: ACCOUNT, ToAccount: user, MsgRandom: nextRandom(), MsgBody: text('into the open session') }));
    const after = await stream(d, user);
    expect(after.slice(before).map((e) => [e.type, e.payload.sessionId])).toEqual([['ChatBot.RobotSendMsg', sessionId]]);
  });

  it('SessionId wins over FromAccount/ToAccount', async () => {
    const target = newUser();
    const sessionId = await enter(d, target);
    const bystander = newUser();
    expectOk(await send({ SessionId: sessionId, FromAccount: ACCOUNT, ToAccount: bystander, MsgRandom: nextRandom(), MsgBody: text('to the session') }));
    expect((await said(d, target)).at(-1)).toBe('ChatBot.RobotSendMsg to the session');
    expect(await stream(d, bystander)).toEqual([]);
  });

  it('a resend with the same MsgRandom is one message; another MsgRandom is another message', async () => {
    const user = newUser();
    const sessionId = await enter(d, user);
    const body = { SessionId: sessionId, MsgRandom: 4242, MsgBody: text('only once') };
    expectOk(await send(body));
    expectOk(await send(body));
    expectOk(await send({ FromAccount: ACCOUNT, ToAccount: user, MsgRandom: 4242, MsgBody: text('only once') }));
    expect((await said(d, user)).filter((e) => e === 'ChatBot.RobotSendMsg only once')).toHaveLength(1);
    expectOk(await send({ ...body, MsgRandom: 4243 }));
    expect((await said(d, user)).filter((e) => e === 'ChatBot.RobotSendMsg only once')).toHaveLength(2);
    // The same MsgRandom in another conversation is not a resend.
    const other = newUser();
    const otherSession = await enter(d, other);
    expectOk(await send({ SessionId: otherSession, MsgRandom: 4242, MsgBody: text('only once') }));
    expect((await said(d, other)).filter((e) => e === 'ChatBot.RobotSendMsg only once')).toHaveLength(1);
  });

  it('MsgRandom missing or not a 32-bit unsigned integer → 90005, nothing written', async () => {
    const user = newUser();
    const sessionId = await enter(d, user);
    const before = await said(d, user);
    for (const random of [undefined, '123', 1.5, -1, 4294967296, null, true]) {
      expectFail(await send({ SessionId: sessionId, MsgRandom: random, MsgBody: text('x') }), 90005);
    }
    expectOk(await send({ SessionId: sessionId, MsgRandom: 0, MsgBody: text('zero is fine') }));
    expectOk(await send({ SessionId: sessionId, MsgRandom: 4294967295, MsgBody: text('max is fine') }));
    expect((await said(d, user)).slice(before.length)).toEqual(['ChatBot.RobotSendMsg zero is fine', 'ChatBot.RobotSendMsg max is fine']);
  });

  it('MsgBody missing or not an Array → 90007; a bad element → 90002; nothing written', async () => {
    const user = newUser();
    const sessionId = await enter(d, user);
    const before = await said(d, user);
    const with_ = (MsgBody: unknown) => send({ SessionId: sessionId, MsgRandom: nextRandom(), MsgBody });
    for (const body of [undefined, { MsgType: 'TIMTextElem', MsgContent: { Text: 'x' } }, 'hello', 42, null]) expectFail(await with_(body), 90007);
    for (const body of [
      [],
      [{ MsgType: 'TIMTextElem', MsgContent: {} }],
      [{ MsgType: 'TIMTextElem', MsgContent: { Text: '' } }],
      [{ MsgType: 'TIMTextElem', MsgContent: { Text: 5 } }],
      [{ MsgType: 'TIMTextElem' }],
      [{ MsgType: 'TIMTextElem', MsgContent: 'x' }],
      [{ MsgType: 'TIMVideoFileElem', MsgContent: {} }],
      [{ MsgContent: { Text: 'no type' } }],
      ['text'],
      [{ MsgType: 'TIMCustomElem', MsgContent: { Data: 7 } }],
    ]) {
      expectFail(await with_(body), 90002);
    }
    expect(await said(d, user)).toEqual(before);
  });

  it('Desk custom messages are checked: a card is fine, src 7 from the service or a malformed src 15 → 90002', async () => {
    const user = newUser();
    const sessionId = await enter(d, user);
    const before = (await said(d, user)).length;
    expectOk(await send({ SessionId: sessionId, MsgRandom: nextRandom(), MsgBody: custom(CARD) }));
    const branch = { src: '15', customerServicePlugin: 0, content: { header: '请选择', items: [{ content: '退货' }, { content: '换货' }] } };
    expectOk(await send({ SessionId: sessionId, MsgRandom: nextRandom(), MsgBody: custom(branch) }));
    // An app's own custom message (not customerServicePlugin 0) passes through untouched.
    expectOk(await send({ SessionId: sessionId, MsgRandom: nextRandom(), MsgBody: custom({ businessID: 'order', orderId: 7 }) }));
    expect((await said(d, user)).slice(before)).toEqual(['ChatBot.RobotSendMsg src22', 'ChatBot.RobotSendMsg src15', expect.stringMatching(/^ChatBot\.RobotSendMsg/)]);

    for (const bad of [
      { src: '7', customerServicePlugin: 0 }, // the client's "enter" flag
      { src: '10', customerServicePlugin: 0, menuSelected: { id: '1', content: 'x', sessionId: 's' } }, // the user's rating
      { src: '15', customerServicePlugin: 0, content: { header: '请选择' } }, // no items
      { src: '15', customerServicePlugin: 0, content: { header: 1, items: [] } },
      { src: '99', customerServicePlugin: 0 },
      { src: 22, customerServicePlugin: 0, content: CARD.content },
    ]) {
      expectFail(await send({ SessionId: sessionId, MsgRandom: nextRandom(), MsgBody: custom(bad) }), 90002);
    }
    // A Desk message must be alone in its body.
    expectFail(await send({ SessionId: sessionId, MsgRandom: nextRandom(), MsgBody: [...custom(CARD), ...text('and text')] }), 90002);
    expect((await said(d, user)).length).toBe(before + 3);
  });

  it('a body over 12 KB → 93000; exactly 12 KB is accepted', async () => {
    const user = newUser();
    const sessionId = await enter(d, user);
    const overhead = JSON.stringify(text('')).length;
    const fits = 'a'.repeat(BODY_LIMIT - overhead);
    expectOk(await send({ SessionId: sessionId, MsgRandom: nextRandom(), MsgBody: text(fits) }));
    expectFail(await send({ SessionId: sessionId, MsgRandom: nextRandom(), MsgBody: text(`${fits}a`) }), 93000);
    // Bytes, not characters: 3-byte characters reach the limit sooner.
    expectFail(await send({ SessionId: sessionId, MsgRandom: nextRandom(), MsgBody: text('长'.repeat(4500)) }), 93000);
    expect((await said(d, user)).filter((e) => e.startsWith('ChatBot.RobotSendMsg a'))).toHaveLength(1);
  });

  it('a body that is not JSON → 90001', async () => {
    const sessionId = await enter(d);
    expectFail(await deskRaw(d.client, 'send_msg', `{"SessionId":"${sessionId}","MsgRandom":1,"MsgBody":[`), 90001);
    expectFail(await deskRaw(d.client, 'send_msg', 'MsgRandom=1'), 90001);
  });

  it('an unknown or ended SessionId → 141005', async () => {
    expectFail(await send({ SessionId: 'fd8a2e30-54de-4e40-bcaf-02718409c5cf', MsgRandom: nextRandom(), MsgBody: text('x') }), 141005);
    const user = newUser();
    const sessionId = await enter(d, user);
    clock.advance(601_000);
    await runTimers();
    expect((await sessionRow(d, sessionId)).state).toBe('Ended');
    const before = await said(d, user);
    expectFail(await send({ SessionId: sessionId, MsgRandom: nextRandom(), MsgBody: text('too late') }), 141005);
    expect(await said(d, user)).toEqual(before);
  });

  it('FromAccount that is not a customer-service account of this app, or incomplete addressing → 141004', async () => {
    const user = newUser();
    const other = await createRestClient(test, 'other');
    const foreignAccount = await addAccount(other);
    for (const bad of [
      { FromAccount: 'no_such_account', ToAccount: user },
      { FromAccount: foreignAccount, ToAccount: user },
      { FromAccount: user, ToAccount: ACCOUNT },
      { FromAccount: ACCOUNT, ToAccount: ACCOUNT }, // an account is not a user
      { FromAccount: ACCOUNT },
      { ToAccount: user },
      { FromAccount: ACCOUNT, ToAccount: '' },
      {},
    ]) {
      expectFail(await send({ ...bad, MsgRandom: nextRandom(), MsgBody: text('x') }), 141004);
    }
    expect(await stream(d, user)).toEqual([]);
    expect(await stream(d, ACCOUNT)).toEqual([]);
  });

  it('other bad parameters → 141004', async () => {
    const sessionId = await enter(d);
    for (const bad of [
      { SessionId: 123 },
      { SessionId: sessionId, ExcludeFromUserRespTimeout: 2 },
      { SessionId: sessionId, ExcludeFromUserRespTimeout: '1' },
      { SessionId: sessionId, CloudCustomData: 5 },
    ]) {
      expectFail(await send({ MsgRandom: nextRandom(), MsgBody: text('x'), ...bad }), 141004);
    }
  });

  it('concurrent sends: one session for a new user, one message per MsgRandom, every message kept', async () => {
    const user = newUser();
    const same = { FromAccount: ACCOUNT, ToAccount: user, MsgRandom: nextRandom(), MsgBody: text('same') };
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => send(same)),
      ...Array.from({ length: 6 }, (_, i) => send({ FromAccount: ACCOUNT, ToAccount: user, MsgRandom: nextRandom(), MsgBody: text(`distinct ${i}`) })),
    ]);
    for (const res of results) expectOk(res);
    const events = await said(d, user);
    expect(events.filter((e) => e === 'SessionBegin')).toHaveLength(1);
    expect(events.filter((e) => e === 'ChatBot.RobotSendMsg same')).toHaveLength(1);
    expect(events.filter((e) => e.startsWith('ChatBot.RobotSendMsg distinct')).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `ChatBot.RobotSendMsg distinct ${i}`));
    expect((await stream(d, user)).map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it('src 12 (typing) is signalled, not stored', async () => {
    const user = newUser();
    const sessionId = await enter(d, user);
    const before = await said(d, user);
    expectOk(await send({ SessionId: sessionId, MsgRandom: nextRandom(), MsgBody: custom({ src: '12', customerServicePlugin: 0 }) }));
    expect(await said(d, user)).toEqual(before);
  });

  describe('the user-reply timeout', () => {
    it('a message arms it (UserTimeout from now); with ExcludeFromUserRespTimeout=1 the running countdown is left as it was', async () => {
      const user = newUser();
      const sessionId = await enter(d, user);
      const start = clock.now().getTime();
      expect((await sessionRow(d, sessionId)).timeoutAt?.getTime()).toBe(start + 600_000);

      clock.advance(300_000);
      expectOk(await send({ SessionId: sessionId, MsgRandom: nextRandom(), MsgBody: text('not counted'), ExcludeFromUserRespTimeout: 1 }));
      expect((await sessionRow(d, sessionId)).timeoutAt?.getTime()).toBe(start + 600_000);

      clock.advance(100_000);
      expectOk(await send({ SessionId: sessionId, MsgRandom: nextRandom(), MsgBody: text('counted'), ExcludeFromUserRespTimeout: 0 }));
      expect((await sessionRow(d, sessionId)).timeoutAt?.getTime()).toBe(start + 400_000 + 600_000);

      // The countdown from the counted message ends the session, not the one from the start.
      clock.advance(250_000); // start + 650 s
      await runTimers();
      expect((await sessionRow(d, sessionId)).state).toBe('Chatbot');
      clock.advance(360_000); // start + 1010 s
      await runTimers();
      expect((await sessionRow(d, sessionId)).state).toBe('Ended');
    });

    it('after the user answered (no countdown), an excluded message starts none, a counted one does', async () => {
      const accountId = await addAccount(d.client, { ChatbotDisabled: 1, UserTimeout: 60 });
      const user = newUser();
      await say(d, user, 'hello', accountId); // opens the session; the user spoke last
      const sessionId = (await desk(d.client, 'get_session_state', { ClientUserId: user, CustomerServiceId: accountId })).SessionId;
      expect((await sessionRow(d, sessionId)).timeoutAt).toBeNull();

      expectOk(await send({ SessionId: sessionId, MsgRandom: nextRandom(), MsgBody: text('fyi'), ExcludeFromUserRespTimeout: 1 }));
      expect((await sessionRow(d, sessionId)).timeoutAt).toBeNull();
      clock.advance(3_600_000);
      await runTimers();
      expect((await sessionRow(d, sessionId)).state).toBe('Chatbot');

      expectOk(await send({ SessionId: sessionId, MsgRandom: nextRandom(), MsgBody: text('please answer') }));
      expect((await sessionRow(d, sessionId)).timeoutAt?.getTime()).toBe(clock.now().getTime() + 60_000);
      clock.advance(61_000);
      await runTimers();
      const ended = await sessionRow(d, sessionId);
      expect(ended).toMatchObject({ state: 'Ended', endStatus: 'ChatbotReception', timeoutAt: null });
      expect((await said(d, user, accountId)).slice(-4)).toEqual(['SessionUserTimeoutEnd', expect.stringMatching(/^SystemSendMsg /), 'SystemSendMsg src20', 'SessionEnd']);
    });
  });
});

describe('send_stream_msg and modify_msg', () => {
  let d: Desk;
  beforeAll(async () => {
    d = deskOf(test, await createRestClient(test));
  });

  const streamMsg = (body: Record<string, unknown>) => desk(d.client, 'send_stream_msg', body);
  const modify = (body: Record<string, unknown>) => desk(d.client, 'modify_msg', body);
  const runTimers = () => test.server.services.events.jobs.runDue();

  /** Events after `from` as [type, payload-subset] pairs for the stream of `msgKey`. */
  async function streamEvents(user: string, msgKey: string) {
    return (await stream(d, user))
      .filter((e) => e.payload.msgKey === msgKey)
      .map((e) => {
        if (e.type === 'StreamChunk') return [e.type, e.payload.chunk, e.payload.chunkIndex];
        if (e.type === 'StreamEnd') return [e.type, e.payload.reason];
        return [e.type, deskMessage(e.payload.msgBody as any[])];
      });
  }

  /** The stored src 31 message of a stream. */
  async function stored(sessionId: string, msgKey: string) {
    const row = (await messageRows(d, sessionId)).find((m) => m.msgKey === msgKey)!;
    return { streamOpen: row.streamOpen, message: deskMessage(row.body) };
  }

  async function start(sessionId: string, chunk: string): Promise<string> {
    const res = await streamMsg({ SessionId: sessionId, Chunk: chunk });
    expectOk(res);
    expect(typeof res.MsgKey).toBe('string');
    expect(res.MsgKey.length).toBeGreaterThan(0);
    return res.MsgKey;
  }

  /** The MsgKey of the last message event of a conversation (what the session callback carries). */
  async function lastMsgKey(user: string, type?: string): Promise<string> {
    const events = (await stream(d, user)).filter((e) => e.payload.msgKey && e.payload.msgBody && (!type || e.type === type));
    return String(events.at(-1)!.payload.msgKey);
  }

  describe('send_stream_msg', () => {
    it('the spec sequence: MsgKey from the first call, chunks appended, Finish=1 ends it; history has one cumulative src 31', async () => {
      const user = newUser();
      const sessionId = await enter(d, user);
      // First call exactly as the spec's sample spells it: lowercase sessionId.
      const first = await streamMsg({ sessionId, Chunk: 'Hello, ' });
      expectOk(first);
      const msgKey = first.MsgKey;
      expect(msgKey).toMatch(/^\d+_\d+_[0-9a-f]+$/);
      const second = await streamMsg({ SessionId: sessionId, Chunk: 'this is ', MsgKey: msgKey });
      expectOk(second);
      expect(second.MsgKey).toBe(msgKey);
      expectOk(await streamMsg({ SessionId: sessionId, Chunk: 'Tencent Cloud.', MsgKey: msgKey, Finish: 1 }));

      expect(await streamEvents(user, msgKey)).toEqual([
        ['ChatBot.RobotSendMsg', { customerServicePlugin: 0, src: '31', chunks: ['Hello, '], isFinished: 0 }],
        ['StreamChunk', 'this is ', 1],
        ['StreamChunk', 'Tencent Cloud.', 2],
        ['StreamEnd', 'finished'],
      ]);
      const res = await history(d, sessionId, { Order: 2 });
      const streamed = res.Messages.filter((m: any) => m.MsgBody[0].MsgType === 'TIMCustomElem');
      expect(streamed).toHaveLength(1);
      expect(streamed[0].FromAccountRole).toBe(2);
      expect(deskMessage(streamed[0].MsgBody)).toEqual({ customerServicePlugin: 0, src: '31', chunks: ['Hello, ', 'this is ', 'Tencent Cloud.'], isFinished: 1 });
      expect(res.Messages[0]).toBe(streamed[0]);
      expect((await stored(sessionId, msgKey)).streamOpen).toBe(false);
    });

    it('a chunk after Finish → 141026 and changes nothing; Finish=1 on the first call makes a finished one-chunk message', async () => {
      const user = newUser();
      const sessionId = await enter(d, user);
      const msgKey = await start(sessionId, 'a');
      expectOk(await streamMsg({ SessionId: sessionId, Chunk: 'b', MsgKey: msgKey, Finish: 1 }));
      const before = await stream(d, user);
      expectFail(await streamMsg({ SessionId: sessionId, Chunk: 'c', MsgKey: msgKey }), 141026);
      expectFail(await streamMsg({ SessionId: sessionId, Chunk: 'c', MsgKey: msgKey, Finish: 1 }), 141026);
      expect(await stream(d, user)).toEqual(before);
      expect((await stored(sessionId, msgKey)).message.chunks).toEqual(['a', 'b']);

      const single = await streamMsg({ SessionId: sessionId, Chunk: 'all at once', Finish: 1 });
      expectOk(single);
      expect(await stored(sessionId, single.MsgKey)).toEqual({ streamOpen: false, message: { customerServicePlugin: 0, src: '31', chunks: ['all at once'], isFinished: 1 } });
      expectFail(await streamMsg({ SessionId: sessionId, Chunk: 'more', MsgKey: single.MsgKey }), 141026);
    });

    it('an empty final Chunk just finishes the stream (how token streams usually end)', async () => {
      const user = newUser();
      const sessionId = await enter(d, user);
      const msgKey = await start(sessionId, 'done');
      expectOk(await streamMsg({ SessionId: sessionId, Chunk: '', MsgKey: msgKey, Finish: 1 }));
      expect(await stored(sessionId, msgKey)).toEqual({ streamOpen: false, message: { customerServicePlugin: 0, src: '31', chunks: ['done', ''], isFinished: 1 } });
      expect((await streamEvents(user, msgKey)).slice(-2)).toEqual([
        ['StreamChunk', '', 1],
        ['StreamEnd', 'finished'],
      ]);
    });

    it("an unknown MsgKey, another session's MsgKey, or a MsgKey that is not a stream → 141004", async () => {
      const user = newUser();
      const sessionId = await enter(d, user);
      const otherUser = newUser();
      const otherSession = await enter(d, otherUser);
      const othersKey = await start(otherSession, 'theirs');
      expectFail(await streamMsg({ SessionId: sessionId, Chunk: 'x', MsgKey: '124_1600045926_716f784b2bbd6ce9415027715' }), 141004);
      expectFail(await streamMsg({ SessionId: sessionId, Chunk: 'x', MsgKey: othersKey }), 141004);
      await sendText(d, sessionId, 'plain text');
      expectFail(await streamMsg({ SessionId: sessionId, Chunk: 'x', MsgKey: await lastMsgKey(user) }), 141004);
      expect((await stored(otherSession, othersKey)).message.chunks).toEqual(['theirs']);
    });

    it('an unfinished stream is closed by the 60 s idle timeout: StreamEnd timeout, isFinished 1; each chunk restarts the wait', async () => {
      const user = newUser();
      const sessionId = await enter(d, user);
      const msgKey = await start(sessionId, 'thinking');
      clock.advance(50_000);
      expectOk(await streamMsg({ SessionId: sessionId, Chunk: ' still', MsgKey: msgKey }));
      clock.advance(50_000); // 100 s after the start, 50 s after the last chunk
      await runTimers();
      expect((await stored(sessionId, msgKey)).streamOpen).toBe(true);
      clock.advance(11_000);
      await runTimers();
      expect(await stored(sessionId, msgKey)).toEqual({ streamOpen: false, message: { customerServicePlugin: 0, src: '31', chunks: ['thinking', ' still'], isFinished: 1 } });
      expect((await streamEvents(user, msgKey)).slice(1)).toEqual([
        ['StreamChunk', ' still', 1],
        ['StreamEnd', 'timeout'],
      ]);
      expectFail(await streamMsg({ SessionId: sessionId, Chunk: 'late', MsgKey: msgKey, Finish: 1 }), 141026);
      expect((await sessionRow(d, sessionId)).state).toBe('Chatbot');
    });

    it('concurrent chunks are appended one at a time: gapless chunkIndex, stored chunks in the same order', async () => {
      const user = newUser();
      const sessionId = await enter(d, user);
      const msgKey = await start(sessionId, 'c0');
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => streamMsg({ SessionId: sessionId, Chunk: `c${i + 1}`, MsgKey: msgKey })));
      for (const res of results) expectOk(res);
      expectOk(await streamMsg({ SessionId: sessionId, Chunk: 'end', MsgKey: msgKey, Finish: 1 }));
      const chunks = (await streamEvents(user, msgKey)).filter(([type]) => type === 'StreamChunk');
      expect(chunks.map(([, , index]) => index)).toEqual(Array.from({ length: 9 }, (_, i) => i + 1));
      const { message } = await stored(sessionId, msgKey);
      expect(message.chunks).toEqual(['c0', ...chunks.map(([, chunk]) => chunk)]);
      expect([...message.chunks].sort()).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'end']);
    });

    it('a finished stream is not touched by its old timer', async () => {
      const user = newUser();
      const sessionId = await enter(d, user);
      const msgKey = await start(sessionId, 'x');
      expectOk(await streamMsg({ SessionId: sessionId, Chunk: 'y', MsgKey: msgKey, Finish: 1 }));
      clock.advance(120_000);
      await runTimers();
      expect((await streamEvents(user, msgKey)).filter(([type]) => type === 'StreamEnd')).toEqual([['StreamEnd', 'finished']]);
    });

    it('a message that would exceed 12 KB in total → 93000; the stream keeps what it had and can still finish', async () => {
      const user = newUser();
      const sessionId = await enter(d, user);
      const part = 'x'.repeat(5_000);
      const msgKey = await start(sessionId, part);
      expectOk(await streamMsg({ SessionId: sessionId, Chunk: part, MsgKey: msgKey }));
      expectFail(await streamMsg({ SessionId: sessionId, Chunk: part, MsgKey: msgKey }), 93000);
      expect((await stored(sessionId, msgKey)).message.chunks).toEqual([part, part]);
      expectOk(await streamMsg({ SessionId: sessionId, Chunk: '.', MsgKey: msgKey, Finish: 1 }));
      expect((await stored(sessionId, msgKey)).message).toMatchObject({ chunks: [part, part, '.'], isFinished: 1 });
      // A single chunk that is too large on its own is the same error, whatever its length.
      expectFail(await streamMsg({ SessionId: sessionId, Chunk: 'y'.repeat(BODY_LIMIT) }), 93000);
      expectFail(await streamMsg({ SessionId: sessionId, Chunk: 'y'.repeat(BODY_LIMIT + 1) }), 93000);
      expectFail(await streamMsg({ SessionId: sessionId, Chunk: 'y'.repeat(100_000) }), 93000);
    });

    it('an unknown or ended session → 141005', async () => {
      expectFail(await streamMsg({ SessionId: 'fd8a2e30-54de-4e40-bcaf-02718409c5cf', Chunk: 'x' }), 141005);
      const user = newUser();
      const sessionId = await enter(d, user);
      const msgKey = await start(sessionId, 'open');
      clock.advance(601_000);
      await runTimers();
      expect((await sessionRow(d, sessionId)).state).toBe('Ended');
      expectFail(await streamMsg({ SessionId: sessionId, Chunk: 'x' }), 141005);
      expectFail(await streamMsg({ SessionId: sessionId, Chunk: 'x', MsgKey: msgKey, Finish: 1 }), 141005);
    });

    it('missing or mistyped fields → 141004; a body that is not JSON → 90001', async () => {
      const sessionId = await enter(d);
      for (const bad of [
        { Chunk: 'x' },
        { SessionId: sessionId },
        { SessionId: sessionId, Chunk: 5 },
        { SessionId: sessionId, Chunk: 'x', Finish: 2 },
        { SessionId: sessionId, Chunk: 'x', Finish: true },
        { SessionId: sessionId, Chunk: 'x', MsgKey: 12 },
      ]) {
        expectFail(await streamMsg(bad), 141004);
      }
      expectFail(await deskRaw(d.client, 'send_stream_msg', `{"SessionId":"${sessionId}","Chunk":"x"`), 90001);
    });
  });

  describe('modify_msg', () => {
    it('edits a robot answer: MessageModified carries the new body; history shows it in place', async () => {
      const user = newUser();
      const sessionId = await enter(d, user);
      await say(d, user, '随便问问');
      const msgKey = await lastMsgKey(user, 'ChatBot.RobotSendMsg');
      const before = (await history(d, sessionId)).Messages;
      const res = await modify({ SessionId: sessionId, MsgKey: msgKey, MsgBody: text('edited answer'), CloudCustomData: 'v2' });
      expectOk(res);
      const last = (await stream(d, user)).at(-1)!;
      expect(last.type).toBe('MessageModified');
      expect(last.payload).toMatchObject({ sessionId, msgKey, msgBody: text('edited answer'), cloudCustomData: 'v2' });
      const after = (await history(d, sessionId)).Messages;
      expect(after).toHaveLength(before.length);
      const index = before.findIndex((m: any) => m.MsgKey === msgKey);
      expect(index).toBeGreaterThan(0);
      expect(after[index]).toEqual({ ...before[index], MsgBody: text('edited answer'), CloudCustomData: 'v2' });
      expect(after.filter((_: unknown, i: number) => i !== index)).toEqual(before.filter((_: unknown, i: number) => i !== index));
    });

    it('edits a send_msg message (keeping CloudCustomData when none is given) and a finished stream', async () => {
      const user = newUser();
      const sessionId = await enter(d, user);
      await sendText(d, sessionId, 'original', { CloudCustomData: 'keep me' });
      const msgKey = await lastMsgKey(user);
      const card = custom({ src: '22', customerServicePlugin: 0, content: { header: 'h', desc: 'd', pic: 'https://x/p.png', url: 'https://x/' } });
      expectOk(await modify({ SessionId: sessionId, MsgKey: msgKey, MsgBody: card }));
      const edited = (await history(d, sessionId)).Messages.find((m: any) => m.MsgKey === msgKey);
      expect(edited).toMatchObject({ MsgBody: card, CloudCustomData: 'keep me' });

      const streamKey = await start(sessionId, 'draft');
      expectOk(await streamMsg({ SessionId: sessionId, Chunk: '!', MsgKey: streamKey, Finish: 1 }));
      expectOk(await modify({ SessionId: sessionId, MsgKey: streamKey, MsgBody: text('final wording') }));
      expect((await history(d, sessionId)).Messages.find((m: any) => m.MsgKey === streamKey).MsgBody).toEqual(text('final wording'));
    });

    it("a user's message, an unknown MsgKey or another session's MsgKey → 141004, nothing changes", async () => {
      const user = newUser();
      const sessionId = await enter(d, user);
      await say(d, user, 'my own words');
      const userKey = await lastMsgKey(user, 'ChatBot.UserSendMsg');
      const other = newUser();
      const otherSession = await enter(d, other);
      await sendText(d, otherSession, 'theirs');
      const othersKey = await lastMsgKey(other);
      const before = await stream(d, user);
      expectFail(await modify({ SessionId: sessionId, MsgKey: userKey, MsgBody: text('forged') }), 141004);
      expectFail(await modify({ SessionId: sessionId, MsgKey: 'k62504023_1747216201_1069_1500086333_b1b6f96511f02d56295023331', MsgBody: text('x') }), 141004);
      expectFail(await modify({ SessionId: sessionId, MsgKey: othersKey, MsgBody: text('x') }), 141004);
      expect(await stream(d, user)).toEqual(before);
      expect((await history(d, otherSession, { Order: 2, Limit: 1 })).Messages[0].MsgBody).toEqual(text('theirs'));
    });

    it('a stream still being written → 141026', async () => {
      const sessionId = await enter(d);
      const msgKey = await start(sessionId, 'partial');
      expectFail(await modify({ SessionId: sessionId, MsgKey: msgKey, MsgBody: text('x') }), 141026);
      expect((await stored(sessionId, msgKey)).message.chunks).toEqual(['partial']);
    });

    it('a bad body: not an Array → 90007, a bad element or a client-only Desk message → 90002, too large → 93000; bad JSON → 90001', async () => {
      const user = newUser();
      const sessionId = await enter(d, user);
      await sendText(d, sessionId, 'stays');
      const msgKey = await lastMsgKey(user);
      for (const body of [undefined, 'text', { MsgType: 'TIMTextElem', MsgContent: { Text: 'x' } }]) expectFail(await modify({ SessionId: sessionId, MsgKey: msgKey, MsgBody: body }), 90007);
      for (const body of [[], [{ MsgType: 'TIMTextElem', MsgContent: { Text: '' } }], [{ MsgType: 'TIMBogus', MsgContent: {} }], custom({ src: '7', customerServicePlugin: 0 })]) {
        expectFail(await modify({ SessionId: sessionId, MsgKey: msgKey, MsgBody: body }), 90002);
      }
      expectFail(await modify({ SessionId: sessionId, MsgKey: msgKey, MsgBody: text('z'.repeat(BODY_LIMIT)) }), 93000);
      expectFail(await deskRaw(d.client, 'modify_msg', `{"SessionId":"${sessionId}","MsgKey":"${msgKey}","MsgBody":[`), 90001);
      expectFail(await modify({ SessionId: sessionId, MsgBody: text('x') }), 141004);
      expectFail(await modify({ MsgKey: msgKey, MsgBody: text('x') }), 141004);
      expect((await history(d, sessionId, { Order: 2, Limit: 1 })).Messages[0].MsgBody).toEqual(text('stays'));
    });

    it("an ended session's messages can still be corrected; an unknown session → 141005", async () => {
      const user = newUser();
      const sessionId = await enter(d, user);
      await sendText(d, sessionId, 'typo');
      const msgKey = await lastMsgKey(user);
      clock.advance(601_000);
      await runTimers();
      expect((await sessionRow(d, sessionId)).state).toBe('Ended');
      expectOk(await modify({ SessionId: sessionId, MsgKey: msgKey, MsgBody: text('fixed') }));
      expect((await history(d, sessionId)).Messages.find((m: any) => m.MsgKey === msgKey).MsgBody).toEqual(text('fixed'));
      expectFail(await modify({ SessionId: 'fd8a2e30-54de-4e40-bcaf-02718409c5cf', MsgKey: msgKey, MsgBody: text('x') }), 141005);
    });
  });
});
