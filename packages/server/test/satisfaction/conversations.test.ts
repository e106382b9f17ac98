import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../src/conversations/schema.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { SATISFACTION_CACHE_MS } from '../../src/satisfaction/satisfaction-service.ts';
import { createRestClient, startServerPair, startTestServer, type RestClient, type ServerPair, type TestServer } from '../harness.ts';
import { ACCOUNT, customer, desk as deskMessage, deskIn } from '../chat/helpers.ts';
import type { ChatClient } from '../chat/ws-client.ts';
import { expectOk } from '../tencent-rest/helpers.ts';
import { content, desk } from './helpers.ts';

// The settings reach conversations: the rating card a customer gets follows the latest E27 update.

describe('satisfaction settings in conversations', () => {
  let test: TestServer;
  let client: RestClient;
  const sockets: ChatClient[] = [];
  beforeAll(async () => {
    test = await startTestServer();
    client = await createRestClient(test);
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.terminate()));
  });
  afterAll(() => test?.close());

  /** A customer in human service, as routing would leave them. */
  async function inHumanService(userId: string) {
    const socket = await customer(test, client, userId);
    sockets.push(socket);
    await socket.subscribe(ACCOUNT);
    const ack = await socket.sendOk(ACCOUNT, deskMessage('7'));
    await socket.waitForEvent(ACCOUNT, (e) => e.seq > ack.seq && deskIn(e)?.src === '26');
    await test.server.services.db
      .update(sessions)
      .set({ state: 'Agent', agentId: 'agent_zhang' })
      .where(and(eq(sessions.appId, client.sdkAppId), eq(sessions.sessionId, ack.sessionId)));
    return socket;
  }

  it('a rating card asked for right after an update carries the new texts and validity', async () => {
    const next = content({ RatingInvitationMessage: '请打分', SubmissionMessage: '多谢', OneStarContent: '很差', FiveStarContent: '很好', SubmissionValidityPeriod: 48 });
    expectOk(await desk(client, 'update_satisfaction_settings', { SatisfactionContent: next }));
    const socket = await inHumanService('rater');
    const from = socket.mark();
    await socket.sendOk(ACCOUNT, deskMessage('24'));
    const card = deskIn(await socket.waitForEvent(ACCOUNT, (e) => deskIn(e)?.src === '9', { from }))!;
    expect(card.menuContent).toMatchObject({ head: '请打分', tail: '多谢', effectiveHour: 48 });
    expect(card.menuContent.menu.map((m: { content: string }) => m.content)).toEqual(['很差', 'Dissatisfied', 'Neutral', 'Satisfied', '很好']);
  });
});

describe('satisfaction settings across processes', () => {
  let pair: ServerPair;
  const clock = new ManualClock();
  beforeAll(async () => {
    pair = await startServerPair({ clock });
  });
  afterAll(() => pair?.close());

  it('an update is seen at once by its own process and by the others within the cache time', async () => {
    const app = await pair.a.server.services.apps.create({ name: 'Two processes' });
    const a = pair.a.server.services.satisfaction;
    const b = pair.b.server.services.satisfaction;
    expect((await b.get(app.sdkAppId)).invitationMethod).toBe(3);
    await a.update(app.sdkAppId, { invitationMethod: 1 });
    expect((await a.get(app.sdkAppId)).invitationMethod).toBe(1);
    clock.advance(SATISFACTION_CACHE_MS + 1);
    expect((await b.get(app.sdkAppId)).invitationMethod).toBe(1);
    // And back the other way.
    await b.update(app.sdkAppId, { enabled: false });
    expect((await b.get(app.sdkAppId)).enabled).toBe(false);
    clock.advance(SATISFACTION_CACHE_MS + 1);
    expect(await a.get(app.sdkAppId)).toMatchObject({ enabled: false, invitationMethod: 1 });
  });
});
