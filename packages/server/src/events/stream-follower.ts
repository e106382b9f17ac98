import { eventOf, type EventLog, type StoredEvent } from './event-log.ts';
import type { StreamHub } from './stream-hub.ts';

/** Events that arrived ahead of a gap are held up to this many; beyond it the table is read instead. */
const MAX_HELD = 1_000;
const PAGE = 500;

/**
 * Delivers a stream's events after a cursor: everything stored, then everything new, each exactly
 * once and in order. Hints usually carry the event, which is applied directly; a hint without one,
 * a gap, or the periodic poll reads the table, which is the truth. So a lost or reordered hint
 * delays delivery (until the next hint or poll) but never skips or repeats an event.
 */
export class StreamFollower {
  private cursor: number;
  private held = new Map<number, StoredEvent>();
  private readTable = true;
  private running?: Promise<void>;
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
      if (hint.seq <= this.cursor) return;
      const event = eventOf(hint);
      if (event && this.held.size < MAX_HELD) this.held.set(event.seq, event);
      else this.readTable = true;
      void this.pump();
    });
    if (this.pollMs > 0) this.poll = setInterval(() => this.requestRead(), this.pollMs).unref();
    this.readTable = true;
    await this.pump();
  }

  get position(): number {
    return this.cursor;
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.held.clear();
    if (this.poll) clearInterval(this.poll);
  }

  private requestRead(): void {
    this.readTable = true;
    void this.pump();
  }

  /**
   * Single-flight: a wake-up during a run schedules one more round instead of a parallel one, and
   * waits for it, so `start()` resolves only once the replay has been delivered.
   */
  private pump(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.applyHeld();
        if (this.readTable || this.held.size > 0) {
          this.readTable = false;
          await this.read();
          await this.applyHeld();
        }
      } while (this.again && !this.stopped);
    } catch {
      // Transient database failure: the next hint or poll retries from the same cursor.
      this.readTable = true;
    }
  }

  private async applyHeld(): Promise<void> {
    for (let next = this.held.get(this.cursor + 1); next && !this.stopped; next = this.held.get(this.cursor + 1)) {
      this.held.delete(next.seq);
      await this.advance(next);
    }
    for (const seq of this.held.keys()) if (seq <= this.cursor) this.held.delete(seq);
  }

  private async read(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const batch = await this.log.read(this.appId, this.streamId, this.cursor, PAGE);
      for (const event of batch) {
        if (this.stopped || event.seq !== this.cursor + 1) break; // sequences are gapless; anything else is re-read
        await this.advance(event);
      }
      if (batch.length < PAGE) return;
    }
  }

  private async advance(event: StoredEvent): Promise<void> {
    await this.deliver(event);
    this.cursor = event.seq;
  }
}
