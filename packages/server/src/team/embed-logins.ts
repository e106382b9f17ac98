import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { AppService } from '../apps/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { AuthService, LoginSession } from './auth-service.ts';
import { loginDisabled, notPermitted } from './errors.ts';
import { isLive, type MemberRow } from './members.ts';
import { hasConsoleAccess, hasWorkbenchAccess, isSuperAdmin, type Actor } from './permissions.ts';
import { embedLogins, members } from './schema.ts';

/** Spec 03 §2.3: an SdkURL is valid for 10 minutes and logs in once. */
export const EMBED_TOKEN_TTL_MS = 10 * 60_000;
/** Spent tokens are kept a day, so a late or repeated attempt learns why it failed rather than "unknown". */
const KEEP_SPENT_MS = 24 * 60 * 60_000;

/** In the team range (errors.ts): the token cannot open a login (unknown, used, expired or voided). */
export const EMBED_TOKEN_REJECTED = 60913;

export interface IssuedEmbedLogin {
  /** Goes into the SdkURL and is never stored. */
  token: string;
  expiresAt: Date;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const rejected = (message: string) => new AppError(EMBED_TOKEN_REJECTED, message, 401);
const ASK_AGAIN = 'ask your backend for a new SdkURL (POST /api/workbench/sdk-login)';

/**
 * Embedded workbench logins (the Parley equivalent of CreateSDKLoginToken, spec 03 §2.3–2.4): the
 * integrator's backend, acting as the app administrator or a console admin, gets a one-time token
 * for one member; the workbench iframe redeems it once for an ordinary member login, so logout,
 * force offline and password reset end it like any other.
 */
export class EmbedLogins {
  constructor(private deps: { db: Db; clock: Clock; apps: AppService; auth: AuthService }) {}

  async issue(appId: number, memberId: string, actor: Actor): Promise<IssuedEmbedLogin> {
    if (!hasConsoleAccess(actor.roles)) throw notPermitted('Only the app administrator and console admins may open embedded workbench logins');
    const row = await this.liveMember(appId, memberId);
    if (!row) throw notFound(`${memberId} is not a member of this app`);
    const refusal = refuseEmbedding(actor, row);
    if (refusal) throw notPermitted(refusal);
    if (row.loginDisabled) throw loginDisabled();
    const now = this.deps.clock.now();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + EMBED_TOKEN_TTL_MS);
    await this.deps.db.delete(embedLogins).where(lt(embedLogins.expiresAt, new Date(now.getTime() - KEEP_SPENT_MS)));
    await this.deps.db.insert(embedLogins).values({ tokenHash: hashToken(token), appId, memberId: row.memberId, credentialsVersion: row.credentialsVersion, createdAt: now, expiresAt });
    return { token, expiresAt };
  }

  /** Spends the token and opens the member's login; a token that cannot is refused with the reason. */
  async redeem(token: string): Promise<LoginSession> {
    const now = this.deps.clock.now();
    const tokenHash = hashToken(token);
    // Claimed in one statement: of two concurrent redeems of the same token, only one gets the row.
    const [claimed] = await this.deps.db
      .update(embedLogins)
      .set({ usedAt: now })
      .where(and(eq(embedLogins.tokenHash, tokenHash), isNull(embedLogins.usedAt), gt(embedLogins.expiresAt, now)))
      .returning();
    if (!claimed) throw rejected(await this.whyUnusable(tokenHash));
    const row = await this.liveMember(claimed.appId, claimed.memberId);
    if (!row) throw rejected(`${claimed.memberId} is no longer a member of this app`);
    if (row.loginDisabled) throw loginDisabled();
    if (row.credentialsVersion !== claimed.credentialsVersion) {
      throw rejected(`The login of ${row.memberId} was ended (password reset or forced offline) after this token was issued; ${ASK_AGAIN}`);
    }
    if (!hasWorkbenchAccess(row.roles)) throw notPermitted(`${row.memberId} can no longer use the workbench (the staff role was removed)`);
    const app = await this.deps.apps.get(claimed.appId);
    if (!app) throw rejected(`App ${claimed.appId} no longer exists`);
    return this.deps.auth.open(row, app);
  }

  private async whyUnusable(tokenHash: string): Promise<string> {
    const [found] = await this.deps.db.select().from(embedLogins).where(eq(embedLogins.tokenHash, tokenHash));
    if (!found) return `This embed token is unknown; ${ASK_AGAIN}`;
    if (found.usedAt) return `This embed token was already used (each SdkURL logs in once); ${ASK_AGAIN}`;
    return `This embed token expired at ${found.expiresAt.toISOString()} (SdkURLs are valid for 10 minutes); ${ASK_AGAIN}`;
  }

  private async liveMember(appId: number, memberId: string): Promise<MemberRow | undefined> {
    const [row] = await this.deps.db.select().from(members).where(isLive(appId, memberId.trim().toLowerCase()));
    return row;
  }
}

/** Why `actor` may not open an embedded login as `target`, if it may not. */
function refuseEmbedding(actor: Actor, target: MemberRow): string | undefined {
  if (!hasWorkbenchAccess(target.roles)) return `${target.memberId} cannot use the workbench; give them the staff role first`;
  // An embedded login is a full login: an admin must not become the super admin through it.
  if (isSuperAdmin(target.roles) && !isSuperAdmin(actor.roles)) return 'Only the app administrator may open an embedded login as the super admin';
  return undefined;
}
