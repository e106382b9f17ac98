import type { Events, Job, StoredEvent } from '../events/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import type { OutboundHttp } from '../platform/http-out.ts';
import type { CallbackSettingsRow } from './cursor.ts';
import { callbackDeliveries, type DeliveryStatus } from './schema.ts';
import { sessionEventBody, sessionEventUrl } from './session-event-body.ts';
import { signPayload } from './signature.ts';

interface Outcome {
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * The `callback.deliver` job: POSTs one event to the app's callback and logs the attempt. Any answer
 * but 2xx (the body is ignored, spec 05 §7.2) throws, so the job queue retries it with backoff and
 * marks it failed after the last attempt. The event id header is the same on every attempt.
 */
export class CallbackDelivery {
  constructor(
    private db: Db,
    private clock: Clock,
    private events: Events,
    private outbound: OutboundHttp,
    private settingsOf: (appId: number) => Promise<CallbackSettingsRow | undefined>,
  ) {}

  async run(job: Job): Promise<void> {
    const eventId = Number(job.payload.eventId);
    const settings = await this.settingsOf(job.appId);
    // Disabled since it was enqueued: the switch means "send nothing", so the job just ends.
    if (!settings?.enabled) return;
    const event = await this.event(job.appId, eventId);
    if (!event) return;
    const outcome = await this.post(settings, event);
    const status: DeliveryStatus = outcome.error === null ? 'delivered' : job.attempts >= job.maxAttempts ? 'failed' : 'retrying';
    await this.db.insert(callbackDeliveries).values({ appId: job.appId, eventId, eventType: event.type, attempt: job.attempts, status, ...outcome, at: this.clock.now() });
    if (outcome.error !== null) throw new Error(outcome.error);
  }

  private async event(appId: number, eventId: number): Promise<StoredEvent | undefined> {
    const [event] = await this.events.log.readApp(appId, eventId - 1, 1);
    return event?.id === eventId ? event : undefined;
  }

  private async post(settings: CallbackSettingsRow, event: StoredEvent): Promise<Outcome> {
    const body = JSON.stringify(sessionEventBody(event));
    const timestamp = String(Math.floor(this.clock.now().getTime() / 1000));
    const headers = { 'x-parley-event-id': String(event.id), 'x-parley-timestamp': timestamp, 'x-parley-signature': signPayload(settings.secret, timestamp, body) };
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const { status } = await this.outbound.postJson(sessionEventUrl(settings.url, settings.appId, event), body, headers);
      return { httpStatus: status, error: status >= 200 && status < 300 ? null : `HTTP ${status}`, durationMs: elapsed() };
    } catch (error) {
      return { httpStatus: null, error: (error as Error).message, durationMs: elapsed() };
    }
  }
}
