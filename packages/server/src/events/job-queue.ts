import { and, asc, count, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Clock } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db.ts';
import { silentLogger, type Logger } from '../platform/logger.ts';
import { jobs } from './schema.ts';

export interface JobSpec {
  appId: number;
  kind: string;
  payload: Record<string, unknown>;
  runAt: Date;
  /** Same kind + key replaces the pending job (a timer that is moved, not duplicated). */
  key?: string;
  maxAttempts?: number;
}

export type Job = typeof jobs.$inferSelect;
export type JobHandler = (job: Job) => Promise<void>;

export interface JobHandlerOptions {
  /** At most this many jobs of the kind run at once in this process (default 1: in due order). */
  concurrency?: number;
}

/** A failed run of a job: `willRetry` is false when it gave up (status `failed`). */
export interface JobFailure {
  job: Job;
  error: unknown;
  willRetry: boolean;
}

const LEASE_MS = 60_000;
const backoffMs = (attempt: number) => Math.min(2 ** attempt * 1_000, 30 * 60_000);

/**
 * Durable timers and background work. Any process may run due jobs: each is claimed with
 * FOR UPDATE SKIP LOCKED and a lease, so it runs once even with many workers, and again only if
 * the worker dies mid-job. Time comes from the injected clock, so tests move it by hand.
 * Each kind runs in its own lane with its own concurrency, so a slow kind (a callback receiver that
 * times out) does not hold up the others (timers).
 */
export class JobQueue {
  private handlers = new Map<string, { run: JobHandler; concurrency: number }>();
  private failureListeners: Array<(failure: JobFailure) => void> = [];
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private db: Db,
    private clock: Clock,
    private logger: Logger = silentLogger,
  ) {}

  handle(kind: string, handler: JobHandler, options: JobHandlerOptions = {}): void {
    this.handlers.set(kind, { run: handler, concurrency: Math.max(1, options.concurrency ?? 1) });
  }

  /** Called on every failed run (metrics count them); failures are also logged. */
  onFailure(listener: (failure: JobFailure) => void): void {
    this.failureListeners.push(listener);
  }

  /** Jobs due now and not running, per kind: the queue depth. */
  async dueByKind(): Promise<Map<string, number>> {
    const now = this.clock.now();
    const rows = await this.db
      .select({ kind: jobs.kind, due: count() })
      .from(jobs)
      .where(and(eq(jobs.status, 'pending'), lte(jobs.runAt, now), or(isNull(jobs.lockedUntil), lt(jobs.lockedUntil, now))))
      .groupBy(jobs.kind);
    return new Map(rows.map((r) => [r.kind, Number(r.due)]));
  }

  /** Schedules inside the caller's transaction, so the timer exists exactly when the change does. */
  async schedule(tx: DbOrTx, spec: JobSpec): Promise<void> {
    const values = { appId: spec.appId, kind: spec.kind, key: spec.key ?? null, payload: spec.payload, runAt: spec.runAt, maxAttempts: spec.maxAttempts ?? 8 };
    if (!spec.key) {
      await tx.insert(jobs).values(values);
      return;
    }
    await tx
      .insert(jobs)
      .values(values)
      .onConflictDoUpdate({ target: [jobs.kind, jobs.key], set: { payload: spec.payload, runAt: spec.runAt, attempts: 0, status: 'pending', lockedUntil: null, lastError: null } });
  }

  async cancel(tx: DbOrTx, kind: string, key: string): Promise<void> {
    await tx.delete(jobs).where(and(eq(jobs.kind, kind), eq(jobs.key, key)));
  }

  /** Runs every job due now (by the clock); returns how many ran. Concurrent calls share one run. */
  runDue(limit = 100): Promise<number> {
    this.running ??= this.claimAndRun(limit).finally(() => (this.running = undefined));
    return this.running;
  }

  start(intervalMs = 500): void {
    this.timer = setInterval(() => void this.runDue().catch((err) => this.logger.error({ err }, 'claiming due jobs failed; the next poll retries')), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    // Its failure was logged by the poll that started it; stopping only waits for it to end.
    await this.running?.then(undefined, () => undefined);
  }

  private async claimAndRun(limit: number): Promise<number> {
    const now = this.clock.now();
    const claimed = await this.db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(jobs)
        .where(and(eq(jobs.status, 'pending'), lte(jobs.runAt, now), or(isNull(jobs.lockedUntil), lt(jobs.lockedUntil, now))))
        .orderBy(asc(jobs.runAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      if (due.length === 0) return [];
      const lease = new Date(now.getTime() + LEASE_MS);
      await tx
        .update(jobs)
        .set({ lockedUntil: lease, attempts: sql`${jobs.attempts} + 1` })
        .where(
          sql`${jobs.id} IN (${sql.join(
            due.map((j) => sql`${j.id}`),
            sql`, `,
          )})`,
        );
      return due.map((j) => ({ ...j, attempts: j.attempts + 1, lockedUntil: lease }));
    });
    await Promise.all([...groupByKind(claimed)].map(([kind, lane]) => this.runLane(lane, this.handlers.get(kind)?.concurrency ?? 1)));
    return claimed.length;
  }

  /** Runs one kind's claimed jobs in due order, at most `concurrency` at once. */
  private async runLane(lane: Job[], concurrency: number): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < lane.length) await this.runOne(lane[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, lane.length) }, worker));
  }

  private async runOne(job: Job): Promise<void> {
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`No handler for job kind ${job.kind}`);
      await handler.run(job);
      // Delete only the run we claimed: a reschedule meanwhile (same key) changed lockedUntil.
      await this.db.delete(jobs).where(and(eq(jobs.id, job.id), eq(jobs.lockedUntil, job.lockedUntil!)));
    } catch (error) {
      const giveUp = job.attempts >= job.maxAttempts;
      this.reportFailure(job, error, !giveUp);
      await this.db
        .update(jobs)
        .set({
          status: giveUp ? 'failed' : 'pending',
          lockedUntil: null,
          lastError: String((error as Error).message ?? error).slice(0, 1000),
          runAt: new Date(this.clock.now().getTime() + backoffMs(job.attempts)),
        })
        .where(and(eq(jobs.id, job.id), eq(jobs.lockedUntil, job.lockedUntil!)));
    }
  }

  private reportFailure(job: Job, error: unknown, willRetry: boolean): void {
    const context = { kind: job.kind, key: job.key, appId: job.appId, jobId: job.id, attempt: job.attempts, maxAttempts: job.maxAttempts, err: error };
    if (willRetry) this.logger.warn(context, `job ${job.kind} failed; retrying in ${backoffMs(job.attempts) / 1000} s`);
    else this.logger.error(context, `job ${job.kind} failed for the last time; giving up`);
    for (const listener of this.failureListeners) listener({ job, error, willRetry });
  }
}

function groupByKind(claimed: Job[]): Map<string, Job[]> {
  const lanes = new Map<string, Job[]>();
  for (const job of claimed) {
    const lane = lanes.get(job.kind);
    if (lane) lane.push(job);
    else lanes.set(job.kind, [job]);
  }
  return lanes;
}
