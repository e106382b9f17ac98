import type { DbOrTx } from '../platform/db.ts';
import { invalid } from '../platform/errors.ts';
import { existingGroupIds, groupIdsOfMember, liveMemberIds } from '../team/index.ts';
import { QUICK_REPLY_LIMITS } from '@parley/protocol';
import type { QuickReplyScope } from './schema.ts';

// Who a category is for (spec 01 §9). Membership comes from the team's read models.

export type SharedScope = Exclude<QuickReplyScope, 'personal'>;
export const SHARED_SCOPES: readonly SharedScope[] = ['all', 'groups', 'members'];

/**
 * The scope ids to store, checked against the app: existing group ids for `groups`, existing
 * (not deleted) member ids for `members`, none for `all`. Duplicates are dropped.
 */
export async function checkedScopeIds(tx: DbOrTx, appId: number, scope: SharedScope, ids: unknown): Promise<Array<number | string>> {
  if (ids !== undefined && !Array.isArray(ids)) throw invalid('scopeIds must be an array');
  const list = [...new Set((ids as unknown[] | undefined) ?? [])];
  if (scope === 'all') {
    if (list.length) throw invalid('scopeIds must be empty when scope is all');
    return [];
  }
  if (!list.length) throw invalid(`scopeIds must list at least one ${scope === 'groups' ? 'group id' : 'member id'} when scope is ${scope}`);
  if (list.length > QUICK_REPLY_LIMITS.scopeIds) throw invalid(`scopeIds lists at most ${QUICK_REPLY_LIMITS.scopeIds} ids`);
  return scope === 'groups' ? checkGroups(tx, appId, list) : checkMembers(tx, appId, list);
}

async function checkGroups(tx: DbOrTx, appId: number, ids: unknown[]): Promise<number[]> {
  if (!ids.every((id) => Number.isInteger(id) && (id as number) > 0 && (id as number) <= 2_147_483_647)) {
    throw invalid('scopeIds must be group ids (positive integers) when scope is groups');
  }
  const groupIds = ids as number[];
  const known = await existingGroupIds(tx, appId, groupIds);
  const unknown = groupIds.filter((id) => !known.has(id));
  if (unknown.length) throw invalid(`scopeIds: group(s) ${unknown.slice(0, 10).join(', ')} do not exist in this app`);
  return groupIds;
}

async function checkMembers(tx: DbOrTx, appId: number, ids: unknown[]): Promise<string[]> {
  if (!ids.every((id) => typeof id === 'string' && id !== '' && id.length <= 320)) {
    throw invalid('scopeIds must be member ids (non-empty strings) when scope is members');
  }
  const memberIds = ids as string[];
  const known = await liveMemberIds(tx, appId, memberIds);
  const unknown = memberIds.filter((id) => !known.has(id));
  if (unknown.length) throw invalid(`scopeIds: member(s) ${unknown.slice(0, 10).join(', ')} do not exist in this app`);
  return memberIds;
}

/** The groups a member belongs to, for visibility. */
export async function groupsOfMember(db: DbOrTx, appId: number, memberId: string): Promise<Set<number>> {
  return groupIdsOfMember(db, appId, memberId);
}

/** Whether a category's scope includes the member. */
export function includesMember(category: { scope: QuickReplyScope; scopeIds: Array<number | string>; ownerId: string }, memberId: string, groups: Set<number>): boolean {
  switch (category.scope) {
    case 'all':
      return true;
    case 'groups':
      return category.scopeIds.some((id) => typeof id === 'number' && groups.has(id));
    case 'members':
      return category.scopeIds.includes(memberId);
    case 'personal':
      return category.ownerId === memberId;
  }
}
