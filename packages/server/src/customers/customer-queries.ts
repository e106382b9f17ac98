import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db.ts';
import { customers } from './schema.ts';

// Read models of customers for other features (conversation history, the workbench): reads only.

export type CustomerRow = typeof customers.$inferSelect;

/** The app's customer record of `userId`, or undefined. */
export async function customerOf(db: DbOrTx, appId: number, userId: string): Promise<CustomerRow | undefined> {
  const [customer] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.appId, appId), eq(customers.userId, userId)));
  return customer;
}

/** Nicks by user id; users without a customer record are missing. */
export async function customerNicks(db: DbOrTx, appId: number, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: customers.userId, nick: customers.nick })
    .from(customers)
    .where(and(eq(customers.appId, appId), inArray(customers.userId, [...new Set(userIds)])));
  return new Map(rows.map((r) => [r.userId, r.nick]));
}

/**
 * A subquery of the app's user ids whose customer nick matches `pattern` (ILIKE), for a feature
 * that searches its own rows by customer nick: `inArray(itsTable.userId, usersWithNickLike(...))`.
 */
export function usersWithNickLike(appId: number, pattern: string): SQL {
  return sql`(SELECT ${customers.userId} FROM ${customers} WHERE ${customers.appId} = ${appId} AND ${customers.nick} ILIKE ${pattern})`;
}
