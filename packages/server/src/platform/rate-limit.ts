import type { Redis } from 'ioredis';
import type { Clock } from './clock.ts';

/** Fixed one-second windows: at most `limit` calls per key per second. */
export interface RateLimiter {
  /** Returns true when the call is allowed. */
  hit(key: string, limit: number): Promise<boolean>;
}

export class MemoryRateLimiter implements RateLimiter {
  private windows = new Map<string, { second: number; count: number }>();
  constructor(private clock: Clock) {}

  async hit(key: string, limit: number): Promise<boolean> {
    if (limit <= 0) return true;
    const second = Math.floor(this.clock.now().getTime() / 1000);
    const window = this.windows.get(key);
    if (!window || window.second !== second) {
      if (this.windows.size > 10_000) this.windows.clear(); // old windows are worthless
      this.windows.set(key, { second, count: 1 });
      return true;
    }
    window.count++;
    return window.count <= limit;
  }
}

/** Shared across processes, so scaling out does not multiply an app's allowance. */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private redis: Redis,
    private clock: Clock,
    private prefix = 'parley:rl:',
  ) {}

  async hit(key: string, limit: number): Promise<boolean> {
    if (limit <= 0) return true;
    const second = Math.floor(this.clock.now().getTime() / 1000);
    const redisKey = `${this.prefix}${key}:${second}`;
    const [[, count]] = (await this.redis.multi().incr(redisKey).expire(redisKey, 2).exec()) as [[unknown, number]];
    return count <= limit;
  }
}
