// The send queue. Every message gets its msgRandom once, when the customer sends it, and keeps it
// through retries, reconnects and reloads (the queue lives in localStorage): the server stores a
// msgRandom once and answers a repeat with the first message's ack, so resending is always safe.
// Messages go one at a time, in order; each leaves the queue once the conversation shows it.
import type { MsgElement } from '@parley/protocol';
import { newMsgRandom, stableJson } from './ids.ts';
import { readJson, writeJson, type KeyValueStore } from './storage.ts';

export type Delivery = 'queued' | 'sending' | 'sent' | 'failed';

export interface OutgoingMessage {
  msgRandom: string;
  body: MsgElement[];
  cloudCustomData?: string;
  createdAt: number;
  delivery: Delivery;
  /** Times the server answered with a retryable error. */
  attempts: number;
  /** Set once the message went out at least once (it may be stored even without an ack). */
  tried?: boolean;
  /** From the ack. */
  msgKey?: string;
  /** A customer message with the same body that arrived before the ack: most likely this one. */
  claimedKey?: string;
  code?: number;
  error?: string;
}

/** Codes that mean "this message will never be accepted": resending cannot help. */
export const FINAL_CODES: ReadonlySet<number> = new Set([90001, 90002, 90005, 90007, 93000, 141004, 141005, 141010, 141026, 70013]);
/** Retryable errors (rate limits, internal errors) are retried this many times, then the message fails. */
export const MAX_ATTEMPTS = 6;

interface Persisted {
  userId: string;
  items: OutgoingMessage[];
}

export class Outbox {
  private list: OutgoingMessage[] = [];
  private userId = '';
  /** MsgKey → msgRandom of messages delivered by this page, so the screen keeps one element for each. */
  private delivered = new Map<string, string>();

  constructor(
    private store: KeyValueStore,
    private key: string,
  ) {
    const saved = readJson<Persisted>(store, key);
    if (!saved || !Array.isArray(saved.items)) return;
    this.userId = saved.userId;
    // A message that was on its way when the page went away may or may not have arrived: send it again.
    this.list = saved.items.map((item) => (item.delivery === 'sending' ? { ...item, delivery: 'queued' } : item));
  }

  items(): readonly OutgoingMessage[] {
    return this.list;
  }

  /** The queue belongs to one identity; a new one keeps what was never delivered. */
  setUser(userId: string): void {
    if (this.userId && this.userId !== userId) this.list = this.list.filter((item) => item.delivery !== 'sent').map(({ msgKey: _k, claimedKey: _c, ...item }) => item);
    this.userId = userId;
    this.save();
  }

  add(body: MsgElement[], cloudCustomData?: string, now = Date.now()): OutgoingMessage {
    const item: OutgoingMessage = { msgRandom: newMsgRandom(), body, createdAt: now, delivery: 'queued', attempts: 0 };
    if (cloudCustomData) item.cloudCustomData = cloudCustomData;
    this.list.push(item);
    this.save();
    return item;
  }

  /** The next message to send, unless one is still waiting for its answer (order is kept). */
  next(): OutgoingMessage | undefined {
    if (this.list.some((item) => item.delivery === 'sending')) return undefined;
    return this.list.find((item) => item.delivery === 'queued');
  }

  markSending(msgRandom: string): void {
    this.change(msgRandom, (item) => ({ ...item, delivery: 'sending', tried: true }));
  }

  /** The server stored it (or had already: a duplicate). `shown` tells whether the conversation has it. */
  acked(msgRandom: string, msgKey: string, shown: (msgKey: string) => boolean): void {
    // Its event came first (claimed), or the conversation shows it: nothing left to wait for.
    if (shown(msgKey) || this.find(msgRandom)?.claimedKey === msgKey) return this.deliver(msgRandom, msgKey);
    this.change(msgRandom, ({ claimedKey: _, ...item }) => ({ ...item, delivery: 'sent', msgKey, code: undefined, error: undefined }));
  }

  /** A retryable error: back in the queue, unless it has had MAX_ATTEMPTS. Returns whether it will be retried. */
  retryLater(msgRandom: string, code: number, error: string): boolean {
    const item = this.find(msgRandom);
    if (!item || item.attempts + 1 >= MAX_ATTEMPTS) return false;
    this.change(msgRandom, (i) => ({ ...i, delivery: 'queued', attempts: i.attempts + 1, code, error }));
    return true;
  }

  failed(msgRandom: string, code: number, error: string): void {
    this.change(msgRandom, (item) => ({ ...item, delivery: 'failed', code, error }));
  }

  /** The socket went away: whatever was on its way goes out again on the next connection. */
  disconnected(): void {
    if (!this.list.some((item) => item.delivery === 'sending')) return;
    this.list = this.list.map((item) => (item.delivery === 'sending' ? { ...item, delivery: 'queued' } : item));
    this.save();
  }

  /** The customer asks to try a failed message again (same msgRandom: the server stored nothing). */
  retry(msgRandom: string): void {
    this.change(msgRandom, (item) => ({ ...item, delivery: 'queued', attempts: 0, code: undefined, error: undefined }));
  }

  remove(msgRandom: string): void {
    const before = this.list.length;
    this.list = this.list.filter((item) => item.msgRandom !== msgRandom);
    if (this.list.length !== before) this.save();
  }

  /**
   * A customer message arrived in the conversation. If it is one of ours (by the ack's MsgKey) it
   * leaves the queue. If its ack has not come yet, an unacknowledged message with the same body is
   * most likely it: it is claimed and hidden, so the screen never shows both; the ack confirms it.
   */
  seen(msgKey: string, body: MsgElement[]): void {
    const mine = this.list.find((item) => item.msgKey === msgKey);
    if (mine) return this.deliver(mine.msgRandom, msgKey);
    if (this.list.some((item) => item.claimedKey === msgKey)) return;
    const json = stableJson(body);
    const candidate = this.list.find((item) => item.tried && !item.msgKey && !item.claimedKey && item.delivery !== 'failed' && stableJson(item.body) === json);
    if (candidate) this.change(candidate.msgRandom, (item) => ({ ...item, claimedKey: msgKey }));
  }

  /** The msgRandom a delivered message had on this page, if it was sent from here. */
  localIdOf(msgKey: string): string | undefined {
    return this.delivered.get(msgKey);
  }

  /** Messages the conversation does not show yet. */
  pending(shown: (msgKey: string) => boolean): OutgoingMessage[] {
    return this.list.filter((item) => !(item.msgKey && shown(item.msgKey)) && !(item.claimedKey && shown(item.claimedKey)));
  }

  private deliver(msgRandom: string, msgKey: string): void {
    this.delivered.set(msgKey, msgRandom);
    this.remove(msgRandom);
  }

  private find(msgRandom: string) {
    return this.list.find((item) => item.msgRandom === msgRandom);
  }

  private change(msgRandom: string, update: (item: OutgoingMessage) => OutgoingMessage): void {
    let changed = false;
    this.list = this.list.map((item) => (item.msgRandom === msgRandom ? ((changed = true), update(item)) : item));
    if (changed) this.save();
  }

  private save(): void {
    writeJson(this.store, this.key, { userId: this.userId, items: this.list } satisfies Persisted);
  }
}
