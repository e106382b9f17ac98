import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db.ts';
import { events } from './schema.ts';

// Read models of the event log for other features (the workbench): reads only.

/**
 * A subquery of the session ids named by `type` events of one stream (e.g. the SessionAssigned
 * events of an agent's stream: every session ever put in their service), for `inArray(...)`.
 */
export function sessionIdsOfEvents(appId: number, streamId: string, type: string): SQL {
  return sql`(SELECT ${events.payload}->>'sessionId' FROM ${events} WHERE ${events.appId} = ${appId} AND ${events.streamId} = ${streamId} AND ${events.type} = ${type})`;
}

/** Where a session's events begin in a stream that holds many sessions (a conversation), or undefined. */
export async function firstSeqOfSession(db: DbOrTx, appId: number, streamId: string, sessionId: string): Promise<number | undefined> {
  const [row] = await db
    .select({ seq: sql<number | null>`min(${events.seq})`.mapWith(Number) })
    .from(events)
    .where(and(eq(events.appId, appId), eq(events.streamId, streamId), sql`${events.payload}->>'sessionId' = ${sessionId}`));
  return row?.seq || undefined;
}
