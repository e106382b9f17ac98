import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db.ts';

/**
 * Serialises the decisions that add load to agents in one app (assignments, transfers, contacts),
 * so capacity checks and increments cannot interleave across processes. Lock order: a transaction
 * may hold conversation locks when it takes this one; while holding it, conversations are only
 * taken with SKIP LOCKED, so no cycle can form.
 */
export async function takeRoutingLock(tx: DbOrTx, appId: number): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${ROUTING_LOCK_SPACE}, ${appId % 2_147_483_647})`);
}

// The two-key form keeps app ids clear of other advisory locks (migrations use the one-key form).
const ROUTING_LOCK_SPACE = 4_711;
