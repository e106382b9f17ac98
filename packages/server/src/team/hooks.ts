import type { DbOrTx } from '../platform/db.ts';

export type AccessRevokedReason = 'force-offline' | 'deleted';
/** Runs after the change committed; `db` is the database (not a transaction), for the listener's own work. */
export type AccessRevokedListener = (db: DbOrTx, appId: number, memberId: string, reason: AccessRevokedReason) => Promise<void>;
export type GroupsChangedListener = (appId: number) => Promise<void>;

/**
 * Lets other features (routing) react to team changes without reading team tables: a member who
 * lost access must go offline and hand back their sessions; group edits change who may be assigned.
 */
export class TeamHooks {
  private revoked: AccessRevokedListener[] = [];
  private groups: GroupsChangedListener[] = [];

  constructor(private db: DbOrTx) {}

  onAccessRevoked(listener: AccessRevokedListener): void {
    this.revoked.push(listener);
  }

  onGroupsChanged(listener: GroupsChangedListener): void {
    this.groups.push(listener);
  }

  async accessRevoked(appId: number, memberId: string, reason: AccessRevokedReason): Promise<void> {
    for (const listener of this.revoked) await listener(this.db, appId, memberId, reason);
  }

  async groupsChanged(appId: number): Promise<void> {
    for (const listener of this.groups) await listener(appId);
  }
}
