import type { Clock } from '../platform/clock.ts';

/**
 * Failed logins per email in a sliding window (10 per 15 minutes), against password guessing.
 * Per process: behind N processes an attacker gets N times the allowance, still far too few guesses
 * for a 16-character random password.
 */
export class LoginThrottle {
  private failures = new Map<string, number[]>();

  constructor(
    private clock: Clock,
    private limit = 10,
    private windowMs = 15 * 60_000,
  ) {}

  /** Milliseconds until `key` may try again, or 0. */
  blockedFor(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.limit) return 0;
    return recent[recent.length - this.limit] + this.windowMs - this.clock.now().getTime();
  }

  fail(key: string): void {
    if (this.failures.size > 100_000) this.prune();
    this.failures.set(key, [...this.recent(key), this.clock.now().getTime()]);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.clock.now().getTime() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((at) => at > since);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) if (!this.recent(key).length) this.failures.delete(key);
  }
}
