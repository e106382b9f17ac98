import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

/**
 * Fan-out between server processes. Messages are hints ("something changed, go look"),
 * never the data itself, so a lost message only delays a reader that also polls.
 */
export interface Bus {
  publish(channel: string, message: unknown): Promise<void>;
  /** `T`: what the channel's publishers send (after a JSON round trip); the bus does not check it. */
  subscribe<T = unknown>(channel: string, handler: (message: T) => void): Promise<() => void>;
  close(): Promise<void>;
}

export class MemoryBus implements Bus {
  private emitter = new EventEmitter().setMaxListeners(0);
  async publish(channel: string, message: unknown): Promise<void> {
    const copy = JSON.parse(JSON.stringify(message));
    queueMicrotask(() => this.emitter.emit(channel, copy));
  }
  async subscribe<T = unknown>(channel: string, handler: (message: T) => void): Promise<() => void> {
    this.emitter.on(channel, handler);
    return () => this.emitter.off(channel, handler);
  }
  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

export class RedisBus implements Bus {
  private pub: Redis;
  private sub: Redis;
  private handlers = new Map<string, Set<(message: unknown) => void>>();

  constructor(
    url: string,
    private prefix = 'parley:',
  ) {
    this.pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.sub = new Redis(url, { lazyConnect: false });
    this.sub.on('message', (channel: string, raw: string) => {
      const set = this.handlers.get(channel.slice(this.prefix.length));
      if (!set) return;
      let message: unknown;
      try {
        message = JSON.parse(raw);
      } catch {
        return;
      }
      for (const handler of set) handler(message);
    });
  }

  async publish(channel: string, message: unknown): Promise<void> {
    await this.pub.publish(this.prefix + channel, JSON.stringify(message));
  }

  async subscribe<T = unknown>(channel: string, typed: (message: T) => void): Promise<() => void> {
    const handler = typed as (message: unknown) => void;
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      await this.sub.subscribe(this.prefix + channel);
    }
    set.add(handler);
    return () => {
      set!.delete(handler);
    };
  }

  /** The Redis connection, for features that share state across processes (rate limits). */
  get client(): Redis {
    return this.pub;
  }

  async close(): Promise<void> {
    this.pub.disconnect();
    this.sub.disconnect();
  }
}

export function createBus(redisUrl?: string, prefix?: string): Bus {
  return redisUrl ? new RedisBus(redisUrl, prefix) : new MemoryBus();
}
