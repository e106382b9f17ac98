import { describe, expect, it } from 'vitest';
import { canChangeRoles, canInvite, canManage, hasConsoleAccess, hasWorkbenchAccess, type MemberAction } from '../../src/team/permissions.ts';

const ACTIONS: MemberAction[] = ['edit', 'reset-password', 'force-offline', 'restore', 'delete'];
const superAdmin = { memberId: 'boss@example.com', roles: ['super_admin'] as const };
const admin = { memberId: 'admin@example.com', roles: ['admin'] as const };
const otherAdmin = { memberId: 'admin2@example.com', roles: ['admin', 'staff'] as const };
const staff = { memberId: 'staff@example.com', roles: ['staff'] as const };
const userSigAdmin = { roles: ['super_admin'] as const };

describe('team permissions', () => {
  it('gives the console to admins and the super admin, the workbench to staff and the super admin', () => {
    expect([superAdmin, admin, otherAdmin, staff].map((m) => hasConsoleAccess(m.roles))).toEqual([true, true, true, false]);
    expect([superAdmin, admin, otherAdmin, staff].map((m) => hasWorkbenchAccess(m.roles))).toEqual([true, false, true, true]);
  });

  it('lets admins and the super admin do everything to other admins and staff', () => {
    for (const actor of [superAdmin, admin, userSigAdmin]) {
      for (const target of [otherAdmin, staff]) {
        for (const action of ACTIONS) expect(canManage(actor, target, action), `${action}`).toBeUndefined();
      }
    }
  });

  it('lets nobody modify, reset, force offline or delete the super admin, itself included', () => {
    for (const actor of [superAdmin, admin, userSigAdmin]) {
      for (const action of ACTIONS) expect(canManage(actor, superAdmin, action)).toMatch(/super admin cannot be modified/);
    }
  });

  it('lets staff manage nobody', () => {
    for (const target of [staff, admin, { memberId: 'x@example.com', roles: ['staff'] as const }]) {
      for (const action of ACTIONS) expect(canManage(staff, target, action)).toMatch(/Only admins/);
    }
    expect(canInvite(staff, ['staff'])).toMatch(/Only admins/);
  });

  it('stops an admin from resetting, forcing offline or deleting themselves, but lets them edit their own details', () => {
    expect(canManage(admin, admin, 'reset-password')).toMatch(/cannot reset their own password/);
    expect(canManage(admin, admin, 'force-offline')).toMatch(/cannot force themselves offline/);
    expect(canManage(admin, admin, 'delete')).toMatch(/cannot delete your own account/);
    expect(canManage(admin, admin, 'edit')).toBeUndefined();
    expect(canChangeRoles(admin, admin, ['admin', 'staff'])).toBeUndefined();
    expect(canChangeRoles(admin, admin, ['staff'])).toMatch(/cannot remove your own admin role/);
    expect(canChangeRoles(admin, otherAdmin, ['staff'])).toBeUndefined();
  });

  it('never hands out super_admin', () => {
    expect(canInvite(superAdmin, ['super_admin'])).toMatch(/cannot be assigned/);
    expect(canChangeRoles(superAdmin, staff, ['super_admin'])).toMatch(/cannot be assigned/);
    expect(canInvite(admin, ['admin', 'staff'])).toBeUndefined();
  });
});
