import type { SessionEventPayload } from '@parley/protocol';
import type { ManualClock } from '../../src/platform/clock.ts';
import { createApiClient, createRestClient, type ApiClient, type TestServer } from '../harness.ts';

export const payload = (overrides: Partial<SessionEventPayload> = {}): SessionEventPayload => ({
  sessionId: 'session-1',
  channelType: 'SDK',
  clientUserId: 'user-1',
  customerServiceId: '@customer_service_account',
  ...overrides,
});

export interface CallbackApp {
  appId: number;
  api: ApiClient;
  /** Appends one event to the app's log, as the conversation feature does. */
  append(type: string, data?: Partial<SessionEventPayload>, streamId?: string): Promise<number>;
  /** Saves the callback settings through the API (asserting 200) and returns them. */
  configure(body: Record<string, unknown>): Promise<Record<string, any>>;
}

export async function createCallbackApp(test: TestServer, name = 'Callbacks app'): Promise<CallbackApp> {
  const client = await createRestClient(test, name);
  const api = createApiClient(test, client);
  const { events } = test.server.services;
  return {
    appId: client.sdkAppId,
    api,
    append: (type, data = {}, streamId = data.sessionId ?? 'session-1') =>
      events.log.transaction(async (tx, batch) => (await events.log.append(tx, batch, client.sdkAppId, streamId, type, { ...payload(data) })).id),
    async configure(body) {
      const response = await api.request('PUT', '/callbacks', body);
      if (response.status !== 200) throw new Error(`PUT /callbacks: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    },
  };
}

/** Hands new events to delivery, then runs due jobs `rounds` times, moving the clock past each backoff. */
export async function deliver(test: TestServer, clock: ManualClock, appId: number, rounds = 1): Promise<void> {
  const { callbacks, events } = test.server.services;
  await callbacks.dispatcher.dispatchNow(appId);
  for (let i = 0; i < rounds; i++) {
    await events.jobs.runDue();
    clock.advance(10 * 60_000);
  }
}
