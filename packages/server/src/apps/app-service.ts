import { asc, eq } from 'drizzle-orm';
import type { Db } from '../platform/db.ts';
import { newSdkAppId, newSecretKey } from '../platform/ids.ts';
import { defaultQuotas } from './quotas.ts';
import { apps, type AppQuotas } from './schema.ts';

export type App = typeof apps.$inferSelect;

export interface CreateAppInput {
  name: string;
  adminIdentifier?: string;
  quotas?: Partial<AppQuotas>;
}

/** Hook for features that provision per-app resources (the default robot, later the default account). */
export type AppCreatedHook = (db: Db, app: App) => Promise<void>;

export class AppService {
  private cache = new Map<number, { app: App; at: number }>();
  private reading = new Map<number, Promise<App | undefined>>();
  private readToken = new Map<number, symbol>();
  private hooks: AppCreatedHook[] = [];

  constructor(
    private db: Db,
    private cacheMs = 5_000,
  ) {}

  onCreated(hook: AppCreatedHook): void {
    this.hooks.push(hook);
  }

  async create(input: CreateAppInput): Promise<App> {
    const name = input.name.trim();
    if (!name || name.length > 100) throw new Error('An app name is 1 to 100 characters.');
    const adminIdentifier = (input.adminIdentifier ?? 'administrator').trim();
    if (!/^[\w@.#:-]{1,32}$/.test(adminIdentifier)) throw new Error('The admin identifier is 1 to 32 letters, digits or _@.#:-');
    return this.db.transaction(async (tx) => {
      for (let attempt = 0; ; attempt++) {
        const [row] = await tx
          .insert(apps)
          .values({ sdkAppId: newSdkAppId(), name, adminIdentifier, secretKey: newSecretKey(), quotas: { ...defaultQuotas, ...input.quotas } })
          .onConflictDoNothing()
          .returning();
        if (row) {
          for (const hook of this.hooks) await hook(tx as unknown as Db, row);
          return row;
        }
        if (attempt > 5) throw new Error('Could not allocate an SDKAppID');
      }
    });
  }

  /** Operator setting: raise or lower an app's quotas (there are no editions). */
  async setQuotas(sdkAppId: number, changes: Partial<AppQuotas>): Promise<App> {
    for (const [key, value] of Object.entries(changes)) {
      if (!(key in defaultQuotas)) throw new Error(`Unknown quota "${key}"; quotas are ${Object.keys(defaultQuotas).join(', ')}`);
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 1_000_000) throw new Error(`Quota ${key} must be an integer from 0 to 1000000`);
    }
    const app = await this.get(sdkAppId);
    if (!app) throw new Error(`No app ${sdkAppId}`);
    const [row] = await this.db
      .update(apps)
      .set({ quotas: { ...defaultQuotas, ...app.quotas, ...changes } })
      .where(eq(apps.sdkAppId, sdkAppId))
      .returning();
    this.cache.delete(sdkAppId);
    this.reading.delete(sdkAppId);
    this.readToken.delete(sdkAppId);
    return row;
  }

  async list(): Promise<App[]> {
    return this.db.select().from(apps).orderBy(asc(apps.createdAt));
  }

  /** Looks an app up with a short cache: signatures are checked on every request. */
  async get(sdkAppId: number): Promise<App | undefined> {
    const hit = this.cache.get(sdkAppId);
    if (hit && Date.now() - hit.at < this.cacheMs) return hit.app;
    // Many requests at once (customers reconnecting after a restart) share one read.
    let reading = this.reading.get(sdkAppId);
    if (!reading) {
      const token = Symbol('read');
      reading = (async () => {
        const [row] = await this.db.select().from(apps).where(eq(apps.sdkAppId, sdkAppId));
        // Not cached when a change (setQuotas) came in meanwhile.
        if (row && this.readToken.get(sdkAppId) === token) this.cache.set(sdkAppId, { app: row, at: Date.now() });
        return row;
      })().finally(() => {
        if (this.readToken.get(sdkAppId) !== token) return;
        this.reading.delete(sdkAppId);
        this.readToken.delete(sdkAppId);
      });
      this.reading.set(sdkAppId, reading);
      this.readToken.set(sdkAppId, token);
    }
    return reading;
  }
}
