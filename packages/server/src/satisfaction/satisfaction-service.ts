import { eq } from 'drizzle-orm';
import type { Clock } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db.ts';
import { assertRevision } from '../platform/errors.ts';
import { satisfactionSettings } from './schema.ts';
import { applySatisfactionPatch, type SatisfactionPatch } from './settings-patch.ts';
import { DEFAULT_SATISFACTION, type SatisfactionSettings, type SatisfactionSettingsSource } from './settings.ts';

/** The language tags added to the app (all its robots), without the default `""`. */
export type AppLanguages = (appId: number) => Promise<string[]>;

/**
 * Reads are cached for this long: conversations read the settings on every session start and
 * rating request. An update is visible at once in this process; other processes see it within it.
 */
export const SATISFACTION_CACHE_MS = 2_000;
const MAX_CACHED_APPS = 10_000;

interface Cached {
  settings: SatisfactionSettings;
  until: number;
}

/** Satisfaction-rating settings per app (E26/E27); apps that never saved any use the defaults. */
export class SatisfactionService implements SatisfactionSettingsSource {
  private cache = new Map<number, Cached>();
  /** Bumped by every update, so a read that raced it does not cache what it saw before. */
  private generation = new Map<number, number>();

  constructor(
    private db: Db,
    private clock: Clock,
    private languages: AppLanguages,
  ) {}

  async get(appId: number, db: DbOrTx = this.db): Promise<SatisfactionSettings> {
    const hit = this.cache.get(appId);
    if (hit && hit.until > this.clock.now().getTime()) return hit.settings;
    const generation = this.generation.get(appId) ?? 0;
    const settings = await this.read(appId, db);
    if ((this.generation.get(appId) ?? 0) === generation) this.remember(appId, settings);
    return settings;
  }

  /** The console's read: the settings and their revision (`updatedAt`, null when never saved). */
  async getWithRevision(appId: number): Promise<SatisfactionSettings & { updatedAt: Date | null }> {
    const [row] = await this.db.select().from(satisfactionSettings).where(eq(satisfactionSettings.appId, appId));
    return row ? { ...withDefaults(row.settings), updatedAt: row.updatedAt } : { ...DEFAULT_SATISFACTION, updatedAt: null };
  }

  /**
   * Applies the patch to the stored settings under a row lock, so concurrent updates merge.
   * `expectedRevision` (the console's): the `updatedAt` as loaded (`''` when never saved); when the
   * settings changed since, refused with EditConflictError and nothing changes.
   */
  async update(appId: number, patch: SatisfactionPatch, options: { expectedRevision?: string } = {}): Promise<SatisfactionSettings & { updatedAt: Date }> {
    const added = await this.languages(appId);
    const now = this.clock.now();
    const next = await this.db.transaction(async (tx) => {
      if (options.expectedRevision !== undefined) {
        const [before] = await tx.select({ updatedAt: satisfactionSettings.updatedAt }).from(satisfactionSettings).where(eq(satisfactionSettings.appId, appId)).for('update');
        assertRevision(options.expectedRevision, before?.updatedAt, 'The satisfaction settings');
      }
      await tx.insert(satisfactionSettings).values({ appId, settings: DEFAULT_SATISFACTION, updatedAt: now }).onConflictDoNothing();
      const [row] = await tx.select().from(satisfactionSettings).where(eq(satisfactionSettings.appId, appId)).for('update');
      const merged = applySatisfactionPatch(withDefaults(row.settings), patch, added);
      await tx.update(satisfactionSettings).set({ settings: merged, updatedAt: now }).where(eq(satisfactionSettings.appId, appId));
      return merged;
    });
    this.forget(appId);
    return { ...next, updatedAt: now };
  }

  private async read(appId: number, db: DbOrTx = this.db): Promise<SatisfactionSettings> {
    const [row] = await db.select({ settings: satisfactionSettings.settings }).from(satisfactionSettings).where(eq(satisfactionSettings.appId, appId));
    return row ? withDefaults(row.settings) : DEFAULT_SATISFACTION;
  }

  /** After a commit: drop the cached copy and any read still in flight from before it. */
  private forget(appId: number): void {
    this.generation.set(appId, (this.generation.get(appId) ?? 0) + 1);
    this.cache.delete(appId);
  }

  private remember(appId: number, settings: SatisfactionSettings): void {
    if (this.cache.size >= MAX_CACHED_APPS && !this.cache.has(appId)) this.cache.clear();
    this.cache.set(appId, { settings, until: this.clock.now().getTime() + SATISFACTION_CACHE_MS });
  }
}

/** Rows are written whole by `update`; the spread only guards against a field added later. */
const withDefaults = (stored: SatisfactionSettings): SatisfactionSettings => ({ ...DEFAULT_SATISFACTION, ...stored });
