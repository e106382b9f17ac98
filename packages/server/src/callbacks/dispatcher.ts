import { eq } from 'drizzle-orm';
import { DESK_SESSION_EVENTS } from '@parley/protocol';
import type { ConsumerContext, Events, LogConsumer, LogConsumerOptions, StoredEvent } from '../events/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db.ts';
import type { Logger } from '../platform/logger.ts';
import type { CallbackSettingsRow } from './cursor.ts';
import { callbackSettings } from './schema.ts';

export const DELIVER_JOB = 'callback.deliver';
export const MAX_ATTEMPTS = 8;
/** The name of the callbacks' cursor in the log consumers' table. */
export const CALLBACKS_CONSUMER = 'callbacks';
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
 * The outbox: a log consumer that turns each app's events into delivery jobs. The consumer's batch
 * transaction enqueues a job per wanted Desk event and moves the cursor together, so each event is
 * enqueued once; the job then delivers it at least once. Woken by the bus hint of each append and by
 * a periodic sweep over the apps with an enabled callback; a lost hint only delays delivery.
 */
export class CallbackDispatcher {
  readonly consumer: LogConsumer;
  private disabledUntil = new Map<number, number>();

  constructor(
    private db: Db,
    private clock: Clock,
    private events: Events,
    logger: Logger,
  ) {
    const options: LogConsumerOptions = {
      name: CALLBACKS_CONSUMER,
      handler: (batch, context) => this.handOver(batch, context),
      settleMs: SETTLE_MS,
      startAt: 'end',
      apps: () => this.enabledApps(),
      wants: (appId) => (this.disabledUntil.get(appId) ?? 0) <= Date.now() && this.enabled(appId),
    };
    this.consumer = events.consumer(options, logger);
  }

  /** Follows the bus hints and sweeps the enabled apps every `sweepMs`. */
  start(sweepMs = SWEEP_MS): Promise<void> {
    return this.consumer.start(sweepMs);
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  /** Dispatches every app with an enabled callback; returns how many events were handed over. */
  sweep(): Promise<number> {
    return this.consumer.sweep();
  }

  /** Hands the app's new events to delivery; returns how many events were read (0 while disabled). */
  async dispatchNow(appId: number): Promise<number> {
    return (await this.enabled(appId)) ? this.consumer.consume(appId) : 0;
  }

  /**
   * Most apps have no callback: hints remember that briefly instead of asking on every event.
   * Enabling starts at the log's end and the sweep asks anyway, so noticing late loses nothing.
   */
  private async enabled(appId: number): Promise<boolean> {
    const [settings] = await this.db.select({ enabled: callbackSettings.enabled }).from(callbackSettings).where(eq(callbackSettings.appId, appId));
    if (settings?.enabled) {
      this.disabledUntil.delete(appId);
      return true;
    }
    this.disabledUntil.set(appId, Date.now() + DISABLED_CACHE_MS);
    return false;
  }

  private async enabledApps(): Promise<number[]> {
    const apps = await this.db.select({ appId: callbackSettings.appId }).from(callbackSettings).where(eq(callbackSettings.enabled, true));
    return apps.map((a) => a.appId);
  }

  /** Reads the settings in the batch's transaction: a switch saved meanwhile waits for the batch (it moves the cursor). */
  private async handOver(batch: StoredEvent[], { appId, tx }: ConsumerContext): Promise<void> {
    const [settings] = await tx.select().from(callbackSettings).where(eq(callbackSettings.appId, appId));
    if (!settings?.enabled) return;
    const now = this.clock.now();
    for (const e of batch) if (wants(settings, e.type)) await scheduleDelivery(this.events.jobs, tx, appId, e.id, now);
  }
}

function wants(settings: CallbackSettingsRow, type: string): boolean {
  return DESK_EVENTS.has(type) && (!settings.events || settings.events.includes(type));
}
