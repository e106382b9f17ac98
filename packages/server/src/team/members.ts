import { and, eq, ilike, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db.ts';
import { members, type Role } from './schema.ts';

// Reading member rows: the public shape of a member, and the scoped lookups every team service uses.

export type MemberRow = typeof members.$inferSelect;

/** A member as other features and the API see it: never the password hash. */
export interface Member {
  memberId: string;
  email: string;
  nick: string;
  phone: string;
  roles: Role[];
  /** Concurrent sessions before the agent counts as full; null: the app's default. */
  maxConcurrent: number | null;
  loginDisabled: boolean;
  lastOnlineAt: Date | null;
  createdAt: Date;
  /** Changed on every edit: the revision for optimistic concurrency. */
  updatedAt: Date;
  /** Set on deleted members, whose names history and analytics still show. */
  deletedAt: Date | null;
}

export function toMember(row: MemberRow): Member {
  const { memberId, email, nick, phone, roles, maxConcurrent, loginDisabled, lastOnlineAt, createdAt, updatedAt, deletedAt } = row;
  return { memberId, email, nick, phone, roles, maxConcurrent, loginDisabled, lastOnlineAt, createdAt, updatedAt, deletedAt };
}

export const isLive = (appId: number, memberId: string) => and(eq(members.appId, appId), eq(members.memberId, memberId), isNull(members.deletedAt));

/** `q` as a case-insensitive substring of the nick or the email; LIKE wildcards in it match literally. */
export function memberSearch(q: string | undefined): SQL | undefined {
  if (!q) return undefined;
  const pattern = `%${escapeLike(q)}%`;
  return or(ilike(members.nick, pattern), ilike(members.email, pattern));
}

export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Of `ids`, those that are live members of the app. */
export async function liveMemberIds(db: DbOrTx, appId: number, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .select({ memberId: members.memberId })
    .from(members)
    .where(and(eq(members.appId, appId), inArray(members.memberId, ids), isNull(members.deletedAt)));
  return new Set(rows.map((r) => r.memberId));
}
