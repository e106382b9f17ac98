import { describe, expect, it } from 'vitest';
import { calibrate } from './calibration.ts';

describe('calibrate', () => {
  const base = { raw: 0.5, gap: 0.1, entries: 100, queryWeight: 5, top: true };

  it('is a probability that grows with similarity and with the lead over the runner-up', () => {
    const p = calibrate(base);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
    expect(calibrate({ ...base, raw: 0.6 })).toBeGreaterThan(p);
    expect(calibrate({ ...base, gap: 0.2 })).toBeGreaterThan(p);
    expect(calibrate({ ...base, top: false, gap: -0.1 })).toBeLessThan(p);
  });

  it('is less confident in a larger index at the same similarity', () => {
    expect(calibrate({ ...base, entries: 5000 })).toBeLessThan(calibrate(base));
  });
});
