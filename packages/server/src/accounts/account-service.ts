import { and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { defaultQuotas, type App } from '../apps/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db.ts';
import { AppError, assertRevision, invalid, notFound } from '../platform/errors.ts';
import { randomString } from '../platform/ids.ts';
import type { AccountConfig, AccountPatch, Multilingual } from './config.ts';
import { ACCOUNT_QUOTA_CODE, DEFAULT_ACCOUNT_ID, defaultAccountConfig } from './defaults.ts';
import { boundRobotLanguages } from './robot-binding.ts';
import { csAccounts } from './schema.ts';
import { assertAccountId, assertValidAccount } from './validation.ts';
import { normalizeWorkTime } from './work-time.ts';

export type Account = typeof csAccounts.$inferSelect;

/**
 * A condition that holds when `accountId` is one of the app's customer-service accounts, for a
 * feature that must check it in the same statement as its own write (a customer's handshake).
 */
export function isServiceAccount(appId: number, accountId: string): SQL {
  return sql`EXISTS (SELECT 1 FROM ${csAccounts} WHERE ${csAccounts.appId} = ${appId} AND ${csAccounts.accountId} = ${accountId})`;
}

type OptionalField = 'assignmentStrategy' | 'chooseSkillGroupPrompt' | 'displayGroupsChoices' | 'assignedByWebhookUrl' | 'robotId' | 'multilingual';
/** add_im_agent: the id is generated when omitted; omitted optional fields take the default account's values. */
export type NewAccount = AccountPatch & Required<Pick<AccountPatch, Exclude<keyof AccountConfig, OptionalField>>> & { accountId?: string };

/** Customer-service accounts (客服号): the conversation entry points of an app. */
export class AccountService {
  readonly defaultAccountId = DEFAULT_ACCOUNT_ID;

  constructor(
    private db: Db,
    private clock: Clock,
  ) {}

  /** Creates the app's default account; called inside the app-creation transaction. */
  async provisionApp(tx: DbOrTx, app: App): Promise<void> {
    await this.ensureDefault(tx, app.sdkAppId);
  }

  async create(app: App, input: NewAccount): Promise<string> {
    const { accountId: requested, ...fields } = input;
    if (requested !== undefined) assertAccountId(requested);
    const config = mergeConfig(defaultAccountConfig(), fields);
    // 32 alphanumerics like the spec's sample; a collision is as unlikely as guessing a key.
    const accountId = requested ?? randomString(32);
    return this.db.transaction(async (tx) => {
      await this.lockApp(tx, app.sdkAppId);
      assertValidAccount(config, await boundRobotLanguages(tx, app.sdkAppId, config.robotId));
      await this.assertQuota(tx, app);
      const [row] = await tx
        .insert(csAccounts)
        .values({ ...config, appId: app.sdkAppId, accountId, updatedAt: this.clock.now() })
        .onConflictDoNothing()
        .returning({ accountId: csAccounts.accountId });
      if (!row) throw invalid(`IMAgentUserID ${accountId} is already taken in this app`);
      return accountId;
    });
  }

  /** Changes only the given fields, then checks the resulting account as a whole. */
  /** `expectedRevision` (the console's): the account's `updatedAt` as loaded; stale: EditConflictError, nothing changes. */
  async update(appId: number, accountId: string, patch: AccountPatch, options: { expectedRevision?: string } = {}): Promise<Account> {
    return this.db.transaction(async (tx) => {
      const current = await this.lockAccount(tx, appId, accountId);
      assertRevision(options.expectedRevision, current.updatedAt, `Customer-service account ${accountId}`);
      const next = mergeConfig(configOf(current), patch);
      assertValidAccount(next, await boundRobotLanguages(tx, appId, next.robotId));
      const [row] = await tx
        .update(csAccounts)
        .set({ ...next, updatedAt: this.clock.now() })
        .where(and(eq(csAccounts.appId, appId), eq(csAccounts.accountId, accountId)))
        .returning();
      return row;
    });
  }

  async delete(appId: number, accountId: string): Promise<void> {
    if (accountId === DEFAULT_ACCOUNT_ID) {
      throw invalid(`The default customer-service account ${DEFAULT_ACCOUNT_ID} cannot be deleted; change it with update_im_agent instead`);
    }
    const rows = await this.db
      .delete(csAccounts)
      .where(and(eq(csAccounts.appId, appId), eq(csAccounts.accountId, accountId)))
      .returning({ accountId: csAccounts.accountId });
    if (!rows.length) throw notFound(`Customer-service account ${accountId} does not exist in this app`);
  }

  /** The default account first, then the others in creation order. */
  async list(appId: number): Promise<Account[]> {
    const read = async () =>
      (await this.db.select().from(csAccounts).where(eq(csAccounts.appId, appId)).orderBy(desc(csAccounts.isDefault), asc(csAccounts.createdAt), asc(csAccounts.accountId))).map(normalized);
    const rows = await read();
    if (rows[0]?.isDefault) return rows;
    await this.ensureDefault(this.db, appId);
    return read();
  }

  /** A new public key for the account's web chat (the old link and embeds stop working at once). */
  async rotatePublicKey(appId: number, accountId: string): Promise<string> {
    const publicKey = randomString(32);
    const rows = await this.db
      .update(csAccounts)
      .set({ publicKey, updatedAt: this.clock.now() })
      .where(and(eq(csAccounts.appId, appId), eq(csAccounts.accountId, accountId)))
      .returning({ accountId: csAccounts.accountId });
    if (!rows.length) throw notFound(`Customer-service account ${accountId} does not exist in this app`);
    return publicKey;
  }

  /** The account a web page or embed names by its public key (not a secret), if any. */
  async byPublicKey(publicKey: string): Promise<Account | undefined> {
    const [account] = await this.db.select().from(csAccounts).where(eq(csAccounts.publicKey, publicKey));
    return account;
  }

  async publicKeyOf(appId: number, accountId: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ key: csAccounts.publicKey })
      .from(csAccounts)
      .where(and(eq(csAccounts.appId, appId), eq(csAccounts.accountId, accountId)));
    return row?.key;
  }

  /** For conversations and routing: an account's typed configuration, or undefined. */
  async getAccount(appId: number, accountId: string, db: DbOrTx = this.db): Promise<Account | undefined> {
    const read = async () => {
      const [row] = await db
        .select()
        .from(csAccounts)
        .where(and(eq(csAccounts.appId, appId), eq(csAccounts.accountId, accountId)));
      return row && normalized(row);
    };
    const row = await read();
    if (row || accountId !== DEFAULT_ACCOUNT_ID) return row;
    await this.ensureDefault(db, appId);
    return read();
  }

  /** Apps created before accounts existed get their default account on first use. */
  private async ensureDefault(db: DbOrTx, appId: number): Promise<void> {
    await db
      .insert(csAccounts)
      .values({ ...defaultAccountConfig(), appId, accountId: DEFAULT_ACCOUNT_ID, isDefault: true })
      .onConflictDoNothing();
  }

  /**
   * Serialises account creation per app by locking its default account (provisioned if missing),
   * or concurrent calls all pass the quota check.
   */
  private async lockApp(tx: DbOrTx, appId: number): Promise<void> {
    await this.ensureDefault(tx, appId);
    await this.lockAccount(tx, appId, DEFAULT_ACCOUNT_ID);
  }

  private async lockAccount(tx: DbOrTx, appId: number, accountId: string): Promise<Account> {
    if (accountId === DEFAULT_ACCOUNT_ID) await this.ensureDefault(tx, appId);
    const [row] = await tx
      .select()
      .from(csAccounts)
      .where(and(eq(csAccounts.appId, appId), eq(csAccounts.accountId, accountId)))
      .for('update');
    if (!row) throw notFound(`Customer-service account ${accountId} does not exist in this app`);
    return normalized(row);
  }

  private async assertQuota(tx: DbOrTx, app: App): Promise<void> {
    const max = app.quotas.maxAccounts ?? defaultQuotas.maxAccounts;
    const [{ value }] = await tx.select({ value: count() }).from(csAccounts).where(eq(csAccounts.appId, app.sdkAppId));
    if (value >= max) {
      throw new AppError(ACCOUNT_QUOTA_CODE, `This app may have at most ${max} customer-service accounts including the default one (quota maxAccounts)`);
    }
  }
}

/** Every read goes through here, so older stored shapes never reach callers. */
function normalized(row: Account): Account {
  return { ...row, workTime: normalizeWorkTime(row.workTime) };
}

function configOf(row: Account): AccountConfig {
  const { appId: _app, accountId: _id, isDefault: _default, createdAt: _created, updatedAt: _updated, ...config } = row;
  return config;
}

function mergeConfig(current: AccountConfig, patch: AccountPatch): AccountConfig {
  const { workTime, multilingual, ...fields } = patch;
  return {
    ...current,
    ...withoutUndefined(fields),
    workTime: { ...current.workTime, ...withoutUndefined(workTime ?? {}) },
    multilingual: mergeMultilingual(current.multilingual, multilingual ?? {}),
  };
}

/** A given language map replaces that prompt's map; an empty one removes it. */
function mergeMultilingual(current: Multilingual, patch: Multilingual): Multilingual {
  const merged = { ...current, ...withoutUndefined(patch) };
  return Object.fromEntries(Object.entries(merged).filter(([, map]) => Object.keys(map).length > 0));
}

function withoutUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
