import type { Events } from '../events/index.ts';
import type { Bus } from '../platform/bus.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import type { OutboundHttp } from '../platform/http-out.ts';
import { CallbackDelivery } from './delivery.ts';
import { CallbackDeliveryLog } from './delivery-log.ts';
import { CallbackDispatcher, DELIVER_JOB } from './dispatcher.ts';
import { CallbackSettingsService } from './settings-service.ts';

export { DELIVER_JOB, MAX_ATTEMPTS, SETTLE_MS } from './dispatcher.ts';
export { signPayload, verifySignature } from './signature.ts';
export type { CallbackSettingsInput, CallbackSettingsView } from './settings-service.ts';
export type { DeliveryStatus } from './schema.ts';

/** Session-event callbacks (Desk.SessionEventNotify): settings, the outbox dispatcher and the delivery job. */
export function createCallbacks(db: Db, bus: Bus, clock: Clock, events: Events, outbound: OutboundHttp) {
  const settings = new CallbackSettingsService(db, clock, outbound);
  const delivery = new CallbackDelivery(db, clock, events, outbound, (appId) => settings.row(appId));
  events.jobs.handle(DELIVER_JOB, (job) => delivery.run(job));
  return {
    settings,
    dispatcher: new CallbackDispatcher(db, bus, clock, events),
    deliveries: new CallbackDeliveryLog(db, clock, events),
  };
}

export type Callbacks = ReturnType<typeof createCallbacks>;
