import type { Events } from '../events/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import type { OutboundHttp } from '../platform/http-out.ts';
import { silentLogger, type Logger } from '../platform/logger.ts';
import { CallbackDelivery } from './delivery.ts';
import { CallbackDeliveryLog } from './delivery-log.ts';
import { CallbackDispatcher, DELIVER_JOB } from './dispatcher.ts';
import { CallbackSettingsService } from './settings-service.ts';

export { CALLBACKS_CONSUMER, DELIVER_JOB, MAX_ATTEMPTS, SETTLE_MS } from './dispatcher.ts';
export { signPayload, verifySignature } from './signature.ts';
export type { CallbackSettingsInput, CallbackSettingsView } from './settings-service.ts';
export type { DeliveryStatus } from './schema.ts';

/** Session-event callbacks (Desk.SessionEventNotify): settings, the outbox dispatcher and the delivery job. */
export function createCallbacks(db: Db, clock: Clock, events: Events, outbound: OutboundHttp, logger: Logger = silentLogger) {
  const dispatcher = new CallbackDispatcher(db, clock, events, logger);
  const settings = new CallbackSettingsService(db, clock, outbound, (tx, appId) => dispatcher.consumer.moveToEnd(tx, appId));
  const delivery = new CallbackDelivery(db, clock, events, outbound, (appId) => settings.row(appId));
  // One at a time per process keeps an app's events in log order for its receiver (retries aside).
  events.jobs.handle(DELIVER_JOB, (job) => delivery.run(job), { concurrency: 1 });
  return {
    settings,
    dispatcher,
    deliveries: new CallbackDeliveryLog(db, clock, events),
  };
}

export type Callbacks = ReturnType<typeof createCallbacks>;
