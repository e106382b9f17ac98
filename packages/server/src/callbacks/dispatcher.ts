import { eq } from 'drizzle-orm';
import { DESK_SESSION_EVENTS } from '@parley/protocol';
import { EVENTS_CHANNEL, type AppendedHint, type Events, type StoredEvent } from '../events/index.ts';
import type { Bus } from '../platform/bus.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db.ts';
import { advanceCursor, lockSettings, type CallbackSettingsRow } from './cursor.ts';
import { callbackDispatched, callbackSettings } from './schema.ts';

export const DELIVER_JOB = 'callback.deliver';
export const MAX_ATTEMPTS = 8;
const PAGE = 500;
/** Event ids are taken before commit: an id can still appear below one already seen for this long. */
export const SETTLE_MS = 10_000;
const SWEEP_MS = 5_000;
const DISABLED_CACHE_MS = 2_000;
const DESK_EVENTS = new Set<string>(DESK_SESSION_EVENTS);

/** Enqueues the delivery job of one event (also how a failed delivery is retried: the key moves the job). */
export function scheduleDelivery(jobs: Events['jobs'], tx: DbOrTx, appId: number, eventId: number, runAt: Date) {
  return jobs.schedule(tx, { appId, kind: DELIVER_JOB, key: String(eventId), payload: { eventId }, runAt, maxAttempts: MAX_ATTEMPTS });
}

/**
 * The outbox: turns the event log into delivery jobs. For each app with an enabled callback it reads
 * the events after the cursor and, in one transaction holding the cursor row, enqueues a job per
 * wanted Desk event and moves the cursor over the settled ones. Woken by the bus hint of each append
 * and by a periodic sweep; a lost hint only delays delivery until the sweep.
 */
export class CallbackDispatcher {
  private inFlight = new Map<number, Promise<number>>();
  private again = new Set<number>();
  private disabledUntil = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;

  constructor(private db: Db, private bus: Bus, private clock: Clock, private events: Events) {}

  async start(sweepMs = SWEEP_MS): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(EVENTS_CHANNEL, (hint: AppendedHint) => {
      // Most apps have no callback: remember that briefly instead of asking on every event. Enabling
      // starts at the log's end and the sweep asks anyway, so noticing late loses nothing.
      if ((this.disabledUntil.get(hint.appId) ?? 0) > Date.now()) return;
      void this.dispatchNow(hint.appId).catch(() => {});
    });
    this.timer = setInterval(() => void this.sweep().catch(() => {}), sweepMs).unref();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Dispatches every app with an enabled callback; returns how many jobs were enqueued. */
  async sweep(): Promise<number> {
    const apps = await this.db.select({ appId: callbackSettings.appId }).from(callbackSettings).where(eq(callbackSettings.enabled, true));
    let enqueued = 0;
    for (const { appId } of apps) enqueued += await this.dispatchNow(appId);
    return enqueued;
  }

  /** Single-flight per app: a wake-up during a run schedules one more run instead of a parallel one. */
  dispatchNow(appId: number): Promise<number> {
    const running = this.inFlight.get(appId);
    if (running) {
      this.again.add(appId);
      return running;
    }
    const run = this.runUntilQuiet(appId).finally(() => this.inFlight.delete(appId));
    this.inFlight.set(appId, run);
    return run;
  }

  private async runUntilQuiet(appId: number): Promise<number> {
    let enqueued = 0;
    do {
      this.again.delete(appId);
      enqueued += await this.dispatchApp(appId);
    } while (this.again.has(appId));
    return enqueued;
  }

  private async dispatchApp(appId: number): Promise<number> {
    const [settings] = await this.db.select().from(callbackSettings).where(eq(callbackSettings.appId, appId));
    if (!settings?.enabled) {
      this.disabledUntil.set(appId, Date.now() + DISABLED_CACHE_MS);
      return 0;
    }
    this.disabledUntil.delete(appId);
    let enqueued = 0;
    for (let after = settings.cursorEventId; ; ) {
      const page = await this.events.log.readApp(appId, after, PAGE);
      if (page.length > 0) enqueued += await this.handOver(appId, after, page);
      if (page.length < PAGE) return enqueued;
      after = page.at(-1)!.id;
    }
  }

  /** One page, one transaction: ledger + jobs + cursor commit together or not at all. */
  private handOver(appId: number, pageAfter: number, page: StoredEvent[]): Promise<number> {
    return this.db.transaction(async (tx) => {
      const settings = await lockSettings(tx, appId);
      if (!settings?.enabled) return 0;
      // Read before the lock: another process may have moved the cursor (or it was re-enabled at the head).
      const pending = page.filter((e) => e.id > settings.cursorEventId);
      if (pending.length === 0) return 0;
      const fresh = await tx
        .insert(callbackDispatched)
        .values(pending.map((e) => ({ appId, eventId: e.id })))
        .onConflictDoNothing()
        .returning({ eventId: callbackDispatched.eventId });
      const freshIds = new Set(fresh.map((r) => r.eventId));
      const now = this.clock.now();
      const wanted = pending.filter((e) => freshIds.has(e.id) && wants(settings, e.type));
      for (const e of wanted) await scheduleDelivery(this.events.jobs, tx, appId, e.id, now);
      const settled = pageAfter <= settings.cursorEventId ? settledPrefixEnd(pending, now) : undefined;
      if (settled !== undefined) await advanceCursor(tx, appId, settled);
      return wanted.length;
    });
  }
}

function wants(settings: CallbackSettingsRow, type: string): boolean {
  return DESK_EVENTS.has(type) && (!settings.events || settings.events.includes(type));
}

/** The id of the last event of the leading run old enough that nothing can still commit below it. */
function settledPrefixEnd(page: StoredEvent[], now: Date): number | undefined {
  const horizon = now.getTime() - SETTLE_MS;
  let end: number | undefined;
  for (const e of page) {
    if (e.at.getTime() > horizon) break;
    end = e.id;
  }
  return end;
}
