import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestClient, startServerPair, usingRealServices, type RestClient, type ServerPair } from '../harness.ts';
import { ACCOUNT, customer, deskOn, desk, headOf, range, text } from './helpers.ts';

// Section 9 of the transport suite: two server processes on one PostgreSQL database and one Redis.
// A customer connected to A sees what is sent through B, live. Needs TEST_DATABASE_URL and
// TEST_REDIS_URL (on PGlite each server has its own in-process bus, so live fan-out cannot work).

describe.runIf(usingRealServices)('two server processes', () => {
  let pair: ServerPair;
  let client: RestClient;

  beforeAll(async () => {
    pair = await startServerPair();
    client = await createRestClient(pair.a);
  });
  afterAll(() => pair?.close());

  it('send_msg posted to B arrives live on a socket connected to A; typing signals cross too', async () => {
    const socket = await customer(pair.a, client, 'cross');
    try {
      await socket.subscribe(ACCOUNT);
      const entered = await socket.sendOk(ACCOUNT, desk('7'));
      await socket.waitForEvent(ACCOUNT, (e) => e.seq > entered.seq && e.type === 'SystemSendMsg');
      const deskB = deskOn(pair.b, client);

      const head = await headOf(pair.a, client.sdkAppId, 'cross');
      await socket.waitForSeq(ACCOUNT, head);
      const sent = await deskB('send_msg', { FromAccount: ACCOUNT, ToAccount: 'cross', MsgRandom: 7, MsgBody: text('来自 B 的消息') });
      expect(sent.ErrorCode).toBe(0);
      const live = await socket.waitForEvent(ACCOUNT, (e) => e.seq === head + 1);
      expect(live).toMatchObject({ type: 'ChatBot.RobotSendMsg', role: 2, sessionId: entered.sessionId, msgBody: text('来自 B 的消息') });

      const from = socket.mark();
      expect((await deskB('send_msg', { FromAccount: ACCOUNT, ToAccount: 'cross', MsgRandom: 8, MsgBody: desk('12') })).ErrorCode).toBe(0);
      expect(await socket.waitFor((f) => f.type === 'signal', { from })).toEqual({ type: 'signal', accountId: ACCOUNT, msgBody: desk('12') });

      // And the other way: the customer speaks on A, a second screen on B follows live.
      const second = await customer(pair.b, client, 'cross');
      try {
        const { head: bHead } = await second.subscribe(ACCOUNT, { after: head + 1 });
        expect(bHead).toBe(head + 1);
        const ack = await socket.sendOk(ACCOUNT, text('我在 A 上说话'));
        const seen = await second.waitForEvent(ACCOUNT, (e) => e.seq === ack.seq);
        expect(seen).toMatchObject({ type: 'ChatBot.UserSendMsg', msgKey: ack.msgKey, msgBody: text('我在 A 上说话') });
        const last = await headOf(pair.b, client.sdkAppId, 'cross');
        await second.waitForSeq(ACCOUNT, last);
        expect(second.events(ACCOUNT).map((e) => e.seq)).toEqual(range(head + 2, last));
      } finally {
        await second.terminate();
      }
      expect(socket.events(ACCOUNT).map((e) => e.seq)).toEqual(range(1, socket.lastSeq(ACCOUNT)));
    } finally {
      await socket.terminate();
    }
  });
});
