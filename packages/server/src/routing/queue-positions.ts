import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../platform/db.ts';

export interface QueuedSession {
  sessionId: string;
  accountId: string;
  userId: string;
  position: number;
  announcedPosition: number;
}

export const NEAR_FRONT = 100;

/** Queue order (spec 05 §7.1): priority 0 first, then first come, first served. */
export const QUEUE_ORDER = sql`priority ASC, queued_at ASC, session_id ASC`;

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
export async function positionOf(db: DbOrTx, appId: number, sessionId: string): Promise<number> {
  const result = await db.execute(sql`
    SELECT (SELECT count(*) FROM sessions o WHERE o.app_id = s.app_id AND o.state = 'Queueing' AND o.queued_at IS NOT NULL
              AND (o.priority, o.queued_at, o.session_id) < (s.priority, s.queued_at, s.session_id))::int + 1 AS position
    FROM sessions s WHERE s.app_id = ${appId} AND s.session_id = ${sessionId} AND s.state = 'Queueing' AND s.queued_at IS NOT NULL`);
  return rowsOf<{ position: number }>(result)[0]?.position ?? 0;
}

/**
 * Sessions to tell their new position, nearest the front first: every change within the first
 * `NEAR_FRONT` places, further back only once the position improved by a tenth since the last
 * prompt (a rush of 10,000 must not cost 10,000 prompts per assignment).
 */
export async function changedPositions(db: DbOrTx, appId: number, limit: number): Promise<QueuedSession[]> {
  const result = await db.execute(sql`
    SELECT * FROM (
      SELECT session_id AS "sessionId", account_id AS "accountId", user_id AS "userId",
             announced_position AS "announcedPosition", row_number() OVER (ORDER BY ${QUEUE_ORDER})::int AS position
      FROM sessions WHERE app_id = ${appId} AND state = 'Queueing' AND queued_at IS NOT NULL) q
    WHERE q.position <> q."announcedPosition" AND (q.position <= ${NEAR_FRONT} OR q."announcedPosition" = 0 OR q.position * 10 <= q."announcedPosition" * 9)
    ORDER BY q.position LIMIT ${limit}`);
  return rowsOf<QueuedSession>(result);
}
