import { and, eq, lte, max } from 'drizzle-orm';
import { events } from '../events/schema.ts';
import type { DbOrTx } from '../platform/db.ts';
import { callbackDispatched, callbackSettings } from './schema.ts';

export type CallbackSettingsRow = typeof callbackSettings.$inferSelect;

/** The app's settings row, locked until the transaction ends: dispatchers and settings writes take turns. */
export async function lockSettings(tx: DbOrTx, appId: number): Promise<CallbackSettingsRow | undefined> {
  const [row] = await tx.select().from(callbackSettings).where(eq(callbackSettings.appId, appId)).for('update');
  return row;
}

/** The id of the app's newest event (0 for none). */
export async function logHead(tx: DbOrTx, appId: number): Promise<number> {
  const [row] = await tx.select({ head: max(events.id) }).from(events).where(eq(events.appId, appId));
  return Number(row?.head ?? 0);
}

/** Moves the cursor forward and drops the ledger entries it now covers. */
export async function advanceCursor(tx: DbOrTx, appId: number, to: number): Promise<void> {
  await tx.update(callbackSettings).set({ cursorEventId: to }).where(eq(callbackSettings.appId, appId));
  await tx.delete(callbackDispatched).where(and(eq(callbackDispatched.appId, appId), lte(callbackDispatched.eventId, to)));
}
