import { bigint, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Per-app quotas. Parley has no editions: every app gets the premium values, changeable per app. */
export interface AppQuotas {
  maxLanguages: number;
  maxRobots: number;
  maxDocuments: number;
  maxTaskFlows: number;
  maxAccounts: number;
}

export const apps = pgTable('apps', {
  sdkAppId: bigint('sdk_app_id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull(),
  secretKey: text('secret_key').notNull(),
  adminIdentifier: text('admin_identifier').notNull().default('administrator'),
  quotas: jsonb('quotas').$type<AppQuotas>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
