import { describe, expect, it } from 'vitest';
import { SendGate } from '../../src/gateways/chat/send-gate.ts';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};
const tick = () => new Promise((resolve) => setImmediate(resolve));
/** A waiting send starts on a later turn of the event loop than the one that freed its slot. */
const settle = async () => {
  await tick();
  await tick();
};

describe('SendGate', () => {
  it('runs at most `limit` sends at once and starts the waiting ones in arrival order', async () => {
    const gate = new SendGate(2);
    const started: number[] = [];
    const releases = Array.from({ length: 5 }, deferred);
    const runs = releases.map((release, i) =>
      gate.run(async () => {
        started.push(i);
        await release.promise;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(gate.queued).toBe(3);

    releases[1].resolve();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    releases[0].resolve();
    releases[2].resolve();
    await settle();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    releases[3].resolve();
    releases[4].resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(gate.queued).toBe(0);
  });

  it('frees the slot when a send fails', async () => {
    const gate = new SendGate(1);
    await expect(gate.run(async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(await gate.run(async () => 'next')).toBe('next');
  });

  it('holds waiting sends while a handshake is in progress, then starts them in arrival order', async () => {
    const gate = new SendGate(1, 10_000);
    const started: number[] = [];
    const first = deferred();
    const running = gate.run(async () => {
      started.push(0);
      await first.promise;
    });
    const hello = deferred();
    const handshake = gate.handshake(() => hello.promise.then(() => 'ready'));
    const waiting = [1, 2].map((i) => gate.run(async () => void started.push(i)));
    first.resolve();
    await running;
    await settle();
    expect(started).toEqual([0]); // the slot is free, but the handshake goes first
    hello.resolve();
    expect(await handshake).toBe('ready');
    await Promise.all(waiting);
    expect(started).toEqual([0, 1, 2]);
  });

  it('holds a send for at most maxHoldMs, and not at all without it', async () => {
    const held = new SendGate(1, 50);
    const stuck = held.handshake(() => new Promise<void>(() => {}));
    const startedAt = Date.now();
    await held.run(async () => {});
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(45);
    void stuck;

    const plain = new SendGate(1);
    void plain.handshake(() => new Promise<void>(() => {}));
    expect(await plain.run(async () => 'at once')).toBe('at once');
  });
});
