import { and, count, desc, eq } from 'drizzle-orm';
import type { Events } from '../events/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import { invalid, notFound } from '../platform/errors.ts';
import { scheduleDelivery } from './dispatcher.ts';
import { callbackDeliveries, type DeliveryStatus } from './schema.ts';

export interface DeliveryQuery {
  page: number;
  pageSize: number;
  status?: DeliveryStatus;
}

/** What the console shows of deliveries: the attempt log, and a retry for those that gave up. */
export class CallbackDeliveryLog {
  constructor(
    private db: Db,
    private clock: Clock,
    private events: Events,
  ) {}

  async list(appId: number, query: DeliveryQuery) {
    const where = and(eq(callbackDeliveries.appId, appId), query.status ? eq(callbackDeliveries.status, query.status) : undefined);
    const [{ total }] = await this.db.select({ total: count() }).from(callbackDeliveries).where(where);
    const rows = await this.db
      .select()
      .from(callbackDeliveries)
      .where(where)
      .orderBy(desc(callbackDeliveries.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
    return { total, page: query.page, pageSize: query.pageSize, items: rows.map(({ appId: _app, id: _id, ...item }) => item) };
  }

  /** Re-enqueues an event whose delivery gave up; its job restarts with a fresh attempt budget. */
  async retry(appId: number, eventId: number): Promise<void> {
    const [last] = await this.db
      .select({ status: callbackDeliveries.status })
      .from(callbackDeliveries)
      .where(and(eq(callbackDeliveries.appId, appId), eq(callbackDeliveries.eventId, eventId)))
      .orderBy(desc(callbackDeliveries.id))
      .limit(1);
    if (!last) throw notFound(`No callback delivery of event ${eventId} exists in this app`);
    if (last.status !== 'failed') throw invalid(`The delivery of event ${eventId} is ${last.status}; only failed deliveries can be retried`);
    await this.db.transaction((tx) => scheduleDelivery(this.events.jobs, tx, appId, eventId, this.clock.now()));
  }
}
