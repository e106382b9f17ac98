import { bigint, jsonb, pgTable, timestamp } from 'drizzle-orm/pg-core';
import type { SatisfactionSettings } from './settings.ts';

/** Satisfaction settings per app (E26/E27); apps without a row use the defaults. */
export const satisfactionSettings = pgTable('satisfaction_settings', {
  appId: bigint('app_id', { mode: 'number' }).primaryKey(),
  settings: jsonb('settings').$type<SatisfactionSettings>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
