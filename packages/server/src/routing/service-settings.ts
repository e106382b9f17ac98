import { eq } from 'drizzle-orm';
import { settingsApi } from '@parley/protocol';
import type { z } from 'zod';
import type { Clock } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db.ts';
import { assertRevision, invalid } from '../platform/errors.ts';
import { serviceSettings, type WorkCalendar } from './schema.ts';
import { checkWorkCalendar } from './work-calendar.ts';
import { logFailure } from '../platform/logger.ts';

export type ServiceSettings = Omit<typeof serviceSettings.$inferSelect, 'appId' | 'updatedAt'>;

export const DEFAULT_SERVICE_SETTINGS: ServiceSettings = {
  receptionMode: 'auto',
  acceptTimeout: 60,
  restAfterAcceptTimeout: false,
  maxConcurrent: 5,
  queueTimeout: 1800,
  contactUserEnabled: true,
  calendar: { holidays: [], workdays: [] },
  assignWebhookTimeout: 3000,
};

/** Limits the spec leaves open; they keep settings meaningful. Declared with the /api contract (PUT /api/settings/service). */
const patchSchema = settingsApi.serviceSettingsPatch;
export type ServiceSettingsPatch = z.infer<typeof patchSchema>;

/** App-wide human-service settings: reception, capacity, queue limits, the holiday calendar. */
export class ServiceSettingsService {
  /** Called after a change is saved; routing drains the queue (a raised capacity may serve someone now). */
  onChanged: (appId: number) => Promise<void> = async () => {};

  constructor(
    private db: Db,
    private clock: Clock,
  ) {}

  async get(appId: number, db: DbOrTx = this.db): Promise<ServiceSettings> {
    const [row] = await db.select().from(serviceSettings).where(eq(serviceSettings.appId, appId));
    if (!row) return DEFAULT_SERVICE_SETTINGS;
    const { appId: _app, updatedAt: _at, ...settings } = row;
    return settings;
  }

  /** The console's read: the settings and their revision (`updatedAt`, null when never saved). */
  async getWithRevision(appId: number): Promise<ServiceSettings & { updatedAt: Date | null }> {
    const [row] = await this.db.select({ updatedAt: serviceSettings.updatedAt }).from(serviceSettings).where(eq(serviceSettings.appId, appId));
    return { ...(await this.get(appId)), updatedAt: row?.updatedAt ?? null };
  }

  /**
   * `expectedRevision` in the input (the console's): the `updatedAt` as loaded (`''` when never saved);
   * when the settings changed since, refused with EditConflictError and nothing changes.
   */
  async update(appId: number, input: unknown): Promise<ServiceSettings & { updatedAt: Date }> {
    const { expectedRevision, ...rest } = (input ?? {}) as { expectedRevision?: unknown };
    if (expectedRevision !== undefined && typeof expectedRevision !== 'string') throw invalid('expectedRevision: must be a string');
    const parsed = patchSchema.omit({ expectedRevision: true }).safeParse(rest);
    if (!parsed.success) throw invalid(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const patch: ServiceSettingsPatch & { calendar?: WorkCalendar } = { ...parsed.data };
    if (patch.calendar) {
      const checked = checkWorkCalendar(patch.calendar);
      if (checked.problems.length) throw invalid(checked.problems.slice(0, 5).join('; '));
      patch.calendar = checked.calendar;
    }
    const now = this.clock.now();
    const next = await this.db.transaction(async (tx) => {
      const [row] = await tx.select({ updatedAt: serviceSettings.updatedAt }).from(serviceSettings).where(eq(serviceSettings.appId, appId)).for('update');
      assertRevision(expectedRevision as string | undefined, row?.updatedAt, 'The service settings');
      const merged = { ...(await this.get(appId, tx)), ...patch };
      await tx
        .insert(serviceSettings)
        .values({ appId, ...merged, updatedAt: now })
        .onConflictDoUpdate({ target: serviceSettings.appId, set: { ...merged, updatedAt: now } });
      return merged;
    });
    await this.onChanged(appId).catch(logFailure('routing', 'routing after a service settings change', { appId }));
    return { ...next, updatedAt: now };
  }
}
