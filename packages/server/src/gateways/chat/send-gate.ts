/**
 * Lets at most `limit` customer sends work at once, first come first served, and puts handshakes
 * first. A send is a transaction and the robot's answer; on the embedded database every query
 * waits behind every queued transaction, and the database runs on the event loop, so without
 * this gate a burst of resent messages (everyone reconnecting after a restart) would queue each
 * newcomer's handshake behind all of them, and even keep its hello frame unread.
 *
 * - At most `limit` sends run at once; the others wait in arrival order.
 * - With `maxHoldMs` (the embedded database): while a handshake (hello → ready) is in progress, no waiting send starts (sends already
 *   running finish): the handshake's query waits behind at most `limit` sends. A send is held
 *   for at most `maxHoldMs`, so a stream of handshakes cannot starve sends.
 * - A waiting send starts on a later turn of the event loop (setImmediate), after pending I/O:
 *   new connections and hello frames are read, and counted as handshakes, before it.
 *
 * Nothing is dropped or reordered: every send runs once, in arrival order.
 */
export class SendGate {
  private running = 0;
  private handshakes = 0;
  private waiting: Array<{ start: () => void; since: number }> = [];
  private pumpScheduled = false;
  private holdTimer?: NodeJS.Timeout;

  /**
   * `maxHoldMs`: how long handshakes may hold a waiting send; 0 gives handshakes no priority (a
   * PostgreSQL pool has connections to spare for them).
   */
  constructor(
    readonly limit: number,
    readonly maxHoldMs = 0,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.limit && this.waiting.length === 0 && !this.holding()) this.running++;
    else {
      await new Promise<void>((start) => {
        this.waiting.push({ start, since: Date.now() });
        this.schedulePump();
      });
    }
    try {
      return await work();
    } finally {
      this.running--;
      this.schedulePump();
    }
  }

  /** Runs a handshake ahead of waiting sends. */
  async handshake<T>(work: () => Promise<T>): Promise<T> {
    this.handshakes++;
    try {
      return await work();
    } finally {
      this.handshakes--;
      this.schedulePump();
    }
  }

  private holding(): boolean {
    return this.handshakes > 0 && this.maxHoldMs > 0;
  }

  get queued(): number {
    return this.waiting.length;
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.waiting.length === 0) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    while (this.running < this.limit && this.waiting.length > 0) {
      const held = Date.now() - this.waiting[0].since;
      if (this.holding() && held < this.maxHoldMs) {
        // Handshakes first; they call pump when done, and this timer bounds the wait.
        this.holdTimer = setTimeout(() => this.pump(), this.maxHoldMs - held);
        this.holdTimer.unref?.();
        return;
      }
      this.running++;
      this.waiting.shift()!.start();
    }
  }
}

/** The embedded database runs one transaction at a time; two keep it busy between them. */
export const EMBEDDED_SEND_CONCURRENCY = 2;
/** On the embedded database a handshake goes before waiting sends, for at most this long. */
export const EMBEDDED_HANDSHAKE_HOLD_MS = 2_000;
/** Below the default pool of 10 connections, so handshakes and reads always find one free. */
export const POSTGRES_SEND_CONCURRENCY = 8;
