import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startServerPair, type ServerPair, type TestServer } from '../harness.ts';
import { createCallbackApp, deliver } from './fixture.ts';
import { startReceiver, type Receiver } from './receiver.ts';

// Two server processes on one database (PGlite shared in-process, or a fresh PostgreSQL database).
describe('callback delivery across processes and apps', () => {
  let clock: ManualClock;
  let pair: ServerPair;
  let a: TestServer;
  let b: TestServer;
  let hookA: Receiver;
  let hookB: Receiver;

  beforeAll(async () => {
    clock = new ManualClock(new Date('2026-04-01T00:00:00Z'));
    pair = await startServerPair({ clock, config: { allowPrivateOutbound: true } });
    ({ a, b } = pair);
    hookA = await startReceiver();
    hookB = await startReceiver();
  });
  afterAll(async () => {
    await hookA?.close();
    await hookB?.close();
    await pair?.close();
  });

  it('delivers each event exactly once while both processes dispatch and deliver concurrently', async () => {
    const app = await createCallbackApp(a, 'Concurrent');
    await app.configure({ url: hookA.url, enabled: true });
    const ids: number[] = [];
    const dispatchers = [a, b].map((s) => s.server.services.callbacks.dispatcher);
    const jobs = [a, b].map((s) => s.server.services.events.jobs);
    // Appends interleave with dispatching, as they do when the bus hints arrive.
    for (let round = 0; round < 10; round++) {
      const appended = Promise.all(Array.from({ length: 6 }, (_, i) => app.append('Human.UserSendMsg', { sessionId: `s-${i}` })));
      await Promise.all([dispatchers[0].dispatchNow(app.appId), dispatchers[1].dispatchNow(app.appId), appended.then((x) => ids.push(...x))]);
      await Promise.all([jobs[0].runDue(), jobs[1].runDue(), dispatchers[1].dispatchNow(app.appId)]);
    }
    clock.advance(60_000); // past the settle window: both cursors catch up
    await Promise.all([dispatchers[0].dispatchNow(app.appId), dispatchers[1].dispatchNow(app.appId)]);
    await Promise.all([jobs[0].runDue(), jobs[1].runDue()]);
    await Promise.all([dispatchers[0].dispatchNow(app.appId), dispatchers[1].dispatchNow(app.appId), jobs[0].runDue(), jobs[1].runDue()]);

    const delivered = hookA.received.map((r) => Number(r.headers['x-parley-event-id']));
    expect(delivered.length).toBe(60);
    expect([...delivered].sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
  });

  it("keeps one app's settings, deliveries and events away from another's", async () => {
    const first = await createCallbackApp(a, 'First');
    const second = await createCallbackApp(b, 'Second');
    await first.configure({ url: hookB.url, enabled: true });
    await first.append('SessionBegin', { sessionId: 'first-only' });
    await second.append('SessionBegin', { sessionId: 'second-no-callback' });
    await deliver(a, clock, first.appId);
    await deliver(b, clock, second.appId);
    expect(hookB.received.map((r) => [r.url.searchParams.get('SdkAppid'), r.body.SessionId])).toEqual([[String(first.appId), 'first-only']]);
    expect((await first.api.request('GET', '/callbacks/deliveries')).body.total).toBe(1);
    expect((await second.api.request('GET', '/callbacks/deliveries')).body.total).toBe(0);
    expect((await second.api.request('GET', '/callbacks')).body.url).toBeNull();
    const eventId = (await first.api.request('GET', '/callbacks/deliveries')).body.items[0].eventId;
    expect((await second.api.request('POST', `/callbacks/deliveries/${eventId}/retry`)).status).toBe(404);
  });
});
