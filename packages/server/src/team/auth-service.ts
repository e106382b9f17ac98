import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { App, AppService } from '../apps/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import { loginDisabled, loginFailed, tooManyAttempts } from './errors.ts';
import { LoginThrottle } from './login-throttle.ts';
import { toMember, type Member, type MemberRow } from './members.ts';
import { UNUSABLE_HASH, verifyPassword } from './passwords.ts';
import { loginSessions, members } from './schema.ts';

/** Logins last 12 hours from the moment of login (no sliding renewal). */
export const SESSION_TTL_MS = 12 * 60 * 60_000;

export interface LoginInput {
  email: string;
  password: string;
  sdkAppId?: number;
}

export interface AppChoice {
  sdkAppId: number;
  name: string;
}

/** A new login: `token` goes into the cookie and is never stored; `csrfToken` is echoed in X-CSRF-Token. */
export interface LoginSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  member: Member;
  app: App;
}

export type LoginResult = { session: LoginSession } | { chooseApp: AppChoice[] };

export interface Authenticated {
  member: Member;
  app: App;
  csrfToken: string;
  expiresAt: Date;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Member logins (spec 03 §1.2): email and password, then a choice of app when the email belongs to several. */
export class AuthService {
  private throttle: LoginThrottle;

  constructor(
    private db: Db,
    private clock: Clock,
    private apps: AppService,
  ) {
    this.throttle = new LoginThrottle(clock);
  }

  async login(input: LoginInput): Promise<LoginResult> {
    const email = input.email.trim().toLowerCase();
    const wait = this.throttle.blockedFor(email);
    if (wait > 0) throw tooManyAttempts(Math.ceil(wait / 60_000));
    const verified = await this.verifiedMembers(email, input.password, input.sdkAppId);
    if (!verified.length) {
      this.throttle.fail(email);
      throw loginFailed();
    }
    this.throttle.succeed(email);
    // The password was right, so saying why the door is shut reveals nothing new.
    const usable = verified.filter((row) => !row.loginDisabled);
    if (!usable.length) throw loginDisabled();
    const withApps = await this.withApps(usable);
    if (!withApps.length) throw loginFailed();
    if (withApps.length > 1) return { chooseApp: withApps.map(({ app }) => ({ sdkAppId: app.sdkAppId, name: app.name })) };
    return { session: await this.open(withApps[0].row, withApps[0].app) };
  }

  /** The member and app behind a cookie token, if the login is still good. */
  async authenticate(token: string): Promise<Authenticated | undefined> {
    if (!token || token.length > 128) return undefined;
    const [found] = await this.db
      .select({ login: loginSessions, member: members })
      .from(loginSessions)
      .innerJoin(members, and(eq(members.appId, loginSessions.appId), eq(members.memberId, loginSessions.memberId)))
      .where(eq(loginSessions.tokenHash, hashToken(token)));
    if (!found) return undefined;
    const { login, member } = found;
    const stale = login.expiresAt <= this.clock.now() || member.deletedAt !== null || member.loginDisabled || member.credentialsVersion !== login.credentialsVersion;
    if (stale) return undefined;
    const app = await this.apps.get(login.appId);
    if (!app) return undefined;
    return { member: toMember(member), app, csrfToken: login.csrfToken, expiresAt: login.expiresAt };
  }

  async logout(token: string): Promise<void> {
    if (!token || token.length > 128) return;
    await this.db.delete(loginSessions).where(eq(loginSessions.tokenHash, hashToken(token)));
  }

  /** Live members with this email (in one app when given) whose password matches. */
  private async verifiedMembers(email: string, password: string, sdkAppId?: number): Promise<MemberRow[]> {
    const candidates = await this.db
      .select()
      .from(members)
      .where(and(eq(members.email, email), isNull(members.deletedAt), sdkAppId === undefined ? undefined : eq(members.appId, sdkAppId)));
    // An unknown email costs one hash too, so timing does not tell which emails exist.
    if (!candidates.length) await verifyPassword(password, UNUSABLE_HASH);
    const verified: MemberRow[] = [];
    for (const row of candidates) if (await verifyPassword(password, row.passwordHash)) verified.push(row);
    return verified;
  }

  private async withApps(rows: MemberRow[]): Promise<{ row: MemberRow; app: App }[]> {
    const pairs = await Promise.all(rows.map(async (row) => ({ row, app: await this.apps.get(row.appId) })));
    return pairs.filter((p): p is { row: MemberRow; app: App } => Boolean(p.app)).sort((a, b) => a.app.name.localeCompare(b.app.name) || a.app.sdkAppId - b.app.sdkAppId);
  }

  /** Opens a login for a member already vouched for (by a password here, or by a one-time embed token). */
  async open(row: MemberRow, app: App): Promise<LoginSession> {
    const now = this.clock.now();
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    const where = and(eq(loginSessions.appId, row.appId), eq(loginSessions.memberId, row.memberId));
    await this.db.transaction(async (tx) => {
      // Expired logins of this member are of no use to anyone.
      await tx.delete(loginSessions).where(and(where, lt(loginSessions.expiresAt, now)));
      await tx.insert(loginSessions).values({
        tokenHash: hashToken(token),
        appId: row.appId,
        memberId: row.memberId,
        csrfToken,
        credentialsVersion: row.credentialsVersion,
        createdAt: now,
        expiresAt,
      });
      await tx
        .update(members)
        .set({ lastOnlineAt: now })
        .where(and(eq(members.appId, row.appId), eq(members.memberId, row.memberId)));
    });
    return { token, csrfToken, expiresAt, member: { ...toMember(row), lastOnlineAt: now }, app };
  }
}
