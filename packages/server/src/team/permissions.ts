import { teamApi } from '@parley/protocol';
import type { Role } from './schema.ts';

// Who may do what to whom (spec 01 §1.3, §10.2). Roles are additive: a member holding admin and
// staff uses both surfaces. Pure functions: each answers with the reason for a refusal, or undefined.

/** Whoever acts: a logged-in member, or the app administrator signing with a UserSig (no memberId). */
export interface Actor {
  roles: readonly Role[];
  memberId?: string;
}

export interface Target {
  memberId: string;
  roles: readonly Role[];
}

export type MemberAction = 'edit' | 'reset-password' | 'force-offline' | 'restore' | 'delete';

/** Roles an admin may hand out. super_admin is given only by the operator (CLI or activation). Declared with the /api contract. */
export const ASSIGNABLE_ROLES = teamApi.ASSIGNABLE_ROLES;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

export const isSuperAdmin = (roles: readonly Role[]) => roles.includes('super_admin');
export const hasConsoleAccess = (roles: readonly Role[]) => isSuperAdmin(roles) || roles.includes('admin');
export const hasWorkbenchAccess = (roles: readonly Role[]) => isSuperAdmin(roles) || roles.includes('staff');

const SELF_REFUSALS: Partial<Record<MemberAction, string>> = {
  'reset-password': 'Admins cannot reset their own password; ask another admin or the super admin',
  'force-offline': 'Admins cannot force themselves offline; log out instead',
  delete: 'You cannot delete your own account: you would lose access at once. Ask another admin or the super admin',
  restore: 'You cannot restore your own account',
};

/** May `actor` perform `action` on member `target`? */
export function canManage(actor: Actor, target: Target, action: MemberAction): string | undefined {
  if (!hasConsoleAccess(actor.roles)) return 'Only admins and the super admin manage team members';
  if (isSuperAdmin(target.roles)) return 'The super admin cannot be modified, reset, forced offline or deleted';
  if (actor.memberId !== undefined && actor.memberId === target.memberId) return SELF_REFUSALS[action];
  return undefined;
}

/** May `actor` give `target` the roles `next`? (Checked after canManage(…, 'edit').) */
export function canChangeRoles(actor: Actor, target: Target, next: readonly Role[]): string | undefined {
  if (next.includes('super_admin')) return 'The super_admin role cannot be assigned; roles are admin and/or staff';
  const self = actor.memberId !== undefined && actor.memberId === target.memberId;
  if (self && target.roles.includes('admin') && !next.includes('admin')) {
    return 'You cannot remove your own admin role: you would lose access to the console. Ask another admin';
  }
  return undefined;
}

/** May `actor` add members (with `roles`)? */
export function canInvite(actor: Actor, roles: readonly Role[]): string | undefined {
  if (!hasConsoleAccess(actor.roles)) return 'Only admins and the super admin add team members';
  if (roles.includes('super_admin')) return 'The super_admin role cannot be assigned; roles are admin and/or staff';
  return undefined;
}
