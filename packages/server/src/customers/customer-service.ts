import { sql } from 'drizzle-orm';
import type { ChannelType } from '@parley/protocol';
import type { AccountService } from '../accounts/index.ts';
import { generateUserSig, UNKNOWN_APP_CODE, USERSIG_ERRORS, verifyUserSig, type App, type AppService } from '../apps/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
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
    return this.recordContact(await this.verify(sdkAppId, userId, userSig), profile);
  }

  /**
   * Verifies a customer's UserSig and writes nothing: the HTTP routes record the contact only once
   * the request itself is valid, so a malformed request never creates or touches a customer.
   */
  async verify(sdkAppId: number, userId: string, userSig: string): Promise<VerifiedCustomer> {
    const app = await this.apps.get(sdkAppId);
    if (!app) throw new AppError(UNKNOWN_APP_CODE, `SDKAppID ${sdkAppId} does not exist`, 401);
    const verdict = verifyUserSig(userSig, app.sdkAppId, userId, app.secretKey, this.nowSeconds());
    if (!verdict.ok) throw new AppError(USERSIG_ERRORS[verdict.reason][0], USERSIG_ERRORS[verdict.reason][1], 401);
    await this.assertCustomerId(app, userId);
    return { app, userId };
  }

  /** Records a verified customer's contact (first and last seen, profile) and returns the identity with its channel. */
  async recordContact(customer: VerifiedCustomer, profile: Profile = {}): Promise<CustomerIdentity> {
    const channelType = await this.touch(customer.app.sdkAppId, customer.userId, customer.userId.startsWith(VISITOR_PREFIX) ? undefined : 'SDK', profile);
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
    if (!USER_ID.test(userId)) throw new AppError(70013, 'A UserID is 1 to 64 printable characters without spaces', 401);
    if (userId === app.adminIdentifier || (await this.accounts.getAccount(app.sdkAppId, userId))) {
      throw new AppError(70013, `${userId} is a service-side identity and cannot chat as a customer`, 403);
    }
  }

  /** Upserts the contact; a channel is set once (a visitor stays Web(H5)). Returns the channel. */
  private async touch(appId: number, userId: string, channelType: ChannelType | undefined, profile: Profile): Promise<ChannelType> {
    const now = this.clock.now();
    const [row] = await this.db
      .insert(customers)
      .values({ appId, userId, channelType: channelType ?? 'Web(H5)', nick: clip(profile.nick, 64) ?? '', avatarUrl: clip(profile.avatarUrl, 1024) ?? '', createdAt: now, lastSeenAt: now })
      .onConflictDoUpdate({
        target: [customers.appId, customers.userId],
        set: {
          lastSeenAt: now,
          ...(profile.nick !== undefined ? { nick: clip(profile.nick, 64) } : {}),
          ...(profile.avatarUrl !== undefined ? { avatarUrl: clip(profile.avatarUrl, 1024) } : {}),
          channelType: sql`${customers.channelType}`,
        },
      })
      .returning({ channelType: customers.channelType });
    return row.channelType;
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}

const clip = (value: string | undefined, max: number) => (value === undefined ? undefined : [...value].slice(0, max).join(''));
