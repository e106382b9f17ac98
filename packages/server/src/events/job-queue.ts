import { and, asc, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Clock } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db.ts';
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

const LEASE_MS = 60_000;
const backoffMs = (attempt: number) => Math.min(2 ** attempt * 1_000, 30 * 60_000);

/**
 * Durable timers and background work. Any process may run due jobs: each is claimed with
 * FOR UPDATE SKIP LOCKED and a lease, so it runs once even with many workers, and again only if
 * the worker dies mid-job. Time comes from the injected clock, so tests move it by hand.
 */
export class JobQueue {
  private handlers = new Map<string, JobHandler>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(private db: Db, private clock: Clock) {}

  handle(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
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
    this.timer = setInterval(() => void this.runDue().catch(() => {}), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => {});
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
      await tx.update(jobs).set({ lockedUntil: lease, attempts: sql`${jobs.attempts} + 1` }).where(sql`${jobs.id} IN (${sql.join(due.map((j) => sql`${j.id}`), sql`, `)})`);
      return due.map((j) => ({ ...j, attempts: j.attempts + 1, lockedUntil: lease }));
    });
    for (const job of claimed) await this.runOne(job);
    return claimed.length;
  }

  private async runOne(job: Job): Promise<void> {
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`No handler for job kind ${job.kind}`);
      await handler(job);
      // Delete only the run we claimed: a reschedule meanwhile (same key) changed lockedUntil.
      await this.db.delete(jobs).where(and(eq(jobs.id, job.id), eq(jobs.lockedUntil, job.lockedUntil!)));
    } catch (error) {
      const giveUp = job.attempts >= job.maxAttempts;
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
}
