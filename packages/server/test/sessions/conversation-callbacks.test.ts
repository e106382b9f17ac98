import { DESK_SESSION_EVENTS } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { deliver } from '../callbacks/fixture.ts';
import { startReceiver, type Receiver } from '../callbacks/receiver.ts';
import { createApiClient, createRestClient, startTestServer, type TestServer } from '../harness.ts';
import { ACCOUNT, desk, deskOf, enter, expectFail, expectOk, nextRandom, say, sendText, stream, text, type Desk } from './helpers.ts';

// Retries of one event are covered by test/callbacks/delivery.test.ts; this is the conversation-level
// case: a whole robot conversation, driven through the customer service and the REST commands, gives
// exactly one successful delivery per Desk event, in log order, even when deliveries fail and retry.

describe('callbacks of a whole robot conversation', () => {
  let test: TestServer;
  let clock: ManualClock;
  let d: Desk;
  let hook: Receiver;

  beforeAll(async () => {
    clock = new ManualClock(new Date('2026-03-01T08:00:00Z'));
    test = await startTestServer({ clock, config: { allowPrivateOutbound: true } });
    d = deskOf(test, await createRestClient(test));
    hook = await startReceiver();
    const saved = await createApiClient(test, d.client).request('PUT', '/callbacks', { url: hook.url, enabled: true });
    expect(saved.status).toBe(200);
  });
  afterAll(async () => {
    await hook?.close();
    await test?.close();
  });

  it('one delivery per Desk event, none for Parley-only events, no duplicates after failures and re-dispatch', async () => {
    const user = 'caller';
    hook.script(500, 500, 503); // the first three requests fail
    const sessionId = await enter(d, user);
    await say(d, user, '你们几点下班');
    await sendText(d, sessionId, 'A note from the business server');
    const started = await desk(d.client, 'send_stream_msg', { SessionId: sessionId, Chunk: 'streamed ' });
    expectOk(started);
    expectOk(await desk(d.client, 'send_stream_msg', { SessionId: sessionId, Chunk: 'answer', MsgKey: started.MsgKey, Finish: 1 }));
    expectOk(await desk(d.client, 'modify_msg', { SessionId: sessionId, MsgKey: started.MsgKey, MsgBody: text('edited') }));
    expectFail(await desk(d.client, 'transfer_to_human', { SessionId: sessionId, SendTipIfNoAgentOnline: 1 }), 141001);
    // A resend is not a new event.
    const resend = { SessionId: sessionId, MsgRandom: nextRandom(), MsgBody: text('sent twice') };
    expectOk(await desk(d.client, 'send_msg', resend));
    expectOk(await desk(d.client, 'send_msg', resend));
    clock.advance(601_000);
    await test.server.services.events.jobs.runDue(); // the user-reply timeout ends the session

    const log = await stream(d, user);
    const deskEvents = log.filter((e) => (DESK_SESSION_EVENTS as readonly string[]).includes(e.type));
    expect(deskEvents.map((e) => e.type)).toEqual([
      'SessionBegin',
      'ChatBot.UserSendMsg', // src 7
      'ChatBot.UserSendMsg',
      'ChatBot.RobotSendMsg', // the robot's answer
      'ChatBot.RobotSendMsg', // send_msg
      'ChatBot.RobotSendMsg', // the stream's first chunk
      'TransferringToHuman',
      'NoAgentOnline',
      'ChatBot.RobotSendMsg', // "sent twice", once
      'SessionUserTimeoutEnd',
      'SessionEnd',
    ]);
    expect(log.map((e) => e.type)).toEqual(expect.arrayContaining(['SystemSendMsg', 'StreamChunk', 'StreamEnd', 'MessageModified']));

    await deliver(test, clock, d.appId, 5);
    const failed = hook.received.slice(0, 3);
    const succeeded = hook.received.slice(3);
    const idsOf = (requests: typeof hook.received) => requests.map((r) => Number(r.headers['x-parley-event-id']));

    // Exactly one successful delivery per Desk event, and the failed ones are among them (same event id).
    expect(idsOf(succeeded).sort((a, b) => a - b)).toEqual(deskEvents.map((e) => e.id));
    expect(idsOf(succeeded)).toEqual(expect.arrayContaining(idsOf(failed)));
    const byId = [...succeeded].sort((a, b) => Number(a.headers['x-parley-event-id']) - Number(b.headers['x-parley-event-id']));
    expect(byId.map((r) => r.body.Event)).toEqual(deskEvents.map((e) => e.type));
    for (const r of byId) {
      expect(r.body).toMatchObject({ CallbackCommand: 'Desk.SessionEventNotify', SessionId: sessionId, ClientUserId: user, CustomerServiceId: ACCOUNT, ChannelType: 'SDK' });
    }
    const event = (id: number) => deskEvents.find((e) => e.id === id)!;
    for (const r of byId) expect(r.body.EventTime).toBe(event(Number(r.headers['x-parley-event-id'])).at.getTime());
    // Message events carry their MsgKey and body; the stream's is the first chunk as sent.
    const streamCallback = byId.find((r) => r.body.MsgKey === started.MsgKey)!;
    expect(JSON.parse(streamCallback.body.MsgBody[0].MsgContent.Data)).toMatchObject({ src: '31', chunks: ['streamed '], isFinished: 0 });
    expect(byId.filter((r) => r.body.MsgBody?.[0]?.MsgContent?.Text === 'sent twice')).toHaveLength(1);

    // Nothing more arrives: the cursor settles and no event is handed over twice.
    const count = hook.received.length;
    await deliver(test, clock, d.appId, 3);
    await test.server.services.callbacks.dispatcher.sweep();
    await deliver(test, clock, d.appId, 2);
    expect(hook.received).toHaveLength(count);

    const deliveries = await createApiClient(test, d.client).request('GET', '/callbacks/deliveries?status=delivered');
    expect(deliveries.body.total).toBe(deskEvents.length);
  });
});
