import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/index.ts';
import { startServerPair, startTestServer, type ServerPair, type TestServer } from '../harness.ts';

const until = async (check: () => boolean, ms = 10_000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('event log', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  const append = (stream: string, n: number, type = 'Test') =>
    test.server.services.events.log.transaction(async (tx, batch) => {
      for (let i = 0; i < n; i++) await test.server.services.events.log.append(tx, batch, 1, stream, type, { i });
    });

  it('numbers concurrent appends to one stream 1..n with no gap or duplicate', async () => {
    await Promise.all(Array.from({ length: 60 }, () => append('s-concurrent', 1)));
    const all = await test.server.services.events.log.read(1, 's-concurrent', 0);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('leaves no trace of a rolled-back transaction', async () => {
    const { log } = test.server.services.events;
    await append('s-rollback', 2);
    await expect(
      log.transaction(async (tx, batch) => {
        await log.append(tx, batch, 1, 's-rollback', 'Doomed', {});
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await append('s-rollback', 1);
    expect((await log.read(1, 's-rollback', 0)).map((e) => [e.seq, e.type])).toEqual([
      [1, 'Test'],
      [2, 'Test'],
      [3, 'Test'],
    ]);
  });

  it('keeps apps apart even with the same stream id', async () => {
    const { log } = test.server.services.events;
    await log.transaction(async (tx, batch) => {
      await log.append(tx, batch, 2, 's-shared', 'A2', {});
      await log.append(tx, batch, 3, 's-shared', 'A3', {});
    });
    expect((await log.read(2, 's-shared', 0)).map((e) => e.type)).toEqual(['A2']);
    expect((await log.read(3, 's-shared', 0)).map((e) => [e.seq, e.type])).toEqual([[1, 'A3']]);
  });

  it('a follower replays from its cursor and then follows live bursts, each event once and in order', async () => {
    await append('s-follow', 5);
    const seen: number[] = [];
    const follower = test.server.services.events.follow(1, 's-follow', 2, (e: StoredEvent) => {
      seen.push(e.seq);
    });
    const burst = Promise.all(Array.from({ length: 20 }, () => append('s-follow', 2)));
    await follower.start();
    await burst;
    await until(() => seen.length >= 43);
    follower.stop();
    expect(seen).toEqual(Array.from({ length: 43 }, (_, i) => i + 3));
  });

  it('a follower stopped mid-stream and restarted from its position loses and repeats nothing', async () => {
    const seen: number[] = [];
    const first = test.server.services.events.follow(1, 's-resume', 0, (e) => {
      seen.push(e.seq);
    });
    await first.start();
    await append('s-resume', 10);
    await until(() => seen.length >= 10);
    first.stop();
    await append('s-resume', 7); // while "disconnected"
    const second = test.server.services.events.follow(1, 's-resume', first.position, (e) => {
      seen.push(e.seq);
    });
    await second.start();
    await append('s-resume', 3);
    await until(() => seen.length >= 20);
    second.stop();
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});

describe('event log across two server processes on one database', () => {
  let pair: ServerPair;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    pair = await startServerPair();
    ({ a, b } = pair);
  });
  afterAll(() => pair?.close());

  it('a follower on B receives what A appends (Redis hints, or polling when each has its own bus)', async () => {
    const seen: string[] = [];
    const follower = b.server.services.events.follow(
      7,
      'cross',
      0,
      (e) => {
        seen.push(`${e.seq}:${(e.payload as { n: number }).n}`);
      },
      50,
    );
    await follower.start();
    for (let n = 1; n <= 15; n++) {
      await a.server.services.events.log.transaction((tx, batch) => a.server.services.events.log.append(tx, batch, 7, 'cross', 'Msg', { n }));
    }
    await until(() => seen.length >= 15);
    follower.stop();
    expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => `${i + 1}:${i + 1}`));
  });
});
