import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DeskSessionEvent } from '@parley/protocol';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import { assertRevision, invalid, notFound } from '../platform/errors.ts';
import { OutboundError, type OutboundHttp } from '../platform/http-out.ts';
import type { DbOrTx } from '../platform/db.ts';
import { lockSettings, type CallbackSettingsRow } from './cursor.ts';
import { callbackSettings } from './schema.ts';

export interface CallbackSettingsInput {
  url: string;
  enabled: boolean;
  /** Desk events to deliver; null for all. */
  events: DeskSessionEvent[] | null;
  /** The console's: `updatedAt` as loaded (`''` when never saved); stale: EditConflictError, nothing changes. */
  expectedRevision?: string;
}

export interface CallbackSettingsView {
  url: string | null;
  enabled: boolean;
  events: string[] | null;
  secret: string | null;
  updatedAt: Date | null;
}

const UNCONFIGURED: CallbackSettingsView = { url: null, enabled: false, events: null, secret: null, updatedAt: null };
const newSecret = () => randomBytes(32).toString('hex');
const view = (row: CallbackSettingsRow): CallbackSettingsView => ({ url: row.url, enabled: row.enabled, events: row.events, secret: row.secret, updatedAt: row.updatedAt });

/**
 * The app's callback endpoint. Enabling starts delivery at the current end of the event log: what
 * happened before (or while disabled) is history, not news, and is never replayed.
 */
export class CallbackSettingsService {
  constructor(
    private db: Db,
    private clock: Clock,
    private outbound: OutboundHttp,
    /** Moves the delivery cursor to the end of the app's log (the dispatcher's log consumer). */
    private skipToEnd: (tx: DbOrTx, appId: number) => Promise<void>,
  ) {}

  async get(appId: number): Promise<CallbackSettingsView> {
    const row = await this.row(appId);
    return row ? view(row) : UNCONFIGURED;
  }

  async row(appId: number): Promise<CallbackSettingsRow | undefined> {
    const [row] = await this.db.select().from(callbackSettings).where(eq(callbackSettings.appId, appId));
    return row;
  }

  async save(appId: number, input: CallbackSettingsInput): Promise<CallbackSettingsView> {
    await this.checkUrl(input.url);
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const current = await lockSettings(tx, appId);
      assertRevision(input.expectedRevision, current?.updatedAt, 'The callback settings');
      const fields = { url: input.url, enabled: input.enabled, events: input.events, updatedAt: now };
      if (!current) await tx.insert(callbackSettings).values({ appId, ...fields, secret: newSecret(), createdAt: now });
      else await tx.update(callbackSettings).set(fields).where(eq(callbackSettings.appId, appId));
      if (input.enabled && !current?.enabled) await this.skipToEnd(tx, appId);
      return view((await lockSettings(tx, appId))!);
    });
  }

  async rotateSecret(appId: number): Promise<CallbackSettingsView> {
    const [row] = await this.db.update(callbackSettings).set({ secret: newSecret(), updatedAt: this.clock.now() }).where(eq(callbackSettings.appId, appId)).returning();
    if (!row) throw notFound('No callback is configured for this app; save one with PUT /api/callbacks first');
    return view(row);
  }

  private async checkUrl(url: string): Promise<void> {
    try {
      await this.outbound.checkUrl(url);
    } catch (error) {
      if (error instanceof OutboundError) throw invalid(`url: ${error.message}`);
      throw error;
    }
  }
}
