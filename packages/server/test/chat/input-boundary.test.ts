import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { socketErrorHandler } from '../../src/gateways/chat/plugin.ts';
import { createRestClient, startTestServer, type RestClient, type TestServer } from '../harness.ts';
import { loginAgent, WorkbenchClient, workbenchApp } from '../workbench/helpers.ts';
import { ACCOUNT, customer, headOf, text, userSig } from './helpers.ts';

// The customer chat API's input boundary: what PostgreSQL cannot store (NUL, lone surrogates) or a
// recursive walk could not survive (deep nesting) is refused with the chat error shape
// `{ error: { code, message } }` (sockets: an error frame), and nothing is written.

let test: TestServer;
let client: RestClient;
let appId: number;

beforeAll(async () => {
  test = await startTestServer();
  client = await createRestClient(test);
  appId = client.sdkAppId;
});
afterAll(() => test?.close());

const credentials = (userId: string) => ({ 'x-parley-app': String(appId), 'x-parley-user': userId, authorization: `UserSig ${userSig(client, userId)}` });
/** JSON text nested `levels` deep (built as text: JSON.stringify itself overflows the stack on such values). */
const deepJson = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

async function call(method: string, path: string, options: { body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await fetch(`${test.baseUrl}/chat/v1${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body,
  });
  const textBody = await response.text();
  let json: any;
  try {
    json = JSON.parse(textBody);
  } catch {
    json = { unparsable: textBody };
  }
  return { status: response.status, body: json };
}

/** The chat error shape with a 4xx status. */
function expectChatError(res: { status: number; body: any }, status: number, code?: string | number) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toEqual({ error: { code: code ?? expect.anything(), message: expect.any(String) } });
}

describe('HTTP routes', () => {
  it('POST /visitor: NUL and lone surrogates in any field → 400 -7', async () => {
    const publicKey = await test.server.services.customers.publicKeyOf(appId, ACCOUNT);
    for (const body of [{ publicKey, nick: 'a\u0000b' }, { publicKey, nick: 'lone \ud800' }, { publicKey: `${publicKey}\u0000` }, { publicKey, userId: '\udfff', userSig: 'x' }]) {
      expectChatError(await call('POST', '/visitor', { body }), 400, -7);
    }
    // the same visitor without the bad character is welcome
    expect((await call('POST', '/visitor', { body: { publicKey, nick: 'ab' } })).status).toBe(200);
  });

  it('POST /messages: NUL accountId, lone surrogates and deep nesting in the body → 400, nothing stored', async () => {
    const userId = 'boundary-http';
    const headers = credentials(userId);
    for (const body of [
      { accountId: `${ACCOUNT}\u0000`, msgRandom: 'r1', body: text('hi') },
      { accountId: ACCOUNT, msgRandom: 'r2', body: text('lone \ud800 surrogate') },
      { accountId: ACCOUNT, msgRandom: 'r5', body: text('ok'), cloudCustomData: '\udfff' },
    ]) {
      expectChatError(await call('POST', '/messages', { body, headers }), 400, -7);
    }
    for (const raw of [
      `{"accountId":"${ACCOUNT}","msgRandom":"r3","body":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x","Extra":${deepJson(5000)}}}]}`,
      `{"accountId":"${ACCOUNT}","msgRandom":"r4","body":${deepJson(5000)}}`,
    ]) {
      expectChatError(await call('POST', '/messages', { raw, headers }), 400, -7);
    }
    expect(await headOf(test, appId, userId)).toBe(0);
  });

  it('a Desk custom message whose Data holds unstorable text is refused too (90002), not a 500', async () => {
    const data = JSON.stringify({ customerServicePlugin: 0, src: '7', triggeredContent: { text: 'lone \ud800' } });
    expect(data).toContain('\\ud800'); // Data itself is well-formed: the escape is text until parsed
    const res = await call('POST', '/messages', {
      body: { accountId: ACCOUNT, msgRandom: 'd1', body: [{ MsgType: 'TIMCustomElem', MsgContent: { Data: data } }] },
      headers: credentials('boundary-desk'),
    });
    expectChatError(res, 400, 90002);
    expect(await headOf(test, appId, 'boundary-desk')).toBe(0);
  });

  it('GET /history and /events: NUL in the query → 400; a userid with NUL → 400, never a database error', async () => {
    const headers = credentials('boundary-query');
    expectChatError(await call('GET', `/history?accountId=${encodeURIComponent(`${ACCOUNT}\u0000`)}`, { headers }), 400, -7);
    expectChatError(await call('GET', `/events?wait=0&accountId=${encodeURIComponent(`${ACCOUNT}\u0000`)}`, { headers }), 400, -7);
    const res = await call('GET', `/history?accountId=${encodeURIComponent(ACCOUNT)}&sdkappid=${appId}&userid=%00&usersig=x`);
    expectChatError(res, 400, -7);
  });

  it('a file id with NUL → a client error, not a 500', async () => {
    const res = await call('GET', '/files/abc%00def', { headers: credentials('boundary-file') });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('unknown routes and methods, bad percent-encoding and long path segments answer in the chat shape', async () => {
    expectChatError(await call('GET', '/nope'), 404, 'not_found');
    expectChatError(await call('DELETE', '/visitor'), 404, 'not_found');
    expectChatError(await call('GET', '/files/%E0%A4%A'), 400, 'FST_ERR_BAD_URL');
    const long = await call('GET', `/files/${'f'.repeat(400)}`, { headers: credentials('boundary-long') });
    expect(long.status).toBeLessThan(500);
    expect(long.body.error ?? long.body.message).toBeDefined();
  });

  it('a body over the limit → 413 in the chat shape', async () => {
    const publicKey = await test.server.services.customers.publicKeyOf(appId, ACCOUNT);
    expectChatError(await call('POST', '/visitor', { body: { publicKey, nick: 'n'.repeat(100 * 1024) } }), 413);
    expectChatError(await call('POST', '/messages', { body: { accountId: ACCOUNT, msgRandom: 'big', body: text('x'.repeat(100 * 1024)) }, headers: credentials('boundary-big') }), 413);
  });
});

describe('the chat WebSocket', () => {
  it('refuses unstorable or too deep frames with an error frame (90001, with the send id), stores nothing, and stays open', async () => {
    const userId = 'boundary-ws';
    const socket = await customer(test, client, userId);
    try {
      for (const body of [text('lone \ud800'), text('nul \u0000'), [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'x', Extra: JSON.parse(deepJson(40)) } }]]) {
        const answer = await socket.send(ACCOUNT, body);
        expect(answer).toMatchObject({ type: 'error', code: 90001, id: expect.any(String) });
      }
      socket.sendRaw(`{"type":"send","id":"raw","accountId":"${ACCOUNT}","msgRandom":"m","body":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x","Extra":${deepJson(5000)}}}]}`);
      expect(await socket.waitFor((f) => f.type === 'error' && f.id === 'raw')).toMatchObject({ code: 90001 });
      expect(await headOf(test, appId, userId)).toBe(0);
      await socket.ping();
      expect(socket.isOpen).toBe(true);
    } finally {
      await socket.terminate();
    }
  });
});

describe('the workbench WebSocket', () => {
  it('answers unstorable or too deep frames with an error frame (90001) and keeps serving pings', async () => {
    const d = await workbenchApp(test);
    const agent = await loginAgent(d, { status: 'idle' });
    const socket = await WorkbenchClient.open(test, agent);
    try {
      for (const raw of ['{"type":"ping","x":"\\ud800"}', '{"type":"ping","x":"\\u0000"}', `{"type":"ping","x":${deepJson(5000)}}`]) {
        const from = socket.mark();
        socket.send(raw);
        expect((await socket.waitFor((f) => f.type === 'error', from)).code).toBe(90001);
      }
      const from = socket.mark();
      socket.send({ type: 'ping' });
      await socket.waitFor((f) => f.type === 'pong', from);
    } finally {
      await socket.close();
    }
  });
});

describe('socket errors any client can cause', () => {
  const fakeSocket = () => ({ terminate: vi.fn() });
  const fakeRequest = () => ({ log: { debug: vi.fn(), info: vi.fn(), error: vi.fn() } });

  it('are logged at debug, not error (frame too large, invalid UTF-8, a dropped connection)', () => {
    for (const code of ['WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', 'WS_ERR_INVALID_UTF8', 'WS_ERR_INVALID_OPCODE', 'ECONNRESET']) {
      const socket = fakeSocket();
      const request = fakeRequest();
      socketErrorHandler(Object.assign(new Error(code), { code }), socket as never, request as never);
      expect(request.log.error).not.toHaveBeenCalled();
      expect(request.log.debug).toHaveBeenCalledOnce();
      expect(socket.terminate).toHaveBeenCalledOnce();
    }
  });

  it('while a server fault is still an error', () => {
    const request = fakeRequest();
    socketErrorHandler(new Error('boom'), fakeSocket() as never, request as never);
    expect(request.log.error).toHaveBeenCalledOnce();
  });

  it('a frame over the size limit closes that socket only (1009), and the server keeps serving', async () => {
    const socket = await customer(test, client, 'boundary-huge');
    socket.sendRaw('x'.repeat(70 * 1024));
    expect((await socket.closed).code).toBe(1009);
    const other = await customer(test, client, 'boundary-after');
    await other.ping();
    await other.terminate();
  });
});
