import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateUserSig } from '../../src/apps/usersig.ts';
import { SOCKET_LIMITS } from '../../src/gateways/chat/chat-socket.ts';
import { SAMPLE_1 } from '../accounts/helpers.ts';
import { createRestClient, startTestServer, type RestClient, type TestServer } from '../harness.ts';
import { ACCOUNT, customer, desk, helloFor, storedEvents, text, userSig } from './helpers.ts';
import { ChatClient } from './ws-client.ts';

// Section 1 (hello and frame errors) and section 7 (web visitors) of the transport suite.

let test: TestServer;
let client: RestClient;
let other: RestClient;
const sockets: ChatClient[] = [];

const connect = async () => {
  const socket = await ChatClient.connect(test.baseUrl);
  sockets.push(socket);
  return socket;
};

beforeAll(async () => {
  test = await startTestServer();
  client = await createRestClient(test, 'main');
  other = await createRestClient(test, 'other');
});
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.terminate()));
});
afterAll(() => test?.close());

describe('hello', () => {
  it('a valid UserSig gets ready, as an SDK customer, with the server time', async () => {
    const socket = await connect();
    const ready = await socket.hello(helloFor(client, 'alice', { nick: 'Alice', languageTag: 'zh' }));
    expect(ready).toMatchObject({ type: 'ready', userId: 'alice', channelType: 'SDK' });
    expect(ready.type === 'ready' && typeof ready.serverTime).toBe('number');
    await socket.ping();
    expect(socket.isOpen).toBe(true);
  });

  const now = () => Math.floor(Date.now() / 1000);
  const refused: Array<[string, () => { sdkAppId: number; userId: string; userSig: string }, number]> = [
    ['an expired UserSig', () => ({ sdkAppId: client.sdkAppId, userId: 'bob', userSig: generateUserSig(client.sdkAppId, client.secretKey, 'bob', 60, now() - 3600) }), 70001],
    ['a UserSig signed with another key', () => ({ sdkAppId: client.sdkAppId, userId: 'bob', userSig: generateUserSig(client.sdkAppId, other.secretKey, 'bob', 3600) }), 70009],
    ["another app's UserSig", () => ({ sdkAppId: client.sdkAppId, userId: 'bob', userSig: userSig(other, 'bob') }), 70014],
    ["another user's UserSig", () => ({ sdkAppId: client.sdkAppId, userId: 'bob', userSig: userSig(client, 'mallory') }), 70013],
    ['a UserSig that is not one', () => ({ sdkAppId: client.sdkAppId, userId: 'bob', userSig: 'not-a-usersig' }), 70003],
    ['an unknown SDKAppID', () => ({ sdkAppId: 1_999_999_999, userId: 'bob', userSig: userSig(client, 'bob') }), 70020],
  ];
  it.each(refused)('refuses %s with its Tencent code and closes with 4401', async (_name, hello, code) => {
    const socket = await connect();
    const answer = await socket.hello(hello());
    expect(answer).toMatchObject({ type: 'error', code });
    expect(answer.type === 'error' && answer.message).toBeTruthy();
    expect((await socket.closed).code).toBe(4401);
    expect(socket.frames.filter((f) => f.type === 'ready')).toEqual([]);
  });

  it.each([
    ['the app administrator', () => client.admin],
    ['the default customer-service account', () => ACCOUNT],
  ])('refuses %s as a customer (70013, close 4401)', async (_name, id) => {
    const socket = await connect();
    const answer = await socket.hello(helloFor(client, id()));
    expect(answer).toMatchObject({ type: 'error', code: 70013 });
    expect((await socket.closed).code).toBe(4401);
  });

  it('refuses a customer-service account added to the app', async () => {
    const added = await client.call('add_im_agent', { ...SAMPLE_1, IMAgentUserID: 'sales_desk' }, { service: 'desk_http_svc' });
    expect(added).toMatchObject({ ErrorCode: 0, IMAgentUserID: 'sales_desk' });
    const socket = await connect();
    expect(await socket.hello(helloFor(client, 'sales_desk'))).toMatchObject({ type: 'error', code: 70013 });
    expect((await socket.closed).code).toBe(4401);
    // The same id is an ordinary customer in another app.
    const elsewhere = await connect();
    expect(await elsewhere.hello(helloFor(other, 'sales_desk'))).toMatchObject({ type: 'ready', userId: 'sales_desk' });
  });

  it('answers frames sent before hello with 60002 and keeps the socket for a hello', async () => {
    const socket = await connect();
    let from = socket.mark();
    socket.sendFrame({ type: 'subscribe', accountId: ACCOUNT });
    expect(await socket.waitFor((f) => f.type === 'error', { from })).toMatchObject({ code: 60002 });
    const sent = await socket.send(ACCOUNT, text('你好'));
    expect(sent).toMatchObject({ type: 'error', code: 60002, id: expect.any(String) });
    from = socket.mark();
    socket.sendFrame({ type: 'unsubscribe', accountId: ACCOUNT });
    expect(await socket.waitFor((f) => f.type === 'error', { from })).toMatchObject({ code: 60002 });
    expect(socket.isOpen).toBe(true);
    expect(await socket.hello(helloFor(client, 'late-hello'))).toMatchObject({ type: 'ready' });
    expect((await socket.send(ACCOUNT, text('你好'))).type).toBe('ack');
    // Nothing of the refused send was stored.
    expect((await storedEvents(test, client.sdkAppId, 'late-hello')).filter((e) => e.type === 'ChatBot.UserSendMsg')).toHaveLength(1);
  });

  it('closes a socket that never says hello (4408)', async () => {
    const limits = SOCKET_LIMITS as { helloTimeoutMs: number };
    const saved = limits.helloTimeoutMs;
    limits.helloTimeoutMs = 100; // read when the socket opens
    try {
      const socket = await connect();
      await socket.ping(); // a ping is no hello
      expect(await socket.closed).toMatchObject({ code: 4408 });
    } finally {
      limits.helloTimeoutMs = saved;
    }
  });

  it('refuses a second hello on the same socket', async () => {
    const socket = await customerSocket('twice');
    expect(await socket.hello(helloFor(client, 'someone-else'))).toMatchObject({ type: 'error', code: 90001 });
    expect(socket.isOpen).toBe(true);
    expect(socket.frames.filter((f) => f.type === 'ready')).toHaveLength(1);
  });

  it('refuses a subscription to an account the app does not have', async () => {
    const socket = await customerSocket('nosuch');
    const from = socket.mark();
    socket.sendFrame({ type: 'subscribe', accountId: 'no_such_account' });
    expect(await socket.waitFor((f) => f.type === 'error', { from })).toMatchObject({ code: 141004 });
    expect(socket.frames.filter((f) => f.type === 'subscribed')).toEqual([]);
  });
});

async function customerSocket(userId: string) {
  const socket = await customer(test, client, userId);
  sockets.push(socket);
  return socket;
}

describe('bad frames', () => {
  const badFrames: Array<[string, string | Buffer]> = [
    ['text that is not JSON', '{"type": "send",'],
    ['a JSON value that is not a frame', '[1, 2, 3]'],
    ['an unknown frame type', JSON.stringify({ type: 'dance', accountId: ACCOUNT })],
    ['a frame without a type', JSON.stringify({ accountId: ACCOUNT })],
    ['subscribe with a string cursor', JSON.stringify({ type: 'subscribe', accountId: ACCOUNT, after: 'ten' })],
    ['subscribe with a negative cursor', JSON.stringify({ type: 'subscribe', accountId: ACCOUNT, after: -1 })],
    ['subscribe with a numeric account', JSON.stringify({ type: 'subscribe', accountId: 42 })],
    ['send with a string body', JSON.stringify({ type: 'send', accountId: ACCOUNT, msgRandom: 'x', body: 'hello' })],
    ['send with an empty body', JSON.stringify({ type: 'send', accountId: ACCOUNT, msgRandom: 'x', body: [] })],
    ['send without msgRandom', JSON.stringify({ type: 'send', accountId: ACCOUNT, body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }] })],
    ['send with a negative msgRandom', JSON.stringify({ type: 'send', accountId: ACCOUNT, msgRandom: -5, body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }] })],
    ['a NUL character', JSON.stringify({ type: 'send', accountId: ACCOUNT, msgRandom: 'x', body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'a\u0000b' } }] })],
    ['a binary frame', Buffer.from(JSON.stringify({ type: 'ping' }))],
  ];

  it.each(badFrames)('answers %s with 90001 and stays usable', async (_name, raw) => {
    const socket = await customerSocket('bad-frames');
    const from = socket.mark();
    socket.sendRaw(raw);
    const error = await socket.waitFor((f) => f.type === 'error', { from });
    expect(error).toMatchObject({ type: 'error', code: 90001 });
    expect(error.type === 'error' && error.message.length).toBeGreaterThan(0);
    await socket.ping();
    expect(socket.isOpen).toBe(true);
  });

  it('closes the socket (1009) on a frame over the size limit', async () => {
    const socket = await customerSocket('huge-frame');
    socket.sendRaw(JSON.stringify({ type: 'send', accountId: ACCOUNT, msgRandom: 'x', body: text('x'.repeat(70 * 1024)) }));
    expect((await socket.closed).code).toBe(1009);
  });

  it('stores nothing from refused frames and still accepts a good message afterwards', async () => {
    const socket = await customerSocket('bad-then-good');
    for (const [, raw] of badFrames) socket.sendRaw(raw);
    const ack = await socket.send(ACCOUNT, text('你好'));
    expect(ack.type).toBe('ack');
    expect(socket.errors().map((e) => e.code)).toEqual(badFrames.map(() => 90001));
    const stored = await storedEvents(test, client.sdkAppId, 'bad-then-good');
    expect(stored.filter((e) => e.type.endsWith('UserSendMsg')).map((e) => (e.payload.msgBody as any)[0].MsgContent.Text)).toEqual(['你好']);
  });
});

describe('web visitors', () => {
  const visitor = (body: unknown) =>
    fetch(`${test.baseUrl}/chat/v1/visitor`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as any,
    }));

  it('gives a visitor an identity that chats as Web(H5), and the same identity when it returns', async () => {
    const publicKey = await test.server.services.customers.publicKeyOf(client.sdkAppId, ACCOUNT);
    expect(publicKey).toBeTruthy();
    const first = await visitor({ publicKey, nick: '小王' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ sdkAppId: client.sdkAppId, accountId: ACCOUNT, userId: expect.stringMatching(/^visitor_[a-z0-9]+$/), userSig: expect.any(String) });

    const socket = await connect();
    const ready = await socket.hello({ sdkAppId: first.body.sdkAppId, userId: first.body.userId, userSig: first.body.userSig });
    expect(ready).toMatchObject({ type: 'ready', userId: first.body.userId, channelType: 'Web(H5)' });
    await socket.subscribe(ACCOUNT);
    expect((await socket.send(ACCOUNT, desk('7'))).type).toBe('ack');
    const begin = await socket.waitForEvent(ACCOUNT, (e) => e.type === 'SessionBegin');
    const [stored] = await storedEvents(test, client.sdkAppId, first.body.userId);
    expect(stored).toMatchObject({ type: 'SessionBegin', payload: { sessionId: begin.sessionId, channelType: 'Web(H5)' } });

    const back = await visitor({ publicKey, userId: first.body.userId, userSig: first.body.userSig });
    expect(back.status).toBe(200);
    expect(back.body.userId).toBe(first.body.userId);
    const again = await connect();
    expect(await again.hello({ sdkAppId: back.body.sdkAppId, userId: back.body.userId, userSig: back.body.userSig })).toMatchObject({ type: 'ready', channelType: 'Web(H5)' });
    // A returning visitor sees its conversation.
    const subscribed = await again.subscribe(ACCOUNT);
    expect(subscribed.head).toBeGreaterThan(0);
    await again.waitForSeq(ACCOUNT, subscribed.head);

    // A forged identity is not renewed: it becomes a new visitor.
    const forged = await visitor({ publicKey, userId: first.body.userId, userSig: userSig(other, first.body.userId) });
    expect(forged.status).toBe(200);
    expect(forged.body.userId).toMatch(/^visitor_/);
    expect(forged.body.userId).not.toBe(first.body.userId);
  });

  it('refuses an unknown public key with 404 and a body without one with 400', async () => {
    const unknown = await visitor({ publicKey: 'no-such-public-key' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe(404);
    expect((await visitor({ nick: 'x' })).status).toBe(400);
  });
});
