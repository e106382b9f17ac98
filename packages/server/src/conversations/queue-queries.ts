import { sql } from 'drizzle-orm';
import { usersWithNickLike } from '../customers/index.ts';
import { rowsOf, type DbOrTx } from '../platform/db.ts';

// Read models of the queue of sessions waiting for an agent (state Queueing, queued_at set), for
// routing (assignment, position prompts) and the workbench. Reads only, scoped by app, through the
// caller's `db` or transaction: routing calls them under its routing lock.

export interface QueuedSession {
  sessionId: string;
  accountId: string;
  userId: string;
  position: number;
  announcedPosition: number;
}

/** Queue order (spec 05 §7.1): priority 0 first, then first come, first served. */
const QUEUE_ORDER = sql`priority ASC, queued_at ASC, session_id ASC`;

/** The first `limit` queued sessions with their positions (from 1). */
export async function queueHead(db: DbOrTx, appId: number, limit: number): Promise<QueuedSession[]> {
  const result = await db.execute(sql`
    SELECT session_id AS "sessionId", account_id AS "accountId", user_id AS "userId",
           announced_position AS "announcedPosition", row_number() OVER (ORDER BY ${QUEUE_ORDER})::int AS position
    FROM sessions WHERE app_id = ${appId} AND state = 'Queueing' AND queued_at IS NOT NULL
    ORDER BY ${QUEUE_ORDER} LIMIT ${limit}`);
  return rowsOf<QueuedSession>(result);
}

/** One session's position (from 1), or 0 if it is not waiting in the queue. */
export async function queuePositionOf(db: DbOrTx, appId: number, sessionId: string): Promise<number> {
  const result = await db.execute(sql`
    SELECT (SELECT count(*) FROM sessions o WHERE o.app_id = s.app_id AND o.state = 'Queueing' AND o.queued_at IS NOT NULL
              AND (o.priority, o.queued_at, o.session_id) < (s.priority, s.queued_at, s.session_id))::int + 1 AS position
    FROM sessions s WHERE s.app_id = ${appId} AND s.session_id = ${sessionId} AND s.state = 'Queueing' AND s.queued_at IS NOT NULL`);
  return rowsOf<{ position: number }>(result)[0]?.position ?? 0;
}

/**
 * Queued sessions whose position differs from the one last announced, nearest the front first:
 * every change within the first `nearFront` places, further back only once the position improved
 * by a tenth since the last announcement (or when none was made yet).
 */
export async function changedQueuePositions(db: DbOrTx, appId: number, nearFront: number, limit: number): Promise<QueuedSession[]> {
  const result = await db.execute(sql`
    SELECT * FROM (
      SELECT session_id AS "sessionId", account_id AS "accountId", user_id AS "userId",
             announced_position AS "announcedPosition", row_number() OVER (ORDER BY ${QUEUE_ORDER})::int AS position
      FROM sessions WHERE app_id = ${appId} AND state = 'Queueing' AND queued_at IS NOT NULL) q
    WHERE q.position <> q."announcedPosition" AND (q.position <= ${nearFront} OR q."announcedPosition" = 0 OR q.position * 10 <= q."announcedPosition" * 9)
    ORDER BY q.position LIMIT ${limit}`);
  return rowsOf<QueuedSession>(result);
}

/**
 * One page of the queue in queue order, each session with its place in the whole queue; `userLike`
 * (an ILIKE pattern) keeps the sessions whose user id or customer nick matches.
 */
export async function queuePage(db: DbOrTx, appId: number, page: { userLike?: string; limit: number; offset: number }): Promise<{ total: number; positions: Map<string, number> }> {
  const search = page.userLike !== undefined ? sql`AND (q.user_id ILIKE ${page.userLike} OR q.user_id IN ${usersWithNickLike(appId, page.userLike)})` : sql``;
  const from = sql`FROM (SELECT session_id, user_id, row_number() OVER (ORDER BY ${QUEUE_ORDER})::int AS position
        FROM sessions WHERE app_id = ${appId} AND state = 'Queueing' AND queued_at IS NOT NULL) q
      WHERE true ${search}`;
  const [{ total }] = rowsOf<{ total: number }>(await db.execute(sql`SELECT count(*)::int AS total ${from}`));
  const rows = rowsOf<{ sessionId: string; position: number }>(
    await db.execute(sql`SELECT q.session_id AS "sessionId", q.position ${from} ORDER BY q.position LIMIT ${page.limit} OFFSET ${page.offset}`),
  );
  return { total: Number(total), positions: new Map(rows.map((p) => [p.sessionId, Number(p.position)])) };
}
