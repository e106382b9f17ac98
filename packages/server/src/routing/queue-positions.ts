import { changedQueuePositions, queueHead as queueHeadOf, queuePositionOf, type QueuedSession } from '../conversations/index.ts';
import type { DbOrTx } from '../platform/db.ts';

// The queue as routing sees it: the sessions' order and positions are conversations' read models
// (their table), read through the caller's transaction, under the routing lock where it is held.

export type { QueuedSession };

export const NEAR_FRONT = 100;

/** The first `limit` queued sessions with their positions (from 1), in queue order (spec 05 §7.1). */
export function queueHead(db: DbOrTx, appId: number, limit: number): Promise<QueuedSession[]> {
  return queueHeadOf(db, appId, limit);
}

/** One session's position (from 1), or 0 if it is not waiting in the queue. */
export function positionOf(db: DbOrTx, appId: number, sessionId: string): Promise<number> {
  return queuePositionOf(db, appId, sessionId);
}

/**
 * Sessions to tell their new position, nearest the front first: every change within the first
 * `NEAR_FRONT` places, further back only once the position improved by a tenth since the last
 * prompt (a rush of 10,000 must not cost 10,000 prompts per assignment).
 */
export function changedPositions(db: DbOrTx, appId: number, limit: number): Promise<QueuedSession[]> {
  return changedQueuePositions(db, appId, NEAR_FRONT, limit);
}
