/**
 * Lets at most `limit` customer sends work at once, first come first served. A send is a
 * transaction (and a robot answer); on the embedded database every query waits behind every
 * queued transaction, so without this bound a burst of resent messages (everyone reconnecting
 * after a restart) would queue each newcomer's handshake behind all of them. With it, handshakes,
 * subscriptions and health checks wait for at most `limit` sends.
 */
export class SendGate {
  private running = 0;
  private waiting: Array<() => void> = [];

  constructor(readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // the slot passes straight on
      else this.running--;
    }
  }

  get queued(): number {
    return this.waiting.length;
  }
}

/** The embedded database runs one transaction at a time; two keep it busy between them. */
export const EMBEDDED_SEND_CONCURRENCY = 2;
/** Below the default pool of 10 connections, so handshakes and reads always find one free. */
export const POSTGRES_SEND_CONCURRENCY = 8;
