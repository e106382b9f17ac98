import { and, eq } from 'drizzle-orm';
import type { Account, AccountService } from '../accounts/index.ts';
import type { Events } from '../events/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db.ts';
import { ConversationTx, type Session } from './conversation-tx.ts';
import { noSession, unknownAccount } from './errors.ts';
import { sessions } from './schema.ts';

export interface RunnerDeps {
  db: Db;
  events: Events;
  accounts: AccountService;
  clock: Clock;
}

export interface OnSessionOptions {
  allowEnded?: boolean;
  /** Timers: a session that vanished is not an error. */
  quietIfMissing?: boolean;
}

/**
 * Runs work on one conversation: a transaction holding the conversation's stream lock, its
 * events announced after commit, then the work's after-commit steps (routing, queue drains).
 * Every feature that changes a conversation (the engine, human service, agents) goes through here.
 */
export class ConversationRunner {
  constructor(readonly deps: RunnerDeps) {}

  async run<T>(appId: number, accountId: string, userId: string, work: (ctx: ConversationTx) => Promise<T>): Promise<T> {
    let ctx!: ConversationTx;
    const result = await this.deps.events.log.transaction(async (tx, batch) => {
      ctx = new ConversationTx(tx, batch, this.deps.events, this.deps.clock);
      await ctx.lock(appId, accountId, userId);
      return work(ctx);
    });
    await ctx.runAfterCommit();
    return result;
  }

  /** Finds a session by id, locks its conversation and re-reads it under the lock. */
  async onSession<T>(appId: number, sessionId: string, work: (ctx: ConversationTx, session: Session, account: Account) => Promise<T>, options: OnSessionOptions = {}): Promise<T> {
    const found = await this.findSession(appId, sessionId);
    if (!found) {
      if (options.quietIfMissing) return undefined as T;
      throw noSession(`Session ${sessionId}`);
    }
    const account = await this.accountOrDefaults(appId, found.accountId);
    return this.run(appId, found.accountId, found.userId, async (ctx) => {
      const session = await ctx.reread(found);
      if (session.state === 'Ended' && !options.allowEnded) throw noSession(`Session ${sessionId}`);
      return work(ctx, session, account);
    });
  }

  async findSession(appId: number, sessionId: string): Promise<Session | undefined> {
    const [row] = await this.deps.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.appId, appId), eq(sessions.sessionId, sessionId)));
    return row;
  }

  async requireAccount(appId: number, accountId: string): Promise<Account> {
    const account = await this.deps.accounts.getAccount(appId, accountId);
    if (!account) throw unknownAccount(accountId);
    return account;
  }

  /** Timers outlive deleted accounts: they still end the session, with the default prompts. */
  async accountOrDefaults(appId: number, accountId: string, db: DbOrTx = this.deps.db): Promise<Account> {
    const account = await this.deps.accounts.getAccount(appId, accountId, db);
    if (account) return account;
    const fallback = await this.deps.accounts.getAccount(appId, this.deps.accounts.defaultAccountId, db);
    if (!fallback) throw unknownAccount(accountId);
    return { ...fallback, accountId };
  }
}
