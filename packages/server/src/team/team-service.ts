import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { App, AppService } from '../apps/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db.ts';
import { assertRevision, invalid, notFound } from '../platform/errors.ts';
import { conflict, mailFailed, notPermitted } from './errors.ts';
import type { AccessRevokedListener, GroupsChangedListener, TeamHooks } from './hooks.ts';
import { passwordMail, type Mailer } from './mailer.ts';
import { isLive, memberSearch, toMember, type Member, type MemberRow } from './members.ts';
import { canChangeRoles, canInvite, canManage, hasWorkbenchAccess, type Actor, type MemberAction } from './permissions.ts';
import { hashPassword, randomPassword } from './passwords.ts';
import { agentGroups, groupMembers, loginSessions, members, ROLES, type Role } from './schema.ts';
import { email as emailRule, nick as nickRule, type InviteInput, type ListQuery, type MemberPatch } from './validation.ts';

/** The admin acting, with their app (for mails and scoping). */
export type AppActor = Actor & { app: App };

/** A new password goes by mail when SMTP is configured; otherwise it is returned this once and never stored in clear. */
export interface IssuedPassword {
  member: Member;
  password?: string;
  emailed: boolean;
}

export interface MemberPage {
  total: number;
  page: number;
  pageSize: number;
  items: Member[];
}

export const MEMBER_ADD_USAGE = 'usage: parley member add --app <sdkAppId> --email <email> --nick <nick> [--role super_admin|admin|staff ...] [--json]';

/** A member added by the operator, with the password they log in with. */
export interface ProvisionedMember {
  memberId: string;
  email: string;
  nick: string;
  roles: Role[];
  password: string;
}

interface NewMember {
  email: string;
  nick: string;
  roles: Role[];
  phone?: string;
  maxConcurrent?: number | null;
}

export interface TeamServiceDeps {
  db: Db;
  clock: Clock;
  apps: AppService;
  hooks: TeamHooks;
  mailer?: Mailer;
  /** The server's public base URL, for the login link in mails. */
  publicUrl?: string;
}

/** Team members (spec 01 §10.1): invite, edit, reset password, force offline / restore, delete. */
export class TeamService {
  private readonly db: Db;
  private readonly clock: Clock;

  constructor(private readonly deps: TeamServiceDeps) {
    this.db = deps.db;
    this.clock = deps.clock;
  }

  /** After force offline or delete committed: routing sets the agent offline and re-routes their sessions. */
  onAccessRevoked(listener: AccessRevokedListener): void {
    this.deps.hooks.onAccessRevoked(listener);
  }

  /** After any change of group names or membership (including a deleted member leaving their groups). */
  onGroupsChanged(listener: GroupsChangedListener): void {
    this.deps.hooks.onGroupsChanged(listener);
  }

  async invite(actor: AppActor, input: InviteInput): Promise<IssuedPassword> {
    const refusal = canInvite(actor, input.roles);
    if (refusal) throw notPermitted(refusal);
    const password = randomPassword();
    const passwordHash = await hashPassword(password);
    return this.db.transaction(async (tx) => {
      const row = await this.insertMember(tx, actor.app.sdkAppId, input, passwordHash);
      return this.deliver(actor.app, row, password, 'invitation');
    });
  }

  /** For the CLI and the demo: a super admin (roles ['super_admin']) whose password is returned. */
  async provisionSuperAdmin(appId: number, email: string, nick: string): Promise<{ member: Member; password: string }> {
    return this.provision(appId, { email, nick, roles: ['super_admin'] });
  }

  /**
   * The operator's request (`parley member add`, directly or through the running server's control
   * endpoint): an unchecked body `{ email, nick, roles }`; any roles, super_admin included.
   */
  async provisionRequest(appId: number, body: unknown): Promise<ProvisionedMember> {
    const { email, nick, roles } = (body ?? {}) as { email?: unknown; nick?: unknown; roles?: unknown };
    if (typeof email !== 'string' || typeof nick !== 'string' || !Array.isArray(roles)) throw invalid(MEMBER_ADD_USAGE);
    const { member, password } = await this.provision(appId, { email, nick, roles: roles as Role[] });
    return { memberId: member.memberId, email: member.email, nick: member.nick, roles: member.roles, password };
  }

  /** Operator path (CLI): any roles, super_admin included; the password is always returned. */
  async provision(appId: number, input: NewMember): Promise<{ member: Member; password: string }> {
    const checked = { ...input, email: parseOrInvalid(emailRule, input.email), nick: parseOrInvalid(nickRule, input.nick), roles: checkRoles(input.roles) };
    if (!Number.isSafeInteger(appId) || !(await this.deps.apps.get(appId))) throw notFound(`App ${appId} does not exist`);
    const password = randomPassword();
    const row = await this.db.transaction(async (tx) => this.insertMember(tx, appId, checked, await hashPassword(password)));
    return { member: toMember(row), password };
  }

  async update(actor: AppActor, memberId: string, patch: MemberPatch): Promise<Member> {
    return this.db.transaction(async (tx) => {
      const target = await this.lockManaged(tx, actor, memberId, 'edit');
      assertRevision(patch.expectedRevision, target.updatedAt, 'This member');
      if (patch.roles) {
        const refusal = canChangeRoles(actor, target, patch.roles);
        if (refusal) throw notPermitted(refusal);
      }
      const [row] = await tx
        .update(members)
        .set({ ...withoutUndefined({ nick: patch.nick, roles: patch.roles, phone: patch.phone, maxConcurrent: patch.maxConcurrent }), updatedAt: this.clock.now() })
        .where(isLive(actor.app.sdkAppId, target.memberId))
        .returning();
      return toMember(row);
    });
  }

  /** A new random password; the old one and every login of the member stop working at once. */
  async resetPassword(actor: AppActor, memberId: string): Promise<IssuedPassword> {
    const password = randomPassword();
    const passwordHash = await hashPassword(password);
    return this.db.transaction(async (tx) => {
      const target = await this.lockManaged(tx, actor, memberId, 'reset-password');
      const row = await this.revokeLogins(tx, actor.app.sdkAppId, target.memberId, { passwordHash });
      return this.deliver(actor.app, row, password, 'reset');
    });
  }

  /** 强制下线: logins end now and new ones are refused until restored. Repeating it is harmless. */
  async forceOffline(actor: AppActor, memberId: string): Promise<Member> {
    const row = await this.db.transaction(async (tx) => {
      const target = await this.lockManaged(tx, actor, memberId, 'force-offline');
      return this.revokeLogins(tx, actor.app.sdkAppId, target.memberId, { loginDisabled: true });
    });
    await this.deps.hooks.accessRevoked(actor.app.sdkAppId, row.memberId, 'force-offline');
    return toMember(row);
  }

  /** 恢复上线: the member may log in again. */
  async restore(actor: AppActor, memberId: string): Promise<Member> {
    return this.db.transaction(async (tx) => {
      const target = await this.lockManaged(tx, actor, memberId, 'restore');
      const [row] = await tx.update(members).set({ loginDisabled: false, updatedAt: this.clock.now() }).where(isLive(actor.app.sdkAppId, target.memberId)).returning();
      return toMember(row);
    });
  }

  /** The row stays (history shows the name); logins end, group memberships go, the email may be invited again. */
  async delete(actor: AppActor, memberId: string): Promise<void> {
    const appId = actor.app.sdkAppId;
    const { id, leftGroups } = await this.db.transaction(async (tx) => {
      const target = await this.lockManaged(tx, actor, memberId, 'delete');
      await this.revokeLogins(tx, appId, target.memberId, { deletedAt: this.clock.now() });
      const removed = await tx
        .delete(groupMembers)
        .where(and(eq(groupMembers.appId, appId), eq(groupMembers.memberId, target.memberId)))
        .returning({ groupId: groupMembers.groupId });
      if (removed.length) {
        const groupIds = removed.map((r) => r.groupId);
        await tx
          .update(agentGroups)
          .set({ updatedAt: this.clock.now() })
          .where(and(eq(agentGroups.appId, appId), inArray(agentGroups.groupId, groupIds)));
      }
      return { id: target.memberId, leftGroups: removed.length > 0 };
    });
    await this.deps.hooks.accessRevoked(appId, id, 'deleted');
    if (leftGroups) await this.deps.hooks.groupsChanged(appId);
  }

  async list(appId: number, query: ListQuery): Promise<MemberPage> {
    const where = and(eq(members.appId, appId), isNull(members.deletedAt), memberSearch(query.q));
    const [{ total }] = await this.db.select({ total: count() }).from(members).where(where);
    const rows = await this.db
      .select()
      .from(members)
      .where(where)
      .orderBy(asc(members.createdAt), asc(members.memberId))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
    return { total, page: query.page, pageSize: query.pageSize, items: rows.map(toMember) };
  }

  /** A live member of the app, or 404. */
  async get(appId: number, memberId: string): Promise<Member> {
    const member = await this.getMember(appId, memberId);
    if (!member) throw memberNotFound(memberId);
    return member;
  }

  /** A live member of the app, or undefined (deleted members and other apps' ids are unknown). */
  async getMember(appId: number, memberId: string): Promise<Member | undefined> {
    const [row] = await this.db
      .select()
      .from(members)
      .where(isLive(appId, normalizeId(memberId)));
    return row && toMember(row);
  }

  /** Members by id, deleted ones included (for names in history); unknown ids are left out. */
  async membersByIds(appId: number, memberIds: string[]): Promise<Member[]> {
    if (!memberIds.length) return [];
    const rows = await this.db
      .select()
      .from(members)
      .where(and(eq(members.appId, appId), inArray(members.memberId, memberIds.map(normalizeId))));
    return rows.map(toMember);
  }

  /** Live, not forced offline: may hold a login and receive sessions. */
  async isLoginAllowed(appId: number, memberId: string): Promise<boolean> {
    const member = await this.getMember(appId, memberId);
    return Boolean(member && !member.loginDisabled);
  }

  /** Inserts a member, or revives a deleted one with the same email; a live one is a conflict. */
  private async insertMember(tx: DbOrTx, appId: number, input: NewMember, passwordHash: string): Promise<MemberRow> {
    const fields = {
      email: input.email,
      nick: input.nick,
      roles: input.roles,
      phone: input.phone ?? '',
      maxConcurrent: input.maxConcurrent ?? null,
      passwordHash,
      loginDisabled: false,
      createdAt: this.clock.now(),
      updatedAt: this.clock.now(),
    };
    const [inserted] = await tx
      .insert(members)
      .values({ appId, memberId: input.email, ...fields })
      .onConflictDoNothing()
      .returning();
    if (inserted) return inserted;
    const [revived] = await tx
      .update(members)
      .set({ ...fields, deletedAt: null, lastOnlineAt: null, credentialsVersion: sql`${members.credentialsVersion} + 1` })
      .where(and(eq(members.appId, appId), eq(members.memberId, input.email), sql`${members.deletedAt} IS NOT NULL`))
      .returning();
    if (!revived) throw conflict(`${input.email} is already a member of this app`);
    return revived;
  }

  /** Locks a live member of the actor's app and checks the actor may do `action` to them. */
  private async lockManaged(tx: DbOrTx, actor: AppActor, memberId: string, action: MemberAction): Promise<MemberRow> {
    const [row] = await tx
      .select()
      .from(members)
      .where(isLive(actor.app.sdkAppId, normalizeId(memberId)))
      .for('update');
    if (!row) throw memberNotFound(memberId);
    const refusal = canManage(actor, row, action);
    if (refusal) throw notPermitted(refusal);
    return row;
  }

  /** Applies `changes`, bumps the credentials version (older logins stop at once) and drops stored logins. */
  private async revokeLogins(tx: DbOrTx, appId: number, memberId: string, changes: Partial<MemberRow>): Promise<MemberRow> {
    const [row] = await tx
      .update(members)
      .set({ ...changes, credentialsVersion: sql`${members.credentialsVersion} + 1`, updatedAt: this.clock.now() })
      .where(and(eq(members.appId, appId), eq(members.memberId, memberId)))
      .returning();
    await tx.delete(loginSessions).where(and(eq(loginSessions.appId, appId), eq(loginSessions.memberId, memberId)));
    return row;
  }

  /** Mails the password inside the caller's transaction: if the mail fails, nothing is saved. */
  private async deliver(app: App, row: MemberRow, password: string, kind: 'invitation' | 'reset'): Promise<IssuedPassword> {
    const member = toMember(row);
    const { mailer } = this.deps;
    if (!mailer) return { member, password, emailed: false };
    const loginUrl = this.loginUrl(row.roles);
    try {
      await mailer.send(passwordMail({ kind, email: row.email, nick: row.nick, appName: app.name, password, loginUrl }));
    } catch (error) {
      throw mailFailed((error as Error).message);
    }
    return { member, emailed: true };
  }

  private loginUrl(roles: Role[]): string | undefined {
    const base = this.deps.publicUrl?.replace(/\/+$/, '');
    if (!base) return undefined;
    return `${base}${hasWorkbenchAccess(roles) ? '/workbench' : '/console'}`;
  }
}

/** Member ids are lower-cased emails; ids in URLs are matched the same way. */
export const normalizeId = (memberId: string) => memberId.trim().toLowerCase();

const memberNotFound = (memberId: string) => notFound(`Member ${memberId} does not exist in this app`);

function parseOrInvalid<T>(rule: z.ZodType<T>, value: unknown): T {
  const result = rule.safeParse(value);
  if (!result.success) throw invalid(result.error.issues.map((i) => i.message).join('; '));
  return result.data;
}

/** Operator-given roles: super_admin alone, or admin and/or staff. */
function checkRoles(roles: Role[]): Role[] {
  if (!Array.isArray(roles)) throw invalid('roles must be a list');
  const unique = [...new Set(roles)].sort();
  const valid = unique.length > 0 && unique.every((r) => ROLES.includes(r)) && (!unique.includes('super_admin') || unique.length === 1);
  if (!valid) throw invalid('roles are super_admin alone, or admin and/or staff');
  return unique;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
