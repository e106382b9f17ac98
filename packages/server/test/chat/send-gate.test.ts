import { describe, expect, it } from 'vitest';
import { SendGate } from '../../src/gateways/chat/send-gate.ts';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};
const tick = () => new Promise((resolve) => setImmediate(resolve));

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
    await tick();
    expect(started).toEqual([0, 1, 2]);
    releases[0].resolve();
    releases[2].resolve();
    await tick();
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
});
