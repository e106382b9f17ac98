import { and, eq, isNull, sql } from 'drizzle-orm';
import { REST_REASON_MAX } from '@parley/protocol';
import type { EventBatch, Events, Job } from '../events/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db.ts';
import { agentStates, agentStatusHistory, type AgentStatus } from './schema.ts';
import { logFailure } from '../platform/logger.ts';

/** A workbench that stops showing signs of life for this long counts as gone (presence). */
export const PRESENCE_TTL_MS = 90_000;
export const PRESENCE_JOB = 'agent.presence-lost';
export const ONLINE_STATUSES: readonly AgentStatus[] = ['idle', 'busy', 'rest'];

/** The stream an agent's workbench follows: assignments, status changes, internal messages. */
export const agentStreamOf = (memberId: string) => `agent:${memberId}`;

export type AgentState = typeof agentStates.$inferSelect;

/**
 * Agent statuses (idle, busy, rest with a reason, offline), their history for analytics, presence
 * from the realtime connection, and the load counter routing keeps under its lock.
 */
export class AgentStates {
  /** Called after a status change commits; routing drains the queue when someone turns idle. */
  onIdle: (appId: number) => Promise<void> = async () => {};

  constructor(
    private db: Db,
    private events: Events,
    private clock: Clock,
  ) {
    events.jobs.handle(PRESENCE_JOB, (job) => this.onPresenceLost(job));
  }

  async get(appId: number, memberId: string, db: DbOrTx = this.db): Promise<AgentState | undefined> {
    const [row] = await db
      .select()
      .from(agentStates)
      .where(and(eq(agentStates.appId, appId), eq(agentStates.memberId, memberId)));
    return row;
  }

  /**
   * Sets a status and closes the previous interval in the history. `changedBy` is the member,
   * an admin, or `system:<why>`. Going online counts as a sign of life.
   */
  async setStatus(appId: number, memberId: string, status: AgentStatus, reason: string, changedBy: string): Promise<AgentState> {
    const state = await this.events.log.transaction((tx, batch) => this.setStatusIn(tx, batch, appId, memberId, status, reason, changedBy));
    if (status === 'idle') await this.onIdle(appId).catch(logFailure('routing', 'routing to an agent who became idle', { appId, memberId }));
    return state;
  }

  async setStatusIn(tx: DbOrTx, batch: EventBatch, appId: number, memberId: string, status: AgentStatus, reason: string, changedBy: string): Promise<AgentState> {
    const now = this.clock.now();
    const restReason = status === 'rest' ? reason.slice(0, REST_REASON_MAX) : '';
    const current = await this.ensure(tx, appId, memberId);
    const online = status !== 'offline';
    const [row] = await tx
      .update(agentStates)
      .set({ status, restReason, statusSince: current.status === status ? current.statusSince : now, ...(online ? { lastSeenAt: now } : {}) })
      .where(and(eq(agentStates.appId, appId), eq(agentStates.memberId, memberId)))
      .returning();
    if (current.status !== status || current.restReason !== restReason) {
      await tx
        .update(agentStatusHistory)
        .set({ endedAt: now })
        .where(and(eq(agentStatusHistory.appId, appId), eq(agentStatusHistory.memberId, memberId), isNull(agentStatusHistory.endedAt)));
      await tx.insert(agentStatusHistory).values({ appId, memberId, status, reason: restReason || (changedBy.startsWith('system:') ? changedBy.slice(7) : ''), changedBy, startedAt: now });
      await this.events.log.append(tx, batch, appId, agentStreamOf(memberId), 'AgentStatusChanged', { memberId, status, restReason, changedBy });
    }
    if (online) await this.schedulePresenceCheck(tx, appId, memberId, now);
    else await this.events.jobs.cancel(tx, PRESENCE_JOB, `${appId}:${memberId}`);
    return row;
  }

  /** A sign of life from the agent's workbench connection. */
  async heartbeat(appId: number, memberId: string): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const state = await this.ensure(tx, appId, memberId);
      await tx
        .update(agentStates)
        .set({ lastSeenAt: now })
        .where(and(eq(agentStates.appId, appId), eq(agentStates.memberId, memberId)));
      if (state.status !== 'offline') await this.schedulePresenceCheck(tx, appId, memberId, now);
    });
  }

  async history(appId: number, memberId: string, limit = 100) {
    return this.db
      .select()
      .from(agentStatusHistory)
      .where(and(eq(agentStatusHistory.appId, appId), eq(agentStatusHistory.memberId, memberId)))
      .orderBy(sql`${agentStatusHistory.startedAt} DESC, ${agentStatusHistory.id} DESC`)
      .limit(limit);
  }

  async list(appId: number): Promise<AgentState[]> {
    return this.db.select().from(agentStates).where(eq(agentStates.appId, appId));
  }

  /** Load moves with sessions; decrements never go below zero (a repaired count is not negative). */
  async addLoad(tx: DbOrTx, appId: number, memberId: string, delta: number, assigned = false): Promise<void> {
    await tx
      .update(agentStates)
      .set({ load: sql`GREATEST(${agentStates.load} + ${delta}, 0)`, ...(assigned ? { lastAssignedAt: this.clock.now() } : {}) })
      .where(and(eq(agentStates.appId, appId), eq(agentStates.memberId, memberId)));
  }

  async ensure(tx: DbOrTx, appId: number, memberId: string): Promise<AgentState> {
    const [created] = await tx.insert(agentStates).values({ appId, memberId, status: 'offline', statusSince: this.clock.now() }).onConflictDoNothing().returning();
    return created ?? (await this.get(appId, memberId, tx))!;
  }

  private schedulePresenceCheck(tx: DbOrTx, appId: number, memberId: string, now: Date) {
    return this.events.jobs.schedule(tx, { appId, kind: PRESENCE_JOB, key: `${appId}:${memberId}`, payload: { memberId }, runAt: new Date(now.getTime() + PRESENCE_TTL_MS) });
  }

  /** The workbench went quiet: the agent is offline until they come back (spec 03 WB-ST-01). */
  private async onPresenceLost(job: Job): Promise<void> {
    const memberId = String(job.payload.memberId);
    const state = await this.get(job.appId, memberId);
    if (!state || state.status === 'offline') return;
    const seen = state.lastSeenAt?.getTime() ?? 0;
    if (seen + PRESENCE_TTL_MS > this.clock.now().getTime()) return;
    await this.setStatus(job.appId, memberId, 'offline', '', 'system:connection-lost');
  }
}
