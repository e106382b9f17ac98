import type { Socket } from 'node:net';
import type { ChatEvent } from '@parley/protocol';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { streamOf } from '../../src/conversations/index.ts';
import { messages } from '../../src/conversations/schema.ts';
import { toChatEvent } from '../../src/gateways/chat/chat-event.ts';
import { createRestClient, startTestServer, type RestClient, type TestServer } from '../harness.ts';
import { ACCOUNT, customer, deskIn, headOf, helloFor, range, storedEvents, text, textIn, restSend as sendAsService } from './helpers.ts';
import { ChatClient } from './ws-client.ts';

// Section 4 of the transport suite: cursors. A client that subscribes with the last seq it saw
// receives every later event exactly once, replayed then live, however the connection dropped.

let test: TestServer;
let client: RestClient;
let appId: number;
const sockets: ChatClient[] = [];

async function open(userId: string) {
  const socket = await customer(test, client, userId);
  sockets.push(socket);
  return socket;
}

const services = () => test.server.services;
/** A message from the service side, written straight through the conversation engine. */
const serviceSays = (userId: string, i: number | string) => services().conversations.serviceSend({ appId, accountId: ACCOUNT, userId, msgRandom: `svc-${i}`, body: text(`第 ${i} 条`) });
const restSend = (userId: string, body: unknown[]) => sendAsService(client, userId, body);
const seqs = (events: ChatEvent[]) => events.map((e) => e.seq);

beforeAll(async () => {
  test = await startTestServer();
  client = await createRestClient(test);
  appId = client.sdkAppId;
});
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.terminate()));
});
afterAll(() => test?.close());

describe('subscribing from a cursor', () => {
  it('after=N replays exactly N+1..head, then follows live', async () => {
    await services().conversations.enter({ appId, accountId: ACCOUNT, userId: 'cursor' });
    for (let i = 0; i < 4; i++) await serviceSays('cursor', i);
    const head = await headOf(test, appId, 'cursor');
    expect(head).toBeGreaterThan(6);

    const socket = await open('cursor');
    expect(await socket.subscribe(ACCOUNT, { after: 3 })).toMatchObject({ type: 'subscribed', accountId: ACCOUNT, after: 3, head });
    await socket.waitForSeq(ACCOUNT, head);
    expect(seqs(socket.events(ACCOUNT))).toEqual(range(4, head));

    expect((await restSend('cursor', text('还在吗'))).ErrorCode).toBe(0);
    const live = await socket.waitForSeq(ACCOUNT, head + 1);
    expect(live).toMatchObject({ type: 'ChatBot.RobotSendMsg', role: 2, msgBody: text('还在吗') });
    expect(seqs(socket.events(ACCOUNT))).toEqual(range(4, head + 1));

    // A client that is up to date replays nothing and still follows.
    const current = await open('cursor');
    const from = current.mark();
    expect(await current.subscribe(ACCOUNT, { after: head + 1 })).toMatchObject({ after: head + 1, head: head + 1 });
    await serviceSays('cursor', 'live');
    await current.waitForSeq(ACCOUNT, head + 2);
    expect(seqs(current.events(ACCOUNT, from))).toEqual([head + 2]);
  });

  it('omitting the cursor replays the whole conversation', async () => {
    await services().conversations.enter({ appId, accountId: ACCOUNT, userId: 'whole' });
    const stored = await storedEvents(test, appId, 'whole');
    const socket = await open('whole');
    expect(await socket.subscribe(ACCOUNT)).toMatchObject({ after: 0, head: stored.length });
    await socket.waitForSeq(ACCOUNT, stored.length);
    expect(seqs(socket.events(ACCOUNT))).toEqual(range(1, stored.length));
  });

  it('tail=K returns only the last K events, then follows live', async () => {
    await services().conversations.enter({ appId, accountId: ACCOUNT, userId: 'tail' });
    for (let i = 0; i < 6; i++) await serviceSays('tail', i);
    const head = await headOf(test, appId, 'tail');

    const socket = await open('tail');
    expect(await socket.subscribe(ACCOUNT, { tail: 3 })).toMatchObject({ after: head - 3, head });
    await socket.waitForSeq(ACCOUNT, head);
    await serviceSays('tail', 'more');
    await socket.waitForSeq(ACCOUNT, head + 1);
    expect(seqs(socket.events(ACCOUNT))).toEqual(range(head - 2, head + 1));

    const everything = await open('tail');
    expect(await everything.subscribe(ACCOUNT, { tail: 500 })).toMatchObject({ after: 0 });
    await everything.waitForSeq(ACCOUNT, head + 1);
    expect(seqs(everything.events(ACCOUNT))).toEqual(range(1, head + 1));
  });

  it('unsubscribe stops the events of that conversation; subscribing again resumes from the cursor', async () => {
    await services().conversations.enter({ appId, accountId: ACCOUNT, userId: 'unsub' });
    const socket = await open('unsub');
    const { head } = await socket.subscribe(ACCOUNT);
    await socket.waitForSeq(ACCOUNT, head);
    socket.sendFrame({ type: 'unsubscribe', accountId: ACCOUNT });
    await socket.ping(); // frames are handled in order: the unsubscribe is done
    const afterUnsubscribe = socket.mark();
    await serviceSays('unsub', 'while-away');
    await socket.subscribe(ACCOUNT, { after: head });
    await socket.waitForSeq(ACCOUNT, head + 1);
    await socket.ping();
    expect(seqs(socket.events(ACCOUNT, afterUnsubscribe))).toEqual([head + 1]);
  });
});

describe('dropped connections', () => {
  it('a socket dropped mid-burst resumes with its last seq: every seq exactly once, no gaps', async () => {
    const user = 'burst-reader';
    await services().conversations.enter({ appId, accountId: ACCOUNT, userId: user });
    const first = await open(user);
    await first.subscribe(ACCOUNT);
    const BURST = 60;
    for (let i = 0; i < BURST; i++) {
      await serviceSays(user, i);
      if (i === 20) {
        await first.waitForSeq(ACCOUNT, 10);
        await first.terminate();
      }
    }
    const head = await headOf(test, appId, user);
    const seen = first.lastSeq(ACCOUNT);
    expect(seen).toBeLessThan(head);
    expect(seqs(first.events(ACCOUNT))).toEqual(range(1, seen));

    const second = await open(user);
    expect(await second.subscribe(ACCOUNT, { after: seen })).toMatchObject({ after: seen, head });
    await second.waitForSeq(ACCOUNT, head);
    const union = [...first.events(ACCOUNT), ...second.events(ACCOUNT)];
    expect(seqs(union)).toEqual(range(1, head));
    expect(union).toEqual((await storedEvents(test, appId, user)).map((e) => expect.objectContaining({ seq: e.seq, type: e.type })));
  });

  it('a customer dropped while sending a burst loses nothing: resends are deduplicated and every seq arrives once', async () => {
    const user = 'burst-writer';
    const first = await open(user);
    await first.subscribe(ACCOUNT);
    const COUNT = 20; // the socket's burst allowance
    const messages = Array.from({ length: COUNT }, (_, i) => ({ msgRandom: `w-${i}`, body: text(`消息 ${i}`) }));
    for (const m of messages) first.sendFrame({ type: 'send', id: m.msgRandom, accountId: ACCOUNT, msgRandom: m.msgRandom, body: m.body });
    await first.waitFor((f) => f.type === 'ack' && f.id === 'w-2');
    await first.terminate();
    const acked = first.frames.filter((f) => f.type === 'ack');

    // The client resends everything it has no ack for; the server answers with the stored message.
    const second = await open(user);
    const resent = [];
    for (const m of messages) resent.push(await second.sendOk(ACCOUNT, m.body, { msgRandom: m.msgRandom }));
    for (const ack of acked) expect(resent.find((r) => r.msgRandom === (ack as { msgRandom: string }).msgRandom)).toMatchObject({ duplicate: true, msgKey: (ack as { msgKey: string }).msgKey });

    const head = await headOf(test, appId, user);
    const seen = first.lastSeq(ACCOUNT);
    expect(await second.subscribe(ACCOUNT, { after: seen })).toMatchObject({ after: seen, head });
    if (head > seen) await second.waitForSeq(ACCOUNT, head);
    const union = [...first.events(ACCOUNT), ...second.events(ACCOUNT)];
    expect(seqs(union)).toEqual(range(1, head));
    const userMessages = union.filter((e) => e.type === 'ChatBot.UserSendMsg');
    expect(userMessages.map((e) => e.msgBody)).toEqual(messages.map((m) => m.body));
    expect(new Set(resent.map((r) => r.msgKey))).toEqual(new Set(userMessages.map((e) => e.msgKey)));
  });

  it('a streaming message interrupted by a dropped socket folds to its final chunks after resuming', async () => {
    const user = 'stream-reader';
    const entered = await services().conversations.enter({ appId, accountId: ACCOUNT, userId: user });
    const first = await open(user);
    const { head: opened } = await first.subscribe(ACCOUNT);
    await first.waitForSeq(ACCOUNT, opened);

    const chunks = ['从前', '有座山，', '山里', '有座庙，', '庙里', '有个', '老和尚', '在讲故事。'];
    const stream = (body: Record<string, unknown>) => client.call('send_stream_msg', { SessionId: entered.sessionId, ...body }, { service: 'desk_http_svc' });
    const started = await stream({ Chunk: chunks[0] });
    expect(started).toMatchObject({ ErrorCode: 0, MsgKey: expect.any(String) });
    const msgKey: string = started.MsgKey;
    for (let i = 1; i < chunks.length; i++) {
      expect((await stream({ MsgKey: msgKey, Chunk: chunks[i], ...(i === chunks.length - 1 ? { Finish: 1 } : {}) })).ErrorCode).toBe(0);
      if (i === 3) {
        await first.waitForEvent(ACCOUNT, (e) => e.type === 'StreamChunk' && e.chunkIndex === 2);
        await first.terminate();
      }
    }

    const second = await open(user);
    await second.subscribe(ACCOUNT, { after: first.lastSeq(ACCOUNT) });
    const end = await second.waitForEvent(ACCOUNT, (e) => e.type === 'StreamEnd');
    expect(end).toMatchObject({ msgKey, reason: 'finished' });
    const union = [...first.events(ACCOUNT), ...second.events(ACCOUNT)];
    expect(seqs(union)).toEqual(range(1, end.seq));

    // The stored message is what history and late readers see.
    const [final] = await services()
      .db.select()
      .from(messages)
      .where(and(eq(messages.appId, appId), eq(messages.msgKey, msgKey)));
    const stored = deskIn({ msgBody: final.body });
    expect(stored).toEqual({ customerServicePlugin: 0, src: '31', chunks, isFinished: 1 });
    expect(fold(union, msgKey)).toEqual({ chunks, finished: true });

    // A client that arrives later folds the same message from the whole replay.
    const late = await open(user);
    await late.subscribe(ACCOUNT);
    await late.waitForSeq(ACCOUNT, end.seq);
    expect(fold(late.events(ACCOUNT), msgKey)).toEqual({ chunks, finished: true });
  });

  it('a socket closed with frames still queued leaves no subscription behind', async () => {
    const user = 'vanishing';
    const hub = services().events.hub as unknown as { hints: Map<string, Set<unknown>>; signals: Map<string, Set<unknown>> };
    const key = `${appId}\u0000${streamOf(ACCOUNT, user)}`;
    const socket = await ChatClient.connect(test.baseUrl);
    sockets.push(socket);
    socket.sendFrame({ type: 'hello', ...helloFor(client, user) });
    // Work queued ahead of the subscribe, so the server handles it after it has seen the close.
    for (let i = 0; i < 15; i++) socket.sendFrame({ type: 'send', accountId: ACCOUNT, msgRandom: `q-${i}`, body: text(`排队 ${i}`) });
    socket.sendFrame({ type: 'subscribe', accountId: ACCOUNT });
    // Frames are handled in order: once this one is stored, the subscribe has been handled.
    socket.sendFrame({ type: 'send', accountId: ACCOUNT, msgRandom: 'marker', body: text('最后一条') });
    // The connection ends (TCP FIN) right behind the last frame, with no close handshake: the server
    // sees the close while the frames ahead of the subscribe are still being handled.
    (socket.ws as unknown as { _socket: Socket })._socket.end();
    await socket.closed;
    await expect.poll(async () => (await storedEvents(test, appId, user)).some((e) => textIn(toChatEvent(e)) === '最后一条'), { timeout: 10_000 }).toBe(true);
    // The server may notice the close a little after the last frame: wait for its cleanup, which must come.
    // (On PGlite the queue tends to finish before the close is read; the race shows on PostgreSQL.)
    await expect.poll(() => (hub.hints.get(key)?.size ?? 0) + (hub.signals.get(key)?.size ?? 0), { timeout: 3_000 }).toBe(0);
  });
});

/** What a chat screen does with src 31: start from the message's chunks, then place each StreamChunk at its index. */
function fold(events: ChatEvent[], msgKey: string): { chunks: string[]; finished: boolean } {
  const start = events.find((e) => e.msgKey === msgKey && e.msgBody);
  const chunks: string[] = [...(deskIn(start!)?.chunks ?? [])];
  let finished = deskIn(start!)?.isFinished === 1;
  for (const e of events) {
    if (e.msgKey !== msgKey) continue;
    if (e.type === 'StreamChunk') chunks[e.chunkIndex!] = e.chunk!;
    if (e.type === 'StreamEnd') finished = true;
  }
  return { chunks, finished };
}
