import { and, asc, count, desc, eq, ilike, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { MsgElement } from '@parley/protocol';
import { usersWithNickLike } from '../customers/index.ts';
import type { DbOrTx } from '../platform/db.ts';
import type { Session } from './conversation-tx.ts';
import { messages, sessions } from './schema.ts';

// Read models of sessions and messages for the agents' workbench: session lists, one session,
// its messages and the live counters of monitoring. Reads only, each scoped by app.

/** Sessions with an agent: in service, or offered and not yet accepted. */
const OPEN_STATES = ['Agent', 'WaitingForAgentAnswering'] as const;

/**
 * Which sessions a list holds: `held`, the open sessions of an agent; `ended`, ended sessions that
 * had an agent, or (with `servedBy`, a subquery of session ids) those among `servedBy`.
 */
export type DeskSessionFilter = { held: string } | { ended: true; servedBy?: SQL };

export interface LastMessage {
  sessionId: string;
  msgKey: string;
  fromAccount: string;
  fromRole: number;
  body: MsgElement[];
  at: Date;
}

function whereOf(appId: number, filter: DeskSessionFilter): SQL {
  if ('held' in filter) return and(eq(sessions.appId, appId), eq(sessions.agentId, filter.held), ne(sessions.agentId, ''), inArray(sessions.state, [...OPEN_STATES]))!;
  const ended = and(eq(sessions.appId, appId), eq(sessions.state, 'Ended'));
  return and(ended, filter.servedBy ? inArray(sessions.sessionId, filter.servedBy) : ne(sessions.agentId, ''))!;
}

/** `userLike` (an ILIKE pattern) within the user id or the customer's nick. */
function userSearch(appId: number, userLike: string | undefined): SQL | undefined {
  return userLike !== undefined ? or(ilike(sessions.userId, userLike), inArray(sessions.userId, usersWithNickLike(appId, userLike))) : undefined;
}

/** How many sessions the list holds. */
export async function deskSessionCount(db: DbOrTx, appId: number, filter: DeskSessionFilter): Promise<number> {
  const [{ total }] = await db.select({ total: count() }).from(sessions).where(whereOf(appId, filter));
  return total;
}

/**
 * One page of a list: held sessions offered first, then the latest assigned; ended ones the latest
 * ended first. `userLike` searches the user id and the customer's nick.
 */
export async function deskSessionPage(db: DbOrTx, appId: number, filter: DeskSessionFilter, page: { userLike?: string; limit: number; offset: number }): Promise<{ total: number; rows: Session[] }> {
  const where = and(whereOf(appId, filter), userSearch(appId, page.userLike));
  const [{ total }] = await db.select({ total: count() }).from(sessions).where(where);
  const order = 'held' in filter ? [sql`(${sessions.state} = 'WaitingForAgentAnswering') DESC`, desc(sessions.assignedAt), asc(sessions.sessionId)] : [desc(sessions.endedAt), asc(sessions.sessionId)];
  const rows = await db
    .select({ session: sessions })
    .from(sessions)
    .where(where)
    .orderBy(...order)
    .limit(page.limit)
    .offset(page.offset);
  return { total, rows: rows.map((r) => r.session) };
}

/** The sessions of the app among `sessionIds`, in no particular order. */
export async function sessionsByIds(db: DbOrTx, appId: number, sessionIds: string[]): Promise<Session[]> {
  if (sessionIds.length === 0) return [];
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.appId, appId), inArray(sessions.sessionId, sessionIds)));
}

/** A session of the app, in any state, or undefined. */
export async function sessionById(db: DbOrTx, appId: number, sessionId: string): Promise<Session | undefined> {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.appId, appId), eq(sessions.sessionId, sessionId)));
  return row;
}

/** Whether the session is among `sessionIds` (a subquery of session ids). */
export async function sessionAmong(db: DbOrTx, appId: number, sessionId: string, sessionIds: SQL): Promise<boolean> {
  const [{ total }] = await db
    .select({ total: count() })
    .from(sessions)
    .where(and(eq(sessions.appId, appId), eq(sessions.sessionId, sessionId), inArray(sessions.sessionId, sessionIds)));
  return total > 0;
}

/** How many sessions the user has had with the app besides `exceptSessionId`. */
export async function otherSessionCount(db: DbOrTx, appId: number, userId: string, exceptSessionId: string): Promise<number> {
  const [{ total }] = await db
    .select({ total: count() })
    .from(sessions)
    .where(and(eq(sessions.appId, appId), eq(sessions.userId, userId), ne(sessions.sessionId, exceptSessionId)));
  return total;
}

/** An agent's open sessions (in service or offered), the earliest assigned first. */
export async function openSessionsOfAgent(db: DbOrTx, appId: number, agentId: string) {
  return db
    .select({ sessionId: sessions.sessionId, accountId: sessions.accountId, userId: sessions.userId, state: sessions.state })
    .from(sessions)
    .where(and(eq(sessions.appId, appId), eq(sessions.agentId, agentId), inArray(sessions.state, [...OPEN_STATES])))
    .orderBy(asc(sessions.assignedAt), asc(sessions.sessionId));
}

/** Open sessions (in service or offered) by agent id. */
export async function openSessionCountsByAgent(db: DbOrTx, appId: number): Promise<Map<string, number>> {
  const rows = await db
    .select({ agentId: sessions.agentId, total: count() })
    .from(sessions)
    .where(and(eq(sessions.appId, appId), inArray(sessions.state, [...OPEN_STATES])))
    .groupBy(sessions.agentId);
  return new Map(rows.map((r) => [r.agentId, r.total]));
}

/** Each session's last message that is not a flag; sessions without one are missing. */
export async function lastMessagesOf(db: DbOrTx, appId: number, sessionIds: string[]): Promise<LastMessage[]> {
  if (sessionIds.length === 0) return [];
  return db
    .selectDistinctOn([messages.sessionId], {
      sessionId: messages.sessionId,
      msgKey: messages.msgKey,
      fromAccount: messages.fromAccount,
      fromRole: messages.fromRole,
      body: messages.body,
      at: messages.at,
    })
    .from(messages)
    .where(and(eq(messages.appId, appId), inArray(messages.sessionId, sessionIds), eq(messages.flag, false)))
    .orderBy(messages.sessionId, desc(messages.seq));
}

/**
 * A session's messages, flags excluded: the newest `limit` (with seq below `before` when given),
 * newest first, and whether older ones exist.
 */
export async function sessionMessagePage(db: DbOrTx, appId: number, sessionId: string, page: { before?: number; limit: number }) {
  const rows = await db
    .select({
      msgKey: messages.msgKey,
      seq: messages.seq,
      fromAccount: messages.fromAccount,
      fromRole: messages.fromRole,
      body: messages.body,
      cloudCustomData: messages.cloudCustomData,
      at: messages.at,
      modifiedAt: messages.modifiedAt,
    })
    .from(messages)
    .where(and(eq(messages.appId, appId), eq(messages.sessionId, sessionId), eq(messages.flag, false), page.before !== undefined ? lt(messages.seq, page.before) : undefined))
    .orderBy(desc(messages.seq))
    .limit(page.limit + 1);
  return { messages: rows.slice(0, page.limit), more: rows.length > page.limit };
}

/** Real-time reception counters: queued, in service, offered, and when the oldest queued one joined. */
export async function receptionCounts(db: DbOrTx, appId: number): Promise<{ queued: number; oldestQueuedAt: Date | null; inService: number; offered: number }> {
  const waiting = sql`${sessions.state} = 'Queueing' AND ${sessions.queuedAt} IS NOT NULL`;
  const [row] = await db
    .select({
      queued: sql<number>`count(*) FILTER (WHERE ${waiting})`.mapWith(Number),
      oldestQueuedAt: sql<Date | null>`min(${sessions.queuedAt}) FILTER (WHERE ${waiting})`.mapWith(sessions.queuedAt),
      inService: sql<number>`count(*) FILTER (WHERE ${sessions.state} = 'Agent')`.mapWith(Number),
      offered: sql<number>`count(*) FILTER (WHERE ${sessions.state} = 'WaitingForAgentAnswering')`.mapWith(Number),
    })
    .from(sessions)
    .where(and(eq(sessions.appId, appId), inArray(sessions.state, ['Queueing', ...OPEN_STATES])));
  return row;
}

/** How many sessions wait in the queue. */
export async function queueLength(db: DbOrTx, appId: number): Promise<number> {
  const [{ total }] = await db
    .select({ total: count() })
    .from(sessions)
    .where(and(eq(sessions.appId, appId), eq(sessions.state, 'Queueing'), sql`${sessions.queuedAt} IS NOT NULL`));
  return total;
}
