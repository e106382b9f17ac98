import { eq } from 'drizzle-orm';
import { settingsApi } from '@parley/protocol';
import type { z } from 'zod';
import type { Clock } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db.ts';
import { invalid } from '../platform/errors.ts';
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

  constructor(private db: Db, private clock: Clock) {}

  async get(appId: number, db: DbOrTx = this.db): Promise<ServiceSettings> {
    const [row] = await db.select().from(serviceSettings).where(eq(serviceSettings.appId, appId));
    if (!row) return DEFAULT_SERVICE_SETTINGS;
    const { appId: _app, updatedAt: _at, ...settings } = row;
    return settings;
  }

  async update(appId: number, input: unknown): Promise<ServiceSettings> {
    const parsed = patchSchema.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const patch: ServiceSettingsPatch & { calendar?: WorkCalendar } = { ...parsed.data };
    if (patch.calendar) {
      const checked = checkWorkCalendar(patch.calendar);
      if (checked.problems.length) throw invalid(checked.problems.slice(0, 5).join('; '));
      patch.calendar = checked.calendar;
    }
    const next = { ...(await this.get(appId)), ...patch };
    await this.db
      .insert(serviceSettings)
      .values({ appId, ...next, updatedAt: this.clock.now() })
      .onConflictDoUpdate({ target: serviceSettings.appId, set: { ...next, updatedAt: this.clock.now() } });
    await this.onChanged(appId).catch(logFailure('routing', 'routing after a service settings change', { appId }));
    return next;
  }
}
