/**
 * Simulated customers for bench/chat.ts: each has its own userId and WebSocket, says hello,
 * subscribes to '@customer_service_account' from the start, then runs a closed loop — send a text
 * message, wait for its ack and for the robot's answer (a ChatBot.RobotSendMsg event with a seq
 * above the ack's), send the next. Round trip = send → answer received.
 *
 * Correctness is checked while measuring: every send acked exactly once and not as a duplicate,
 * and the events of each conversation arrive with seqs 1, 2, 3, ... (no repeats, no gaps).
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { percentile } from '../../packages/server/src/platform/percentile.ts';

const ACCOUNT = '@customer_service_account';

export interface LoadOptions {
  wsUrl: string;
  sdkAppId: number;
  sign: (userId: string) => string;
  userPrefix: string;
  customers: number;
  /** Sockets opened (hello + subscribe) concurrently; the next batch starts when one finishes. */
  connectBatch: number;
  warmupMs: number;
  durationMs: number;
  asks: readonly string[];
  /** A message without ack and answer after this long counts as a timeout; that customer stops. */
  answerTimeoutMs: number;
  /** Client-side token bucket so closed-loop customers stay under a per-socket send limit. */
  pace?: { rate: number; burst: number };
  /** Aborting closes every socket at once (Ctrl-C). */
  signal?: AbortSignal;
}

export interface Violations {
  /** Sends that got neither an ack nor an error frame by the end (after draining). */
  missingAcks: number;
  /** Acks for another message than the one in flight, second acks, or acks marked duplicate. */
  badAcks: number;
  /** Event seq not above the last one seen on this conversation. */
  duplicateSeqs: number;
  /** Event seq more than one above the last one seen. */
  seqGaps: number;
}

export interface LoadResult {
  customers: number;
  /** Customers whose hello and subscribe succeeded (the others count as errors). */
  connected: number;
  connectSeconds: number;
  /** Messages answered inside the measured window. */
  messages: number;
  msgsPerSec: number;
  /** Messages sent inside the measured window (the latency percentiles are over these). */
  latencySamples: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Send → ack, same messages: the write path alone, without event delivery. */
  ackP50: number;
  ackP99: number;
  /** Error frames, connection failures and closes, and timeouts. */
  errors: number;
  timeouts: number;
  firstError?: string;
  violations: Violations;
  /** Sends the client held back to stay under the send limit (pace), in the measured window. */
  paced: number;
}

interface Stats {
  // Parallel arrays, one entry per answered message (performance.now() ms).
  sentAt: number[];
  ackAt: number[];
  doneAt: number[];
  errors: number;
  timeouts: number;
  firstError?: string;
  violations: Violations;
  paced: number;
}

class Customer {
  private ws!: WebSocket;
  private lastSeq = 0;
  private robotSeq = 0;
  private robotAt = 0;
  private waiting?: { type: string; resolve: () => void; reject: (e: Error) => void };
  private pending?: { id: string; sentAt: number; ackSeq?: number; ackAt?: number; resolve: (at: number) => void; reject: (e: Error) => void };
  private sent = 0;
  private tokens: number;
  private refilledAt = performance.now();
  closed = false;

  constructor(
    private userId: string,
    private opts: LoadOptions,
    private stats: Stats,
  ) {
    this.tokens = opts.pace?.burst ?? 0;
  }

  private error(message: string): void {
    this.stats.errors++;
    this.stats.firstError ??= `${this.userId}: ${message}`;
  }

  /** Hello and subscribe; false (counted as an error) if the server did not let this customer in. */
  async connect(): Promise<boolean> {
    try {
      await this.open();
      return true;
    } catch (e) {
      if (!this.closed) this.error((e as Error).message);
      this.close();
      return false;
    }
  }

  private async open(): Promise<void> {
    this.ws = new WebSocket(this.opts.wsUrl, { perMessageDeflate: false });
    this.ws.on('message', (data) => this.onFrame(JSON.parse(data.toString())));
    this.ws.on('error', (e) => this.fail(`socket error: ${e.message}`));
    this.ws.on('close', (code, reason) => this.fail(`socket closed: ${code} ${reason.toString()}`));
    await this.expect('open', () => {}, 30_000);
    await this.expect('ready', () => this.send({ type: 'hello', sdkAppId: this.opts.sdkAppId, userId: this.userId, userSig: this.opts.sign(this.userId) }), 30_000);
    await this.expect('subscribed', () => this.send({ type: 'subscribe', accountId: ACCOUNT, after: 0 }), 30_000);
  }

  /** The closed loop from `startAt`: one message in flight until `stopAt`; returns once the last one is settled. */
  async run(startAt: number, stopAt: number, measureFrom: number): Promise<void> {
    await new Promise((r) => setTimeout(r, startAt - performance.now()));
    while (!this.closed && performance.now() < stopAt) {
      const wait = this.takeToken();
      if (wait > 0) {
        if (performance.now() >= measureFrom) this.stats.paced++;
        await new Promise((r) => setTimeout(r, wait));
        continue;
      }
      const id = `${this.userId}-${++this.sent}`;
      const text = this.opts.asks[(this.sent * 7 + this.userId.length + hash(this.userId)) % this.opts.asks.length];
      const sentAt = performance.now();
      const answered = new Promise<number>((resolve, reject) => (this.pending = { id, sentAt, resolve, reject }));
      const timer = setTimeout(() => this.pending?.id === id && this.pending.reject(new Error('timeout')), this.opts.answerTimeoutMs);
      this.send({ type: 'send', id, accountId: ACCOUNT, msgRandom: id, body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }] });
      try {
        const at = await answered;
        this.stats.sentAt.push(sentAt);
        this.stats.ackAt.push(this.pending!.ackAt!);
        this.stats.doneAt.push(at);
      } catch (e) {
        const message = (e as Error).message;
        const refused = message.startsWith('error '); // an error frame for this send: no ack is due
        if (!refused && this.pending?.ackSeq === undefined) this.stats.violations.missingAcks++;
        if (message === 'timeout') {
          this.stats.timeouts++;
          this.error(`no ${this.pending?.ackSeq === undefined ? 'ack' : 'answer'} within ${this.opts.answerTimeoutMs} ms`);
          this.closed = true; // its conversation is in an unknown state: a late answer would be misattributed
        }
      } finally {
        clearTimeout(timer);
        this.pending = undefined;
      }
    }
  }

  close(): void {
    this.closed = true;
    this.ws?.terminate();
  }

  private takeToken(): number {
    const pace = this.opts.pace;
    if (!pace) return 0;
    const now = performance.now();
    this.tokens = Math.min(pace.burst, this.tokens + ((now - this.refilledAt) / 1000) * pace.rate);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / pace.rate) * 1000);
  }

  private send(frame: unknown): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  private expect(type: string, action: () => void, timeoutMs: number): Promise<void> {
    if (type === 'open' && this.ws.readyState === WebSocket.OPEN) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.userId}: no ${type} within ${timeoutMs} ms`)), timeoutMs);
      this.waiting = { type, resolve: () => (clearTimeout(timer), resolve()), reject: (e) => (clearTimeout(timer), reject(e)) };
      if (type === 'open') this.ws.once('open', () => this.settle('open'));
      action();
    });
  }

  private settle(type: string): void {
    if (this.waiting?.type !== type) return;
    const { resolve } = this.waiting;
    this.waiting = undefined;
    resolve();
  }

  private fail(message: string): void {
    if (this.closed) return;
    this.closed = true;
    this.error(message);
    this.waiting?.reject(new Error(`${this.userId}: ${message}`));
    this.pending?.reject(new Error(message));
  }

  private onFrame(frame: any): void {
    const now = performance.now();
    const v = this.stats.violations;
    switch (frame.type) {
      case 'ready':
      case 'subscribed':
        return this.settle(frame.type);
      case 'ack': {
        const p = this.pending;
        if (!p || frame.id !== p.id || p.ackSeq !== undefined || frame.duplicate) {
          v.badAcks++;
          return;
        }
        p.ackSeq = frame.seq;
        p.ackAt = now;
        return this.tryComplete();
      }
      case 'event': {
        const seq = frame.event.seq as number;
        if (seq <= this.lastSeq) v.duplicateSeqs++;
        else if (seq !== this.lastSeq + 1) v.seqGaps++;
        this.lastSeq = Math.max(this.lastSeq, seq);
        if (frame.event.type === 'ChatBot.RobotSendMsg' && seq > this.robotSeq) {
          this.robotSeq = seq;
          this.robotAt = now;
        }
        return this.tryComplete();
      }
      case 'error': {
        this.error(`error frame ${frame.code}: ${frame.message}`);
        // An error answering the message in flight settles it (the server refused it: no ack is due).
        if (this.pending && frame.id === this.pending.id) this.pending.reject(new Error(`error ${frame.code}`));
        else this.waiting?.reject(new Error(`${this.userId}: error frame ${frame.code}: ${frame.message}`));
        return;
      }
    }
  }

  /** Answer events may arrive before the ack (they come from the event log, the ack from the send). */
  private tryComplete(): void {
    const p = this.pending;
    if (p?.ackSeq !== undefined && this.robotSeq > p.ackSeq) p.resolve(this.robotAt);
  }
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}

/** Connects N customers in batches, runs warm-up + measured window, drains, closes every socket. */
export async function runCustomers(opts: LoadOptions, onWindow?: (edge: 'start' | 'end') => void): Promise<LoadResult> {
  const stats: Stats = { sentAt: [], ackAt: [], doneAt: [], errors: 0, timeouts: 0, violations: { missingAcks: 0, badAcks: 0, duplicateSeqs: 0, seqGaps: 0 }, paced: 0 };
  const customers = Array.from({ length: opts.customers }, (_, i) => new Customer(`${opts.userPrefix}${i}`, opts, stats));
  const closeAll = () => customers.forEach((c) => c.close());
  opts.signal?.addEventListener('abort', closeAll);
  try {
    const t0 = performance.now();
    let connected = 0;
    for (let i = 0; i < customers.length; i += opts.connectBatch) {
      for (const ok of await Promise.all(customers.slice(i, i + opts.connectBatch).map((c) => c.connect()))) connected += ok ? 1 : 0;
    }
    const connectSeconds = (performance.now() - t0) / 1000;

    const start = performance.now();
    const measureFrom = start + opts.warmupMs;
    const stopAt = measureFrom + opts.durationMs;
    const timers = [setTimeout(() => onWindow?.('start'), opts.warmupMs), setTimeout(() => onWindow?.('end'), opts.warmupMs + opts.durationMs)];
    // First sends spread over the warm-up: 1,000 messages in the same millisecond would measure a
    // burst, and keep the closed loop moving in lockstep waves long after.
    await Promise.all(customers.map((c, i) => c.run(start + (opts.warmupMs * i) / customers.length, stopAt, measureFrom)));
    timers.forEach(clearTimeout);

    // Throughput counts answers that arrived in the window. Latency takes the messages sent in the
    // window, answered whenever (the drain waits for them): when the round trip is longer than the
    // window, answers arriving in it would only be the lucky early ones.
    const inWindow = (t: number) => t >= measureFrom && t < stopAt;
    const answered = stats.doneAt.filter(inWindow).length;
    const sorted = Float64Array.from(stats.sentAt.flatMap((t, i) => (inWindow(t) ? [stats.doneAt[i] - t] : []))).sort();
    const acks = Float64Array.from(stats.sentAt.flatMap((t, i) => (inWindow(t) ? [stats.ackAt[i] - t] : []))).sort();
    return {
      customers: opts.customers,
      connected,
      connectSeconds,
      messages: answered,
      msgsPerSec: answered / (opts.durationMs / 1000),
      latencySamples: sorted.length,
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1] : NaN,
      ackP50: percentile(acks, 50),
      ackP99: percentile(acks, 99),
      errors: stats.errors,
      timeouts: stats.timeouts,
      firstError: stats.firstError,
      violations: stats.violations,
      paced: stats.paced,
    };
  } finally {
    opts.signal?.removeEventListener('abort', closeAll);
    closeAll();
  }
}
