import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/callbacks/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { createCallbackApp, deliver } from './fixture.ts';
import { startReceiver, type Receiver } from './receiver.ts';

describe('session event callbacks', () => {
  let test: TestServer;
  let clock: ManualClock;
  const receivers: Receiver[] = [];
  const receiver = async () => {
    const r = await startReceiver();
    receivers.push(r);
    return r;
  };

  beforeAll(async () => {
    clock = new ManualClock(new Date('2026-03-01T08:00:00Z'));
    test = await startTestServer({ clock, config: { allowPrivateOutbound: true } });
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await test?.close();
  });

  it('posts a ChatBot.UserSendMsg event exactly as Desk.SessionEventNotify, signed', async () => {
    const app = await createCallbackApp(test);
    const hook = await receiver();
    const { secret } = await app.configure({ url: `${hook.url}?token=abc`, enabled: true });
    const msgBody = [{ MsgType: 'TIMTextElem' as const, MsgContent: { Text: '请问如何申请退费?' } }];
    const eventId = await app.append('ChatBot.UserSendMsg', { sessionId: 's-42', msgKey: '152_1600012345_abcdefg', msgBody, cloudCustomData: 'custom' });
    await deliver(test, clock, app.appId);

    expect(hook.received).toHaveLength(1);
    const [request] = hook.received;
    expect(Object.fromEntries(request.url.searchParams)).toEqual({
      token: 'abc',
      SdkAppid: String(app.appId),
      CallbackCommand: 'Desk.SessionEventNotify',
      contenttype: 'json',
      ClientIP: '',
      OptPlatform: 'RESTAPI',
    });
    expect(request.raw).toBe(
      JSON.stringify({
        CallbackCommand: 'Desk.SessionEventNotify',
        SessionId: 's-42',
        Event: 'ChatBot.UserSendMsg',
        EventTime: new Date('2026-03-01T08:00:00Z').getTime(),
        ChannelType: 'SDK',
        ClientUserId: 'user-1',
        CustomerServiceId: '@customer_service_account',
        AgentId: '',
        MsgKey: '152_1600012345_abcdefg',
        MsgBody: msgBody,
        CloudCustomData: 'custom',
        IsContactUser: false,
        SatisfactionSelected: 0,
        ForwardFromAgentId: '',
      }),
    );
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.headers['x-parley-event-id']).toBe(String(eventId));
    const timestamp = String(request.headers['x-parley-timestamp']);
    expect(timestamp).toBe(String(Math.floor(new Date('2026-03-01T08:00:00Z').getTime() / 1000)));
    expect(verifySignature(secret, timestamp, request.raw, String(request.headers['x-parley-signature']))).toBe(true);
    expect(verifySignature(secret, timestamp, request.raw.replace('s-42', 's-43'), String(request.headers['x-parley-signature']))).toBe(false);
  });

  it('emits every key on other events, omitting MsgBody when there is no message', async () => {
    const app = await createCallbackApp(test);
    const hook = await receiver();
    await app.configure({ url: hook.url, enabled: true });
    await app.append('AgentForward', { agentId: 'b@x.com', forwardFromAgentId: 'a@x.com', isContactUser: true, channelType: 'Web(H5)' });
    await app.append('SatisfactionSelected', { agentId: 'b@x.com', satisfactionSelected: 5 });
    await deliver(test, clock, app.appId);
    const [forward, rating] = hook.received.map((r) => r.body);
    expect(Object.keys(forward)).toEqual([
      'CallbackCommand',
      'SessionId',
      'Event',
      'EventTime',
      'ChannelType',
      'ClientUserId',
      'CustomerServiceId',
      'AgentId',
      'MsgKey',
      'CloudCustomData',
      'IsContactUser',
      'SatisfactionSelected',
      'ForwardFromAgentId',
    ]);
    expect(forward).toMatchObject({ Event: 'AgentForward', ChannelType: 'Web(H5)', AgentId: 'b@x.com', ForwardFromAgentId: 'a@x.com', IsContactUser: true, MsgKey: '' });
    expect(rating).toMatchObject({ Event: 'SatisfactionSelected', SatisfactionSelected: 5, ForwardFromAgentId: '' });
  });

  it("skips Parley's own events but moves past them", async () => {
    const app = await createCallbackApp(test);
    const hook = await receiver();
    await app.configure({ url: hook.url, enabled: true });
    await app.append('StreamChunk');
    await app.append('SessionBegin');
    await app.append('MessageModified');
    await app.append('SessionEnd');
    await deliver(test, clock, app.appId);
    expect(hook.received.map((r) => r.body.Event)).toEqual(['SessionBegin', 'SessionEnd']);
    await deliver(test, clock, app.appId, 2); // the cursor settles; nothing is sent again
    expect(hook.received).toHaveLength(2);
  });

  it('retries a failing receiver with the same event id and logs every attempt', async () => {
    const app = await createCallbackApp(test);
    const hook = await receiver();
    await app.configure({ url: hook.url, enabled: true });
    hook.script(500, 503);
    const eventId = await app.append('SessionBegin');
    await deliver(test, clock, app.appId, 4);
    expect(hook.received.map((r) => r.headers['x-parley-event-id'])).toEqual([String(eventId), String(eventId), String(eventId)]);
    const log = await app.api.request('GET', '/callbacks/deliveries');
    expect(log.status).toBe(200);
    expect(log.body.total).toBe(3);
    expect(log.body.items.map((d: any) => [d.eventId, d.eventType, d.attempt, d.status, d.httpStatus, d.error])).toEqual([
      [eventId, 'SessionBegin', 3, 'delivered', 200, null],
      [eventId, 'SessionBegin', 2, 'retrying', 503, 'HTTP 503'],
      [eventId, 'SessionBegin', 1, 'retrying', 500, 'HTTP 500'],
    ]);
    expect(log.body.items[0].durationMs).toBeGreaterThanOrEqual(0);
  });

  it('gives up after the last attempt, and a retry delivers it once the receiver is back', async () => {
    const app = await createCallbackApp(test);
    const hook = await receiver();
    await hook.close(); // down for good: connections are refused
    await app.configure({ url: hook.url, enabled: true });
    const eventId = await app.append('NoAgentOnline');
    await deliver(test, clock, app.appId, 12);
    const failed = await app.api.request('GET', '/callbacks/deliveries?status=failed');
    expect(failed.body.items).toHaveLength(1);
    expect(failed.body.items[0]).toMatchObject({ eventId, attempt: 8, status: 'failed', httpStatus: null });
    expect(failed.body.items[0].error).toContain('ECONNREFUSED');
    expect((await app.api.request('GET', '/callbacks/deliveries?status=retrying')).body.total).toBe(7);

    const back = await receiver();
    await app.configure({ url: back.url, enabled: true });
    expect((await app.api.request('POST', `/callbacks/deliveries/${eventId}/retry`)).body).toEqual({ ok: true });
    await deliver(test, clock, app.appId);
    expect(back.received.map((r) => r.headers['x-parley-event-id'])).toEqual([String(eventId)]);
    const again = await app.api.request('POST', `/callbacks/deliveries/${eventId}/retry`);
    expect(again.status).toBe(400);
    expect(again.body.error.message).toBe(`The delivery of event ${eventId} is delivered; only failed deliveries can be retried`);
    expect((await app.api.request('POST', '/callbacks/deliveries/999999/retry')).status).toBe(404);
  });

  it('delivers only the events in the filter', async () => {
    const app = await createCallbackApp(test);
    const hook = await receiver();
    await app.configure({ url: hook.url, enabled: true, events: ['SessionEnd', 'Human.AgentSendMsg'] });
    for (const type of ['SessionBegin', 'Human.AgentSendMsg', 'ChatBot.UserSendMsg', 'SessionEnd']) await app.append(type);
    await deliver(test, clock, app.appId);
    expect(hook.received.map((r) => r.body.Event)).toEqual(['Human.AgentSendMsg', 'SessionEnd']);
  });

  it('sends nothing while disabled, and enabling starts at the end of the log', async () => {
    const app = await createCallbackApp(test);
    const hook = await receiver();
    await app.configure({ url: hook.url, enabled: false });
    await app.append('SessionBegin', { sessionId: 'before' });
    await deliver(test, clock, app.appId);
    expect(hook.received).toHaveLength(0);

    await app.configure({ url: hook.url, enabled: true });
    await app.append('SessionBegin', { sessionId: 'after' });
    await deliver(test, clock, app.appId);
    expect(hook.received.map((r) => r.body.SessionId)).toEqual(['after']);

    // Disabled with a delivery still queued: the queued job ends without sending.
    hook.script(500);
    await app.append('SessionEnd', { sessionId: 'after' });
    await deliver(test, clock, app.appId);
    await app.configure({ url: hook.url, enabled: false });
    await app.append('SessionBegin', { sessionId: 'while-off' });
    await deliver(test, clock, app.appId, 3);
    await app.configure({ url: hook.url, enabled: true });
    await deliver(test, clock, app.appId, 3);
    expect(hook.received.map((r) => r.body.SessionId)).toEqual(['after', 'after']);
  });

  it('wakes on the bus hint of an append when started', async () => {
    const app = await createCallbackApp(test);
    const hook = await receiver();
    await app.configure({ url: hook.url, enabled: true });
    const { callbacks, events } = test.server.services;
    await callbacks.dispatcher.start(60_000);
    try {
      await app.append('SessionBegin');
      for (let i = 0; i < 100 && hook.received.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        await events.jobs.runDue();
      }
      expect(hook.received.map((r) => r.body.Event)).toEqual(['SessionBegin']);
    } finally {
      await callbacks.dispatcher.stop();
    }
  });
});
