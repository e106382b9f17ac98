import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/events/job-queue.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { createTestDatabase, type TestDatabase } from '../harness.ts';

describe('jobs: per-kind concurrency and failure logs', () => {
  let testDb: TestDatabase;
  let clock: ManualClock;
  const lines: Array<Record<string, any>> = [];
  let jobs: JobQueue;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    clock = new ManualClock(new Date('2026-06-01T00:00:00Z'));
    const sink = new Writable({ write: (chunk, _encoding, done) => done(void lines.push(JSON.parse(String(chunk)))) });
    jobs = new JobQueue(testDb.database.db, clock, pino({ level: 'debug' }, sink).child({ feature: 'jobs' }));
  });
  afterAll(() => testDb?.drop());

  const schedule = (kind: string, count: number, key?: (i: number) => string) =>
    testDb.database.db.transaction(async (tx) => {
      for (let i = 0; i < count; i++) await jobs.schedule(tx, { appId: 5, kind, key: key?.(i), payload: { i }, runAt: new Date(clock.now().getTime() + i), maxAttempts: 2 });
    });
  const tick = () => new Promise((resolve) => setTimeout(resolve, 15));

  /** A handler that records how many of its jobs run at once, and their order. */
  function tracked() {
    const stats = { active: 0, max: 0, order: [] as number[] };
    const run = async (job: { payload: Record<string, unknown> }) => {
      stats.active++;
      stats.max = Math.max(stats.max, stats.active);
      await tick();
      stats.order.push(job.payload.i as number);
      stats.active--;
    };
    return { stats, run };
  }

  it('runs at most `concurrency` jobs of a kind at once, and one at a time in due order by default', async () => {
    const wide = tracked();
    const narrow = tracked();
    jobs.handle('wide', wide.run, { concurrency: 3 });
    jobs.handle('narrow', narrow.run);
    await schedule('wide', 9);
    await schedule('narrow', 4);
    clock.advance(1_000);
    expect(await jobs.runDue()).toBe(13);
    expect(wide.stats.max).toBe(3);
    expect(wide.stats.order.sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(narrow.stats.max).toBe(1);
    expect(narrow.stats.order).toEqual([0, 1, 2, 3]);
    expect(await jobs.runDue()).toBe(0);
  });

  it('a slow kind does not hold up another kind', async () => {
    let release!: () => void;
    const finished: string[] = [];
    jobs.handle('stuck', () => new Promise<void>((resolve) => (release = resolve)).then(() => void finished.push('stuck')));
    jobs.handle('quick', async () => void finished.push('quick'));
    await schedule('stuck', 1);
    await schedule('quick', 2);
    clock.advance(1_000);
    const run = jobs.runDue();
    for (let i = 0; i < 100 && finished.length < 2; i++) await tick();
    expect(finished).toEqual(['quick', 'quick']);
    release();
    expect(await run).toBe(3);
    expect(finished).toEqual(['quick', 'quick', 'stuck']);
  });

  it('logs every failure with its kind, key, app, attempt and error, and tells the listeners', async () => {
    const failures: Array<[string, boolean]> = [];
    jobs.onFailure(({ job, willRetry }) => failures.push([job.kind, willRetry]));
    jobs.handle('broken', async () => {
      throw new Error('receiver said no');
    });
    await schedule('broken', 1, () => 'the-key');
    clock.advance(1_000);
    await jobs.runDue();
    clock.advance(60_000);
    await jobs.runDue();
    const logged = lines.filter((l) => l.kind === 'broken');
    expect(logged.map((l) => [l.level, l.key, l.appId, l.attempt, l.maxAttempts, l.err?.message, l.feature])).toEqual([
      [40, 'the-key', 5, 1, 2, 'receiver said no', 'jobs'],
      [50, 'the-key', 5, 2, 2, 'receiver said no', 'jobs'],
    ]);
    expect(logged[1].msg).toContain('giving up');
    expect(failures).toEqual([
      ['broken', true],
      ['broken', false],
    ]);
    expect(await jobs.dueByKind()).toEqual(new Map());
  });

  it('counts due jobs per kind', async () => {
    await schedule('depth-a', 3);
    await schedule('depth-b', 1);
    await testDb.database.db.transaction((tx) => jobs.schedule(tx, { appId: 5, kind: 'depth-b', payload: {}, runAt: new Date(clock.now().getTime() + 3_600_000) }));
    clock.advance(1_000);
    expect(Object.fromEntries(await jobs.dueByKind())).toEqual({ 'depth-a': 3, 'depth-b': 1 });
  });
});
