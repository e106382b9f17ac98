import type { EventLog, StoredEvent } from './event-log.ts';
import type { StreamHub } from './stream-hub.ts';

/**
 * Delivers a stream's events after a cursor: everything stored, then everything new, each exactly
 * once and in order. Bus hints only say "look again"; the table is the truth, so a lost or
 * reordered hint delays delivery (until the next hint or poll) but never skips or repeats an event.
 */
export class StreamFollower {
  private cursor: number;
  private reading = false;
  private again = false;
  private stopped = false;
  private unsubscribe?: () => void;
  private poll?: NodeJS.Timeout;

  constructor(
    private log: EventLog,
    private hub: StreamHub,
    private appId: number,
    private streamId: string,
    afterSeq: number,
    private deliver: (event: StoredEvent) => void | Promise<void>,
    private pollMs = 15_000,
  ) {
    this.cursor = afterSeq;
  }

  /** Subscribes first, then replays, so nothing appended in between is missed. */
  async start(): Promise<void> {
    this.unsubscribe = await this.hub.watch(this.appId, this.streamId, (hint) => {
      if (hint.seq > this.cursor) void this.catchUp();
    });
    if (this.pollMs > 0) this.poll = setInterval(() => void this.catchUp(), this.pollMs).unref();
    await this.catchUp();
  }

  get position(): number {
    return this.cursor;
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.poll) clearInterval(this.poll);
  }

  /** Single-flight: a hint during a read schedules one more read instead of a parallel one. */
  private async catchUp(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    try {
      do {
        this.again = false;
        for (;;) {
          if (this.stopped) return;
          const batch = await this.log.read(this.appId, this.streamId, this.cursor);
          for (const event of batch) {
            if (this.stopped || event.seq !== this.cursor + 1) break; // sequences are gapless; anything else is re-read
            await this.deliver(event);
            this.cursor = event.seq;
          }
          if (batch.length < 500) break;
        }
      } while (this.again && !this.stopped);
    } catch {
      // Transient database failure: the next hint or poll retries from the same cursor.
    } finally {
      this.reading = false;
    }
  }
}
