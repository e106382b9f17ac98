import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db.ts';
import { callbackSettings } from './schema.ts';

export type CallbackSettingsRow = typeof callbackSettings.$inferSelect;

/** The app's settings row, locked until the transaction ends: settings writes take turns. */
export async function lockSettings(tx: DbOrTx, appId: number): Promise<CallbackSettingsRow | undefined> {
  const [row] = await tx.select().from(callbackSettings).where(eq(callbackSettings.appId, appId)).for('update');
  return row;
}
