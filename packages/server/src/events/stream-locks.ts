import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db.ts';
import { eventStreams } from './schema.ts';

// A stream's row is its lock: the writers of one conversation (or agent) queue behind it.

/** Takes the stream's row lock in `tx`, creating the row if needed (an upsert that touches the row locks it). */
export async function lockStream(tx: DbOrTx, appId: number, streamId: string): Promise<void> {
  await tx
    .insert(eventStreams)
    .values({ appId, streamId, lastSeq: 0 })
    .onConflictDoUpdate({ target: [eventStreams.appId, eventStreams.streamId], set: { lastSeq: sql`${eventStreams.lastSeq}` } });
}

/** Takes the lock only if nobody holds it (FOR UPDATE SKIP LOCKED); false if it is held or the stream has no row yet. */
export async function tryLockStream(tx: DbOrTx, appId: number, streamId: string): Promise<boolean> {
  const rows = await tx
    .select({ seq: eventStreams.lastSeq })
    .from(eventStreams)
    .where(and(eq(eventStreams.appId, appId), eq(eventStreams.streamId, streamId)))
    .for('update', { skipLocked: true });
  return rows.length > 0;
}
