import { sql } from 'drizzle-orm';
import type { ChannelType } from '@parley/protocol';
import { isServiceAccount, type AccountService } from '../accounts/index.ts';
import { generateUserSig, UNKNOWN_APP_CODE, USERSIG_ERRORS, verifyUserSig, type App, type AppService } from '../apps/index.ts';
import type { Clock } from '../platform/clock.ts';
import { rowsOf, type Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { randomLower } from '../platform/ids.ts';
import { customers } from './schema.ts';

/** A visitor's UserSig lasts 30 days and is renewed whenever the visitor comes back with a valid one. */
export const VISITOR_SIG_SECONDS = 30 * 86_400;
const VISITOR_PREFIX = 'visitor_';
/** IM UserIDs: printable, no spaces, at most 32 bytes in Tencent IM; Parley allows 64. */
const USER_ID = /^[\x21-\x7e]{1,64}$/;

export interface CustomerIdentity {
  app: App;
  userId: string;
  channelType: ChannelType;
}

/** A customer whose UserSig checked out, before anything is recorded. */
export type VerifiedCustomer = Omit<CustomerIdentity, 'channelType'>;

export interface Profile {
  nick?: string;
  avatarUrl?: string;
}

/** Who chats: app users prove themselves with a UserSig; web visitors get one from an account's public key. */
/** Public keys are generated as 32 hex digits; rotated ones as 32 letters and digits. */
const PUBLIC_KEY = /^[A-Za-z0-9_-]{1,64}$/;

export class CustomerService {
  constructor(
    private db: Db,
    private apps: AppService,
    private accounts: AccountService,
    private clock: Clock,
  ) {}

  /** Verifies a customer's UserSig and records the contact; failures carry Tencent's common codes. */
  async authenticate(sdkAppId: number, userId: string, userSig: string, profile: Profile = {}): Promise<CustomerIdentity> {
    const app = await this.verifiedApp(sdkAppId, userId, userSig);
    this.assertCustomerIdShape(app, userId);
    // One statement, the handshake's only query once the app is cached: the contact is recorded
    // unless the id is a customer-service account's, which records nothing and is refused.
    const channelType = await this.touch(app.sdkAppId, userId, channelOf(userId), profile, { unlessServiceAccount: true });
    if (!channelType) throw serviceSide(userId);
    return { app, userId, channelType };
  }

  /**
   * Verifies a customer's UserSig and writes nothing: the HTTP routes record the contact only once
   * the request itself is valid, so a malformed request never creates or touches a customer.
   */
  async verify(sdkAppId: number, userId: string, userSig: string): Promise<VerifiedCustomer> {
    const app = await this.verifiedApp(sdkAppId, userId, userSig);
    await this.assertCustomerId(app, userId);
    return { app, userId };
  }

  /** The app, once the UserSig checks out for it. */
  private async verifiedApp(sdkAppId: number, userId: string, userSig: string): Promise<App> {
    const app = await this.apps.get(sdkAppId);
    if (!app) throw new AppError(UNKNOWN_APP_CODE, `SDKAppID ${sdkAppId} does not exist`, 401);
    const verdict = verifyUserSig(userSig, app.sdkAppId, userId, app.secretKey, this.nowSeconds());
    if (!verdict.ok) throw new AppError(USERSIG_ERRORS[verdict.reason][0], USERSIG_ERRORS[verdict.reason][1], 401);
    return app;
  }

  /** Records a verified customer's contact (first and last seen, profile) and returns the identity with its channel. */
  async recordContact(customer: VerifiedCustomer, profile: Profile = {}): Promise<CustomerIdentity> {
    const channelType = (await this.touch(customer.app.sdkAppId, customer.userId, channelOf(customer.userId), profile))!;
    return { app: customer.app, userId: customer.userId, channelType };
  }

  /**
   * A web visitor (channel Web(H5)) for the account with this public key. Coming back with a still
   * valid identity renews it instead of creating another visitor.
   */
  async visitor(publicKey: string, returning?: { userId: string; userSig: string }, profile: Profile = {}) {
    const account = await this.accountByPublicKey(publicKey);
    if (!account) throw new AppError(404, 'No customer-service account has this public key', 404);
    const app = (await this.apps.get(account.appId))!;
    const renewable = returning?.userId.startsWith(VISITOR_PREFIX) && verifyUserSig(returning.userSig, app.sdkAppId, returning.userId, app.secretKey, this.nowSeconds()).ok;
    const userId = renewable ? returning!.userId : VISITOR_PREFIX + randomLower(16);
    await this.touch(app.sdkAppId, userId, 'Web(H5)', { nick: profile.nick ?? (renewable ? undefined : `访客_${userId.slice(-4)}`), avatarUrl: profile.avatarUrl });
    return {
      sdkAppId: app.sdkAppId,
      accountId: account.accountId,
      accountNick: account.nick,
      accountAvatarUrl: account.avatarUrl,
      userId,
      userSig: generateUserSig(app.sdkAppId, app.secretKey, userId, VISITOR_SIG_SECONDS, this.nowSeconds()),
      expiresAt: this.nowSeconds() + VISITOR_SIG_SECONDS,
    };
  }

  /** The account a web page or embed names by its public key (not a secret), if any; a malformed key names none. */
  async accountByPublicKey(publicKey: string) {
    if (!PUBLIC_KEY.test(publicKey)) return undefined;
    return this.accounts.byPublicKey(publicKey);
  }

  async publicKeyOf(appId: number, accountId: string): Promise<string | undefined> {
    return this.accounts.publicKeyOf(appId, accountId);
  }

  /** The admin and the customer-service accounts speak for the service side, never as customers. */
  private async assertCustomerId(app: App, userId: string): Promise<void> {
    this.assertCustomerIdShape(app, userId);
    if (await this.accounts.getAccount(app.sdkAppId, userId)) throw serviceSide(userId);
  }

  /** What needs no query: the id's form, the admin and the default account's id (even before that account is provisioned). */
  private assertCustomerIdShape(app: App, userId: string): void {
    if (!USER_ID.test(userId)) throw new AppError(70013, 'A UserID is 1 to 64 printable characters without spaces', 401);
    if (userId === app.adminIdentifier || userId === this.accounts.defaultAccountId) throw serviceSide(userId);
  }

  /**
   * Upserts the contact; a channel is set once (a visitor stays Web(H5)). Returns the channel;
   * with `unlessServiceAccount`, nothing is written and undefined returned when `userId` is one of
   * the app's customer-service accounts (checked in the same statement).
   */
  private async touch(appId: number, userId: string, channelType: ChannelType | undefined, profile: Profile, options: { unlessServiceAccount?: boolean } = {}): Promise<ChannelType | undefined> {
    const now = this.clock.now().toISOString();
    const nick = clip(profile.nick, 64);
    const avatarUrl = clip(profile.avatarUrl, 1024);
    const updates = [sql`last_seen_at = EXCLUDED.last_seen_at`];
    if (nick !== undefined) updates.push(sql`nick = EXCLUDED.nick`);
    if (avatarUrl !== undefined) updates.push(sql`avatar_url = EXCLUDED.avatar_url`);
    const result = await this.db.execute(sql`
      INSERT INTO ${customers} (app_id, user_id, channel_type, nick, avatar_url, created_at, last_seen_at)
      SELECT ${appId}::bigint, ${userId}::text, ${channelType ?? 'Web(H5)'}::text, ${nick ?? ''}::text, ${avatarUrl ?? ''}::text, ${now}::timestamptz, ${now}::timestamptz
      ${options.unlessServiceAccount ? sql`WHERE NOT ${isServiceAccount(appId, userId)}` : sql``}
      ON CONFLICT (app_id, user_id) DO UPDATE SET ${sql.join(updates, sql`, `)}
      RETURNING channel_type AS "channelType"`);
    return rowsOf<{ channelType: ChannelType }>(result)[0]?.channelType;
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}

const serviceSide = (userId: string) => new AppError(70013, `${userId} is a service-side identity and cannot chat as a customer`, 403);
/** App users are SDK; a visitor id's channel comes from its record (Web(H5)). */
const channelOf = (userId: string): ChannelType | undefined => (userId.startsWith(VISITOR_PREFIX) ? undefined : 'SDK');

const clip = (value: string | undefined, max: number) => (value === undefined ? undefined : [...value].slice(0, max).join(''));
