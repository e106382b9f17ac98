import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsumerHandler, StoredEvent } from '../../src/events/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { startServerPair, usingRealServices, type ServerPair, type TestServer } from '../harness.ts';

// The reusable log consumer (events/log-consumer.ts) on two server processes sharing one database.
describe('log consumer', () => {
  let clock: ManualClock;
  let pair: ServerPair;
  let a: TestServer;
  let b: TestServer;
  let nextApp = 71_000;

  beforeAll(async () => {
    clock = new ManualClock(new Date('2026-05-01T00:00:00Z'));
    pair = await startServerPair({ clock });
    ({ a, b } = pair);
  });
  afterAll(() => pair?.close());

  const newApp = () => nextApp++;
  const append = (appId: number, count: number, streams = 3) =>
    a.server.services.events.log.transaction(async (tx, batch) => {
      const ids: number[] = [];
      for (let i = 0; i < count; i++) ids.push((await a.server.services.events.log.append(tx, batch, appId, `s-${i % streams}`, i % 2 ? 'Odd' : 'Even', { i })).id);
      return ids;
    });
  const consumerOn = (server: TestServer, name: string, handler: ConsumerHandler, appId?: number, batchSize = 10) =>
    server.server.services.events.consumer({ name, handler, batchSize, apps: appId === undefined ? undefined : async () => [appId] });
  const settle = () => clock.advance(60_000);

  it('hands every event over once, in id order, in batches; the cursor follows once events settle', async () => {
    const appId = newApp();
    const batches: number[][] = [];
    const consumer = consumerOn(a, 'in-order', async (events) => void batches.push(events.map((e) => e.id)), appId);
    const ids = [...(await append(appId, 17)), ...(await append(appId, 8))];

    expect(await consumer.consume(appId)).toBe(25);
    expect(batches.flat()).toEqual(ids);
    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 5]);
    // Not settled yet: the cursor stays, yet nothing is handed over twice.
    expect(await consumer.cursorOf(appId)).toBe(0);
    expect(await consumer.consume(appId)).toBe(0);

    settle();
    expect(await consumer.consume(appId)).toBe(0);
    expect(await consumer.cursorOf(appId)).toBe(ids.at(-1));
    const later = await append(appId, 4);
    expect(await consumer.consume(appId)).toBe(4);
    expect(batches.flat()).toEqual([...ids, ...later]);
    // Another app's log is its own.
    expect(await consumer.consume(newApp())).toBe(0);
  });

  it('redelivers a batch whose handler failed half-way (a process stopped), and an idempotent handler applies each event once', async () => {
    const appId = newApp();
    const ids = await append(appId, 12);
    settle();
    const applied = new Map<number, number>();
    const deliveries: number[] = [];
    const apply = (e: StoredEvent) => {
      deliveries.push(e.id);
      if (!applied.has(e.id)) applied.set(e.id, e.payload.i as number); // keyed by event id: a replay changes nothing
    };
    const crashing = consumerOn(
      a,
      'restart',
      async (events) => {
        for (const e of events.slice(0, 4)) apply(e);
        throw new Error('process stopped');
      },
      appId,
    );
    await expect(crashing.consume(appId)).rejects.toThrow('process stopped');
    expect(await crashing.cursorOf(appId)).toBe(0);

    const survivor = consumerOn(b, 'restart', async (events) => events.forEach(apply), appId);
    expect(await survivor.consume(appId)).toBe(12);
    expect(deliveries).toEqual([...ids.slice(0, 4), ...ids]); // the first batch again, from its start
    expect([...applied.keys()]).toEqual(ids);
    expect([...applied.values()]).toEqual(ids.map((_, i) => i));
    expect(await survivor.cursorOf(appId)).toBe(ids.at(-1));
  });

  it('two processes never handle a batch at the same time, and together handle every event exactly once', async () => {
    const appId = newApp();
    const handled: number[] = [];
    const byProcess = { a: 0, b: 0 };
    let active = 0;
    let maxActive = 0;
    const handler =
      (name: 'a' | 'b'): ConsumerHandler =>
      async (events) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setTimeout(resolve, 5));
        handled.push(...events.map((e) => e.id));
        byProcess[name] += events.length;
        active--;
      };
    const consumers = [consumerOn(a, 'pair', handler('a'), appId, 7), consumerOn(b, 'pair', handler('b'), appId, 7)];
    const ids: number[] = [];
    for (let round = 0; round < 6; round++) {
      const appended = append(appId, 10).then((x) => ids.push(...x));
      await Promise.all([consumers[0].consume(appId), consumers[1].consume(appId), appended]);
      if (round === 3) settle();
    }
    settle();
    await Promise.all([consumers[0].consume(appId), consumers[1].consume(appId)]);
    await consumers[1].consume(appId);

    expect(maxActive).toBe(1);
    expect(handled).toHaveLength(60);
    expect([...handled].sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
    expect(byProcess.a + byProcess.b).toBe(60);
    expect(await consumers[0].cursorOf(appId)).toBe(Math.max(...ids));
  });

  it('replays from a reset cursor without changing an idempotent result', async () => {
    const appId = newApp();
    await append(appId, 15);
    settle();
    const perType = new Map<number, string>(); // event id -> type: setting it twice is a no-op
    const result = () => [...perType.values()].reduce<Record<string, number>>((acc, type) => ({ ...acc, [type]: (acc[type] ?? 0) + 1 }), {});
    const consumer = consumerOn(a, 'replay', async (events) => events.forEach((e) => perType.set(e.id, e.type)), appId);
    expect(await consumer.consume(appId)).toBe(15);
    const first = result();
    expect(first).toEqual({ Even: 8, Odd: 7 });

    await consumer.reset(appId);
    expect(await consumer.cursorOf(appId)).toBe(0);
    expect(await consumer.consume(appId)).toBe(15);
    expect(result()).toEqual(first);
  });

  it('reports its lag in events and seconds behind the head', async () => {
    const appId = newApp();
    const consumer = consumerOn(a, 'lagging', async () => {}, appId);
    expect(await consumer.lag()).toEqual({ events: 0, seconds: 0 });
    await append(appId, 7);
    clock.advance(30_000);
    expect(await consumer.lag()).toEqual({ events: 7, seconds: 30 });
    await consumer.consume(appId);
    expect(await consumer.lag()).toEqual({ events: 0, seconds: 0 });
    await append(appId, 2);
    expect((await consumer.lag()).events).toBe(2);
  });

  it('starting at the end skips what happened before, and wakes on the bus hint of an append', async () => {
    const appId = newApp();
    await append(appId, 3);
    const seen: number[] = [];
    const consumer = a.server.services.events.consumer({ name: 'live', startAt: 'end', handler: async (events) => void seen.push(...events.map((e) => e.id)) });
    expect(await consumer.consume(appId)).toBe(0);
    await consumer.start(0);
    try {
      const [id] = await append(appId, 1);
      for (let i = 0; i < 200 && seen.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(seen).toEqual([id]);
    } finally {
      await consumer.stop();
    }
  });

  // Needs two open transactions at once, which the embedded database serialises.
  it.runIf(usingRealServices)('does not skip an event that commits after a later id was already handled', async () => {
    const appId = newApp();
    const seen: number[] = [];
    const consumer = consumerOn(a, 'late-commit', async (events) => void seen.push(...events.map((e) => e.id)), appId);
    const { log } = a.server.services.events;
    let releaseSlow!: () => void;
    let slowId = 0;
    const slow = log.transaction(async (tx, batch) => {
      slowId = (await log.append(tx, batch, appId, 'slow', 'Late', {})).id;
      await new Promise<void>((resolve) => (releaseSlow = resolve));
    });
    while (!slowId) await new Promise((resolve) => setTimeout(resolve, 5));
    const [fastId] = await append(appId, 1);
    expect(fastId).toBeGreaterThan(slowId);
    await consumer.consume(appId);
    expect(seen).toEqual([fastId]);
    releaseSlow();
    await slow;
    await consumer.consume(appId);
    expect(seen).toEqual([fastId, slowId]);
    settle();
    await consumer.consume(appId);
    expect(seen).toEqual([fastId, slowId]);
    expect(await consumer.cursorOf(appId)).toBe(fastId);
  });
});
