import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startServerPair, startTestServer, type ServerPair, type TestServer } from '../harness.ts';

describe('jobs table', () => {
  let clock: ManualClock;
  let pair: ServerPair;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    clock = new ManualClock(new Date('2026-03-01T00:00:00Z'));
    pair = await startServerPair({ clock });
    ({ a, b } = pair);
  });
  afterAll(() => pair?.close());

  const schedule = (server: TestServer, kind: string, inMs: number, key?: string, payload: Record<string, unknown> = {}) =>
    server.server.services.db.transaction((tx) => server.server.services.events.jobs.schedule(tx, { appId: 1, kind, key, payload, runAt: new Date(clock.now().getTime() + inMs), maxAttempts: 3 }));

  it('runs a job only once it is due', async () => {
    const ran: unknown[] = [];
    a.server.services.events.jobs.handle('due', async (job) => void ran.push(job.payload));
    await schedule(a, 'due', 60_000, undefined, { x: 1 });
    expect(await a.server.services.events.jobs.runDue()).toBe(0);
    clock.advance(60_000);
    expect(await a.server.services.events.jobs.runDue()).toBe(1);
    expect(ran).toEqual([{ x: 1 }]);
    expect(await a.server.services.events.jobs.runDue()).toBe(0);
  });

  it('runs each job exactly once when two processes race for it', async () => {
    const ran: number[] = [];
    for (const server of [a, b]) server.server.services.events.jobs.handle('race', async (job) => void ran.push(job.payload.n as number));
    for (let n = 0; n < 40; n++) await schedule(n % 2 ? a : b, 'race', 1_000, undefined, { n });
    clock.advance(1_000);
    await Promise.all([a.server.services.events.jobs.runDue(), b.server.services.events.jobs.runDue(), a.server.services.events.jobs.runDue()]);
    await Promise.all([a.server.services.events.jobs.runDue(), b.server.services.events.jobs.runDue()]);
    expect(ran.sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('moves a keyed timer instead of adding a second one, and cancels it', async () => {
    const ran: string[] = [];
    a.server.services.events.jobs.handle('timeout', async (job) => void ran.push(job.key!));
    await schedule(a, 'timeout', 10_000, 'session-1');
    await schedule(a, 'timeout', 30_000, 'session-1'); // the user replied: the timeout moves
    clock.advance(10_000);
    expect(await a.server.services.events.jobs.runDue()).toBe(0);
    clock.advance(20_000);
    expect(await a.server.services.events.jobs.runDue()).toBe(1);
    await schedule(a, 'timeout', 5_000, 'session-2');
    await a.server.services.db.transaction((tx) => a.server.services.events.jobs.cancel(tx, 'timeout', 'session-2'));
    clock.advance(5_000);
    expect(await a.server.services.events.jobs.runDue()).toBe(0);
    expect(ran).toEqual(['session-1']);
  });

  it('retries a failing job with growing backoff and gives up after maxAttempts', async () => {
    let calls = 0;
    a.server.services.events.jobs.handle('flaky', async () => {
      calls++;
      throw new Error('receiver down');
    });
    await schedule(a, 'flaky', 0);
    expect(await a.server.services.events.jobs.runDue()).toBe(1); // attempt 1 fails, retry in 2 s
    clock.advance(1_000);
    expect(await a.server.services.events.jobs.runDue()).toBe(0);
    clock.advance(1_000);
    expect(await a.server.services.events.jobs.runDue()).toBe(1); // attempt 2, retry in 4 s
    clock.advance(4_000);
    expect(await a.server.services.events.jobs.runDue()).toBe(1); // attempt 3: gives up
    clock.advance(60_000);
    expect(await a.server.services.events.jobs.runDue()).toBe(0);
    expect(calls).toBe(3);
  });

  it('survives a restart: a job scheduled by a server that stopped runs on the next one', async () => {
    const c = await startTestServer({ testDb: pair.testDb, clock });
    await schedule(c, 'restart', 1_000, 'r1', { v: 'kept' });
    await c.close();
    const ran: unknown[] = [];
    b.server.services.events.jobs.handle('restart', async (job) => void ran.push(job.payload));
    clock.advance(1_000);
    await b.server.services.events.jobs.runDue();
    expect(ran).toEqual([{ v: 'kept' }]);
  });
});
