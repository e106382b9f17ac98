import { and, asc, count, eq, gt, inArray, lte, max, min, sql } from 'drizzle-orm';
import type { Bus } from '../platform/bus.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db, DbOrTx, Tx } from '../platform/db.ts';
import { silentLogger, type Logger } from '../platform/logger.ts';
import { EVENTS_CHANNEL, type AppendedHint, type StoredEvent } from './event-log.ts';
import { events, logConsumerHandled, logConsumers } from './schema.ts';

export interface ConsumerContext {
  appId: number;
  /**
   * The transaction that holds the consumer's cursor row and moves it when the handler returns.
   * Database work done through it commits together with the cursor (exactly once). Use it for every
   * query: on the embedded database a query outside it waits for this transaction and never returns.
   */
  tx: Tx;
}

/**
 * Handles a batch of one app's events, oldest first. Delivery is at least once: a batch whose
 * handler throws, or whose transaction does not commit (the process stops), is handed over again,
 * so effects outside `context.tx` must be idempotent (keyed by event id). Keep it short: it runs
 * inside a transaction; slow work (HTTP) belongs in a job enqueued through `context.tx`.
 */
export type ConsumerHandler = (events: StoredEvent[], context: ConsumerContext) => Promise<void>;

export interface LogConsumerOptions {
  /** Stable name: the cursor is stored under it. */
  name: string;
  handler: ConsumerHandler;
  /** Events per handler call (and per transaction). */
  batchSize?: number;
  /** Event ids are taken before commit: an id can still appear below one already seen for this long. */
  settleMs?: number;
  /** How often `start()` visits every app, for hints that were lost. */
  pollMs?: number;
  /** The apps the consumer serves (the poll visits them, lag counts them); default: those with a cursor. */
  apps?: () => Promise<number[]>;
  /** Whether a bus hint of this app is worth a run (e.g. the feature is enabled there); default yes. */
  wants?: (appId: number) => boolean | Promise<boolean>;
  /** Where a new cursor starts: the beginning of the app's log (default) or its current end. */
  startAt?: 'beginning' | 'end';
}

export interface ConsumerLag {
  /** Events of the served apps not handled yet. */
  events: number;
  /** Age of the oldest of them (0 when caught up). */
  seconds: number;
}

const BUSY = Symbol('busy');

/**
 * Reads each app's log in event-id order after a named cursor and hands it to a handler in batches.
 *
 * Ordering: event ids come from a sequence taken before commit, so an event committed later can have
 * a smaller id than one already read. The cursor therefore only moves over the leading run of events
 * older than `settleMs` (nothing can still commit below those); newer events are handled at once and
 * remembered in a ledger until the cursor passes them, so a re-read never hands them over twice.
 *
 * Processes: each batch runs in one transaction holding the (app, consumer) cursor row with
 * FOR UPDATE SKIP LOCKED; another process finds it locked and leaves the app alone meanwhile.
 * Woken by the bus hint after each append, and by a poll, so a lost hint only delays.
 */
export class LogConsumer {
  readonly name: string;
  private batchSize: number;
  private settleMs: number;
  private known = new Set<number>();
  private inFlight = new Map<number, Promise<number>>();
  private again = new Set<number>();
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;

  constructor(
    private db: Db,
    private bus: Bus,
    private clock: Clock,
    private options: LogConsumerOptions,
    private logger: Logger = silentLogger,
  ) {
    this.name = options.name;
    this.batchSize = options.batchSize ?? 500;
    this.settleMs = options.settleMs ?? 10_000;
  }

  /** Follows the bus hints, and visits every served app each `pollMs` (0: hints only). */
  async start(pollMs = this.options.pollMs ?? 5_000): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(EVENTS_CHANNEL, (hint: AppendedHint) => void this.onHint(hint.appId));
    if (pollMs > 0) this.timer = setInterval(() => void this.sweep().catch((err) => this.logger.warn({ err }, 'log consumer poll failed; the next one retries')), pollMs).unref();
  }

  private async onHint(appId: number): Promise<void> {
    try {
      if (this.options.wants && !(await this.options.wants(appId))) return;
      await this.consume(appId);
    } catch (err) {
      this.logger.warn({ appId, err }, 'log consumer run failed; the next hint or poll retries');
    }
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Consumes every served app; returns how many events were handed to the handler. One app failing does not stop the others. */
  async sweep(): Promise<number> {
    let handed = 0;
    let failure: unknown;
    for (const appId of await this.servedApps()) {
      handed += await this.consume(appId).catch((err) => {
        this.logger.warn({ appId, err }, 'log consumer run failed; the next poll retries');
        failure ??= err;
        return 0;
      });
    }
    if (failure) throw failure;
    return handed;
  }

  /**
   * Consumes the app's log up to its end; returns how many events were handed to the handler.
   * Single-flight per app: a wake-up during a run schedules one more run instead of a parallel one.
   */
  consume(appId: number): Promise<number> {
    const running = this.inFlight.get(appId);
    if (running) {
      this.again.add(appId);
      return running;
    }
    const run = this.runUntilQuiet(appId).finally(() => this.inFlight.delete(appId));
    this.inFlight.set(appId, run);
    return run;
  }

  /** Moves the cursor to the app's last event (never backwards): what happened so far is not news. */
  async moveToEnd(tx: DbOrTx, appId: number): Promise<void> {
    const head = await logHead(tx, appId);
    await tx
      .insert(logConsumers)
      .values({ appId, consumer: this.name, cursorEventId: head, updatedAt: this.clock.now() })
      .onConflictDoUpdate({ target: [logConsumers.appId, logConsumers.consumer], set: { cursorEventId: sql`greatest(${logConsumers.cursorEventId}, ${head})`, updatedAt: this.clock.now() } });
    await tx.delete(logConsumerHandled).where(and(this.handledOf(appId), lte(logConsumerHandled.eventId, head)));
  }

  /** Puts the cursor back to `toEventId` and forgets what was handled past it: the log is replayed. */
  async reset(appId: number, toEventId = 0): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx
        .insert(logConsumers)
        .values({ appId, consumer: this.name, cursorEventId: toEventId, updatedAt: this.clock.now() })
        .onConflictDoUpdate({ target: [logConsumers.appId, logConsumers.consumer], set: { cursorEventId: toEventId, updatedAt: this.clock.now() } });
      await tx.delete(logConsumerHandled).where(this.handledOf(appId));
    });
    this.known.add(appId);
  }

  /** The stored cursor of an app (undefined before the consumer first saw it). */
  async cursorOf(appId: number): Promise<number | undefined> {
    const [row] = await this.db.select({ cursor: logConsumers.cursorEventId }).from(logConsumers).where(this.cursorRowOf(appId));
    return row?.cursor;
  }

  /** How far behind the head of the served apps' logs the consumer is. */
  async lag(): Promise<ConsumerLag> {
    const apps = await this.servedApps();
    if (apps.length === 0) return { events: 0, seconds: 0 };
    // An app the consumer has not run for yet is behind by everything after where it will start.
    for (const appId of apps) await this.ensureCursor(appId);
    const handled = sql`exists (select 1 from ${logConsumerHandled} where ${logConsumerHandled.appId} = ${events.appId} and ${logConsumerHandled.consumer} = ${this.name} and ${logConsumerHandled.eventId} = ${events.id})`;
    const [row] = await this.db
      .select({ behind: count(events.id), oldest: min(events.at) })
      .from(logConsumers)
      .innerJoin(events, and(eq(events.appId, logConsumers.appId), gt(events.id, logConsumers.cursorEventId)))
      .where(and(eq(logConsumers.consumer, this.name), inArray(logConsumers.appId, apps), sql`not ${handled}`));
    const oldest = row?.oldest ? new Date(row.oldest).getTime() : undefined;
    return { events: Number(row?.behind ?? 0), seconds: oldest === undefined ? 0 : Math.max(0, (this.clock.now().getTime() - oldest) / 1000) };
  }

  private async servedApps(): Promise<number[]> {
    if (this.options.apps) return this.options.apps();
    const rows = await this.db.select({ appId: logConsumers.appId }).from(logConsumers).where(eq(logConsumers.consumer, this.name));
    return rows.map((r) => r.appId);
  }

  private async runUntilQuiet(appId: number): Promise<number> {
    await this.ensureCursor(appId);
    let handed = 0;
    do {
      this.again.delete(appId);
      handed += await this.drain(appId);
    } while (this.again.has(appId));
    return handed;
  }

  /** Batch after batch until the end of the log, or until another process holds the cursor. */
  private async drain(appId: number): Promise<number> {
    let handed = 0;
    for (let after: number | undefined; ;) {
      const step = await this.step(appId, after);
      if (step === BUSY) return handed;
      handed += step.handed;
      if (!step.more) return handed;
      after = step.lastId;
    }
  }

  /**
   * One batch, one transaction: the handler's work, the ledger and the cursor commit together or not
   * at all. `after` is where the previous batch of this run ended; the cursor may lag behind it while
   * recent events settle, and only a batch read from the cursor itself may move it.
   */
  private step(appId: number, after: number | undefined) {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(logConsumers).where(this.cursorRowOf(appId)).for('update', { skipLocked: true });
      if (!row) return BUSY;
      const from = Math.max(after ?? row.cursorEventId, row.cursorEventId);
      const page = await this.readPage(tx, appId, from);
      const fresh = page.filter((p) => !p.handled).map((p) => p.event);
      if (fresh.length > 0) await this.options.handler(fresh, { appId, tx });
      const settled =
        from === row.cursorEventId
          ? settledPrefixEnd(
              page.map((p) => p.event),
              this.clock.now().getTime() - this.settleMs,
            )
          : undefined;
      const cursor = settled ?? row.cursorEventId;
      const remembered = fresh.filter((e) => e.id > cursor);
      if (remembered.length > 0)
        await tx
          .insert(logConsumerHandled)
          .values(remembered.map((e) => ({ appId, consumer: this.name, eventId: e.id })))
          .onConflictDoNothing();
      if (settled !== undefined) await this.advance(tx, appId, settled);
      return { handed: fresh.length, more: page.length === this.batchSize, lastId: page.at(-1)?.event.id ?? from };
    });
  }

  private async readPage(tx: Tx, appId: number, afterId: number): Promise<Array<{ event: StoredEvent; handled: boolean }>> {
    const rows = await tx
      .select({ event: events, handled: logConsumerHandled.eventId })
      .from(events)
      .leftJoin(logConsumerHandled, and(eq(logConsumerHandled.appId, events.appId), eq(logConsumerHandled.consumer, this.name), eq(logConsumerHandled.eventId, events.id)))
      .where(and(eq(events.appId, appId), gt(events.id, afterId)))
      .orderBy(asc(events.id))
      .limit(this.batchSize);
    return rows.map((r) => ({ event: r.event, handled: r.handled !== null }));
  }

  private async advance(tx: Tx, appId: number, to: number): Promise<void> {
    await tx.update(logConsumers).set({ cursorEventId: to, updatedAt: this.clock.now() }).where(this.cursorRowOf(appId));
    await tx.delete(logConsumerHandled).where(and(this.handledOf(appId), lte(logConsumerHandled.eventId, to)));
  }

  /** Creates the app's cursor row once, so every batch can lock it. */
  private async ensureCursor(appId: number): Promise<void> {
    if (this.known.has(appId)) return;
    const start = this.options.startAt === 'end' ? await logHead(this.db, appId) : 0;
    await this.db.insert(logConsumers).values({ appId, consumer: this.name, cursorEventId: start, updatedAt: this.clock.now() }).onConflictDoNothing();
    this.known.add(appId);
  }

  private cursorRowOf(appId: number) {
    return and(eq(logConsumers.appId, appId), eq(logConsumers.consumer, this.name));
  }

  private handledOf(appId: number) {
    return and(eq(logConsumerHandled.appId, appId), eq(logConsumerHandled.consumer, this.name));
  }
}

/** The id of the app's newest event (0 for none). */
export async function logHead(tx: DbOrTx, appId: number): Promise<number> {
  const [row] = await tx
    .select({ head: max(events.id) })
    .from(events)
    .where(eq(events.appId, appId));
  return Number(row?.head ?? 0);
}

/** The id of the last event of the leading run old enough that nothing can still commit below it. */
function settledPrefixEnd(page: StoredEvent[], horizon: number): number | undefined {
  let end: number | undefined;
  for (const e of page) {
    if (e.at.getTime() > horizon) break;
    end = e.id;
  }
  return end;
}
