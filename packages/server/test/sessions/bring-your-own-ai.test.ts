import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount } from '../accounts/helpers.ts';
import { createApiClient, createRestClient, startTestServer, type TestServer } from '../harness.ts';
import { startAiReceiver, type AiReceiver, type Delivery } from './ai-receiver.ts';
import { deskMessage, deskOf, desk, expectFail, expectOk, history, nextRandom, said, stream, text, waitFor, type Desk } from './helpers.ts';

// Spec 03 §5 "bring your own AI": an account with its robot disabled, the app's Desk.SessionEventNotify
// callback pointed at the business server, which answers each ChatBot.UserSendMsg through send_msg or
// send_stream_msg. Real clock and a running job poller: deliveries happen on their own.

const AI_ACCOUNT = 'byo_ai';
const STREAMED = ['Part one, ', 'part two, ', 'part three.'];

describe('bring your own AI through the session callback and the message commands', () => {
  let test: TestServer;
  let d: Desk;
  let ai: AiReceiver;

  const userMessages = (delivery: Delivery) => delivery.body.Event === 'ChatBot.UserSendMsg' && delivery.body.MsgBody?.[0]?.MsgType === 'TIMTextElem';

  beforeAll(async () => {
    test = await startTestServer({ config: { allowPrivateOutbound: true, jobPollMs: 20 } });
    d = deskOf(test, await createRestClient(test));
    await addAccount(d.client, { IMAgentUserID: AI_ACCOUNT, ChatbotDisabled: 1, WelcomeMessage: 'Hi, I am your own AI.' });

    // The business server: answers "stream …" questions with a stream, everything else with send_msg.
    ai = await startAiReceiver(async (delivery) => {
      const { body } = delivery;
      if (!userMessages(delivery) || body.CustomerServiceId !== AI_ACCOUNT) return;
      const question: string = body.MsgBody[0].MsgContent.Text;
      if (!question.startsWith('stream')) {
        expectOk(await desk(d.client, 'send_msg', { SessionId: body.SessionId, MsgRandom: nextRandom(), MsgBody: text(`Answer to: ${question}`), CloudCustomData: `re:${body.MsgKey}` }));
        return;
      }
      const first = await desk(d.client, 'send_stream_msg', { SessionId: body.SessionId, Chunk: STREAMED[0] });
      expectOk(first);
      expectOk(await desk(d.client, 'send_stream_msg', { SessionId: body.SessionId, Chunk: STREAMED[1], MsgKey: first.MsgKey }));
      expectOk(await desk(d.client, 'send_stream_msg', { SessionId: body.SessionId, Chunk: STREAMED[2], MsgKey: first.MsgKey, Finish: 1 }));
    });
    const saved = await createApiClient(test, d.client).request('PUT', '/callbacks', { url: `${ai.url}?token=t0k3n`, enabled: true });
    expect(saved.status).toBe(200);
    ai.secret = saved.body.secret;
  });
  afterAll(async () => {
    await ai?.close();
    await test?.close();
  });

  it('answers with send_msg, then streams an answer; the robot never speaks; the callbacks carry usable MsgKeys', async () => {
    const user = 'byo-user';
    const { conversations } = test.server.services;
    const entered = await conversations.enter({ appId: d.appId, accountId: AI_ACCOUNT, userId: user });
    const q1 = await conversations.customerSend({ appId: d.appId, accountId: AI_ACCOUNT, userId: user, msgRandom: 'q1', body: text('How much is shipping?') });
    await waitFor('the answer to the first question', async () => (await said(d, user, AI_ACCOUNT)).includes('ChatBot.RobotSendMsg Answer to: How much is shipping?'));
    const q2 = await conversations.customerSend({ appId: d.appId, accountId: AI_ACCOUNT, userId: user, msgRandom: 'q2', body: text('stream me the returns policy') });
    await waitFor('the end of the streamed answer', async () => (await stream(d, user, AI_ACCOUNT)).some((e) => e.type === 'StreamEnd'));
    await ai.idle();
    expect(ai.errors).toEqual([]);
    expect(q1.sessionId).toBe(entered.sessionId);
    expect(q2.sessionId).toBe(entered.sessionId);

    // The customer's conversation, in order: questions and answers, and nothing from the robot.
    expect(await said(d, user, AI_ACCOUNT)).toEqual([
      'SessionBegin',
      'SystemSendMsg Hi, I am your own AI.',
      'ChatBot.UserSendMsg src7',
      'SystemSendMsg src23',
      'SystemSendMsg src26',
      'ChatBot.UserSendMsg How much is shipping?',
      'ChatBot.RobotSendMsg Answer to: How much is shipping?',
      'ChatBot.UserSendMsg stream me the returns policy',
      'ChatBot.RobotSendMsg src31',
      'StreamChunk',
      'StreamChunk',
      'StreamEnd',
    ]);
    const events = await stream(d, user, AI_ACCOUNT);
    expect(events.filter((e) => e.type === 'StreamChunk').map((e) => [e.payload.chunk, e.payload.chunkIndex])).toEqual([
      [STREAMED[1], 1],
      [STREAMED[2], 2],
    ]);
    expect(events.find((e) => e.type === 'StreamEnd')!.payload.reason).toBe('finished');
    expect(events.filter((e) => e.type === 'ChatBot.RobotSendMsg').every((e) => e.payload.fromAccountRole === 2)).toBe(true);

    const messages = (await history(d, entered.sessionId, { Order: 1 })).Messages;
    expect(messages.map((m: any) => m.FromAccountRole)).toEqual([3, 1, 2, 1, 2]);
    expect(deskMessage(messages[4].MsgBody)).toEqual({ customerServicePlugin: 0, src: '31', chunks: STREAMED, isFinished: 1 });

    // What the business server received: signed Desk.SessionEventNotify requests, each event once.
    await waitFor('the callback of the streamed answer', () => ai.deliveries.some((x) => x.body.Event === 'ChatBot.RobotSendMsg' && x.body.MsgBody[0].MsgType === 'TIMCustomElem'));
    const mine = ai.deliveries.filter((x) => x.body.ClientUserId === user);
    expect(mine.every((x) => x.signed)).toBe(true);
    expect(new Set(mine.map((x) => x.eventId)).size).toBe(mine.length);
    expect(mine.every((x) => x.query.get('token') === 't0k3n' && x.query.get('CallbackCommand') === 'Desk.SessionEventNotify' && x.query.get('SdkAppid') === String(d.appId))).toBe(true);
    const questions = mine.filter(userMessages);
    expect(questions.map((x) => [x.body.SessionId, x.body.CustomerServiceId, x.body.MsgKey, x.body.MsgBody[0].MsgContent.Text])).toEqual([
      [entered.sessionId, AI_ACCOUNT, q1.msgKey, 'How much is shipping?'],
      [entered.sessionId, AI_ACCOUNT, q2.msgKey, 'stream me the returns policy'],
    ]);
    const answer = mine.find((x) => x.body.Event === 'ChatBot.RobotSendMsg' && x.body.MsgBody[0].MsgType === 'TIMTextElem')!;
    expect(answer.body).toMatchObject({ SessionId: entered.sessionId, MsgBody: text('Answer to: How much is shipping?'), CloudCustomData: `re:${q1.msgKey}` });
    const streamed = mine.find((x) => x.body.Event === 'ChatBot.RobotSendMsg' && x.body.MsgBody[0].MsgType === 'TIMCustomElem')!;
    expect(deskMessage(streamed.body.MsgBody)).toMatchObject({ src: '31', chunks: [STREAMED[0]], isFinished: 0 });

    // The callback's MsgKey is what modify_msg takes (spec 05 §4.3): the business server corrects its answer.
    expectOk(await desk(d.client, 'modify_msg', { SessionId: answer.body.SessionId, MsgKey: answer.body.MsgKey, MsgBody: text('Shipping is free.') }));
    const modified = (await stream(d, user, AI_ACCOUNT)).at(-1)!;
    expect(modified).toMatchObject({ type: 'MessageModified', payload: { msgKey: answer.body.MsgKey, msgBody: text('Shipping is free.') } });
    expect((await history(d, entered.sessionId, { Order: 1 })).Messages[2]).toMatchObject({ MsgKey: answer.body.MsgKey, MsgBody: text('Shipping is free.') });
    // The stream's MsgKey from the callback edits the finished stream too; the user's own message cannot be edited.
    expectOk(await desk(d.client, 'modify_msg', { SessionId: streamed.body.SessionId, MsgKey: streamed.body.MsgKey, MsgBody: text('Returns within 30 days.') }));
    expectFail(await desk(d.client, 'modify_msg', { SessionId: entered.sessionId, MsgKey: questions[0].body.MsgKey, MsgBody: text('forged') }), 141004);
    // Edits are Parley's own events: no callback for them.
    await ai.idle();
    expect(ai.deliveries.map((x) => x.body.Event)).not.toContain('MessageModified');
  });
});
