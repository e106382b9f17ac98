import type { ChatEvent } from '@parley/protocol';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateUserSig } from '../../src/apps/usersig.ts';
import { createRestClient, startTestServer, type RestClient, type TestServer } from '../harness.ts';
import { ACCOUNT, customer, desk, headOf, range, text, userSig, restSend as sendAsService } from './helpers.ts';

// Section 6 of the transport suite: the HTTP fallback. POST /chat/v1/messages sends, GET
// /chat/v1/events receives by long-poll (JSON) or Server-Sent Events, with the same cursor rules.

let test: TestServer;
let client: RestClient;
let appId: number;
const streams: Sse[] = [];

const credentials = (userId: string, sig = userSig(client, userId)) => ({ 'x-parley-app': String(appId), 'x-parley-user': userId, authorization: `UserSig ${sig}` });

async function post(userId: string, body: unknown, headers: Record<string, string> = credentials(userId)) {
  const response = await fetch(`${test.baseUrl}/chat/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
}

async function poll(userId: string, query: Record<string, string | number>, headers: Record<string, string> = credentials(userId)) {
  const params = new URLSearchParams(Object.entries({ accountId: ACCOUNT, ...query }).map(([k, v]) => [k, String(v)]));
  const response = await fetch(`${test.baseUrl}/chat/v1/events?${params}`, { headers });
  return { status: response.status, body: (await response.json()) as any };
}

const restSend = (userId: string, body: unknown[]) => sendAsService(client, userId, body);

beforeAll(async () => {
  test = await startTestServer();
  client = await createRestClient(test);
  appId = client.sdkAppId;
});
afterEach(async () => {
  await Promise.all(streams.splice(0).map((stream) => stream.close()));
});
afterAll(() => test?.close());

describe('sending with POST /chat/v1/messages', () => {
  it('acknowledges like the socket does, and a resend (over either transport) is the same message', async () => {
    const sent = await post('poster', { accountId: ACCOUNT, msgRandom: 'p-1', body: desk('7'), id: 'first' });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({
      type: 'ack',
      id: 'first',
      accountId: ACCOUNT,
      msgRandom: 'p-1',
      msgKey: expect.any(String),
      seq: expect.any(Number),
      sessionId: expect.any(String),
      duplicate: false,
    });

    const again = await post('poster', { accountId: ACCOUNT, msgRandom: 'p-1', body: desk('7') });
    expect(again.body).toMatchObject({ msgKey: sent.body.msgKey, seq: sent.body.seq, sessionId: sent.body.sessionId, duplicate: true });

    const question = await post('poster', { accountId: ACCOUNT, msgRandom: 42, body: text('你好') });
    expect(question.body).toMatchObject({ msgRandom: '42', duplicate: false });
    const socket = await customer(test, client, 'poster');
    try {
      expect(await socket.send(ACCOUNT, text('你好'), { msgRandom: '42' })).toMatchObject({ type: 'ack', msgKey: question.body.msgKey, duplicate: true });
    } finally {
      await socket.terminate();
    }
  });

  it('refuses missing or bad credentials with 401 and bad bodies with 400', async () => {
    const good = { accountId: ACCOUNT, msgRandom: 'x', body: text('hi') };
    const none = await post('refused', good, {});
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe(60002);
    const { authorization: _sig, ...withoutSig } = credentials('refused');
    expect((await post('refused', good, withoutSig)).status).toBe(401);
    const expired = await post('refused', good, credentials('refused', generateUserSig(appId, client.secretKey, 'refused', 60, Math.floor(Date.now() / 1000) - 3600)));
    expect(expired).toMatchObject({ status: 401, body: { error: { code: 70001 } } });
    const forged = await post('refused', good, credentials('refused', userSig(client, 'someone-else')));
    expect(forged).toMatchObject({ status: 401, body: { error: { code: 70013 } } });
    const admin = await post(client.admin, good, credentials(client.admin));
    expect(admin.status).toBe(403);
    expect(admin.body.error.code).toBe(70013);

    const noAccount = await post('refused', { msgRandom: 'x', body: text('hi') });
    expect(noAccount.status).toBe(400);
    const stringBody = await post('refused', { accountId: ACCOUNT, msgRandom: 'x', body: 'hi' });
    expect(stringBody.status).toBe(400);
    const badDesk = await post('refused', { accountId: ACCOUNT, msgRandom: 'x', body: desk('99') });
    expect(badDesk).toMatchObject({ status: 400, body: { error: { code: 90002 } } });
    const notJson = await fetch(`${test.baseUrl}/chat/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...credentials('refused') }, body: '{"accountId":' });
    expect(notJson.status).toBe(400);
    expect(await headOf(test, appId, 'refused')).toBe(0);
  });
});

describe('receiving with GET /chat/v1/events (long-poll)', () => {
  it('wait=0 returns what is stored after the cursor at once', async () => {
    await post('poller', { accountId: ACCOUNT, msgRandom: 'e-1', body: desk('7') });
    const head = await headOf(test, appId, 'poller');
    const all = await poll('poller', { after: 0, wait: 0 });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ head, next: head });
    expect(all.body.events.map((e: ChatEvent) => e.seq)).toEqual(range(1, head));
    expect(all.body.events[0]).toMatchObject({ type: 'SessionBegin', sessionId: expect.any(String) });

    const later = await poll('poller', { after: 2, wait: 0 });
    expect(later.body.events.map((e: ChatEvent) => e.seq)).toEqual(range(3, head));
    const tail = await poll('poller', { tail: 2, wait: 0 });
    expect(tail.body.events.map((e: ChatEvent) => e.seq)).toEqual(range(head - 1, head));
    const none = await poll('poller', { after: head, wait: 0 });
    expect(none.body).toEqual({ events: [], head, next: head });
  });

  it('a waiting poll returns when a message arrives; polling from `next` misses nothing', async () => {
    await post('waiter', { accountId: ACCOUNT, msgRandom: 'w-1', body: desk('7') });
    const head = await headOf(test, appId, 'waiter');
    const waiting = poll('waiter', { after: head, wait: 20 });
    const sent = await restSend('waiter', text('客服来消息了'));
    expect(sent.ErrorCode).toBe(0);
    const woke = await waiting;
    expect(woke.status).toBe(200);
    expect(woke.body.events[0]).toMatchObject({ seq: head + 1, type: 'ChatBot.RobotSendMsg', msgBody: text('客服来消息了'), role: 2 });
    expect(woke.body.next).toBe(woke.body.events.at(-1).seq);

    // The customer answers; the robot replies in the same transaction. Poll until caught up.
    await post('waiter', { accountId: ACCOUNT, msgRandom: 'w-2', body: text('好的') });
    const target = await headOf(test, appId, 'waiter');
    const seen: ChatEvent[] = [...woke.body.events];
    let cursor = woke.body.next;
    while (cursor < target) {
      const page = await poll('waiter', { after: cursor, wait: 5 });
      seen.push(...page.body.events);
      cursor = page.body.next;
    }
    expect(seen.map((e) => e.seq)).toEqual(range(head + 1, target));
  });

  it('refuses missing credentials (401), an unknown account and bad query values (400)', async () => {
    const anonymous = await fetch(`${test.baseUrl}/chat/v1/events?accountId=${encodeURIComponent(ACCOUNT)}&wait=0`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).error.code).toBe(60002);
    expect(await poll('q', { wait: 0, accountId: 'no_such_account' })).toMatchObject({ status: 400, body: { error: { code: 141004 } } });
    expect((await poll('q', { wait: 99 })).status).toBe(400);
    expect((await poll('q', { after: -1, wait: 0 })).status).toBe(400);
    expect((await poll('q', { after: 'abc', wait: 0 })).status).toBe(400);
  });
});

describe('receiving with Server-Sent Events', () => {
  it('replays then streams live, and a reconnect with Last-Event-ID gets only later events', async () => {
    await post('sse', { accountId: ACCOUNT, msgRandom: 's-1', body: desk('7') });
    const head = await headOf(test, appId, 'sse');
    // EventSource cannot set headers: credentials go in the query.
    const query = `accountId=${encodeURIComponent(ACCOUNT)}&sdkappid=${appId}&userid=sse&usersig=${encodeURIComponent(userSig(client, 'sse'))}`;
    const first = await Sse.open(`${test.baseUrl}/chat/v1/events?${query}`);
    streams.push(first);
    expect(first.status).toBe(200);
    expect(first.contentType).toMatch(/^text\/event-stream/);
    await first.waitFor((e) => e.data.seq === head);
    expect((await restSend('sse', text('实时消息'))).ErrorCode).toBe(0);
    const live = await first.waitFor((e) => e.data.seq === head + 1);
    expect(live).toMatchObject({ id: String(head + 1), event: 'chat', data: { type: 'ChatBot.RobotSendMsg', msgBody: text('实时消息') } });
    expect(first.events.map((e) => e.data.seq)).toEqual(range(1, head + 1));
    expect(first.events.every((e) => e.id === String(e.data.seq))).toBe(true);
    await first.close();

    // Reconnecting as EventSource does: Last-Event-ID wins over the query cursor.
    const lastId = 3;
    await restSend('sse', text('断线期间的消息'));
    const newHead = await headOf(test, appId, 'sse');
    const second = await Sse.open(`${test.baseUrl}/chat/v1/events?${query}&after=0`, { 'last-event-id': String(lastId) });
    streams.push(second);
    await second.waitFor((e) => e.data.seq === newHead);
    expect(second.events.map((e) => e.data.seq)).toEqual(range(lastId + 1, newHead));
  });

  it('answers an SSE request without credentials with 401 before streaming', async () => {
    const response = await fetch(`${test.baseUrl}/chat/v1/events?accountId=${encodeURIComponent(ACCOUNT)}`, { headers: { accept: 'text/event-stream' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/json/);
    await response.body?.cancel();
  });
});

interface SseEvent {
  id?: string;
  event?: string;
  data: ChatEvent;
}

/**
 * A minimal EventSource over fetch: parses `id:`, `event:` and `data:` lines of each block. Each
 * stream has its own connection pool, destroyed on close: an aborted stream otherwise leaves the
 * shared pool with a spare connection that holds up the server's shutdown until it times out.
 */
class Sse {
  readonly events: SseEvent[] = [];
  private listeners = new Set<() => void>();
  private ended = false;

  private constructor(
    private controller: AbortController,
    private agent: Agent,
    readonly status: number,
    readonly contentType: string,
  ) {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<Sse> {
    const controller = new AbortController();
    const agent = new Agent();
    const response = await undiciFetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal, dispatcher: agent });
    const sse = new Sse(controller, agent, response.status, response.headers.get('content-type') ?? '');
    void sse.pump(response.body!.getReader());
    return sse;
  }

  waitFor(predicate: (event: SseEvent) => boolean, timeout = 5_000): Promise<SseEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.find(predicate);
        if (found || this.ended) {
          clearTimeout(timer);
          this.listeners.delete(check);
          if (found) resolve(found);
          else reject(new Error(`stream ended; events: ${JSON.stringify(this.events.map((e) => e.id))}`));
        }
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`no matching SSE event within ${timeout} ms; ids: ${JSON.stringify(this.events.map((e) => e.id))}`));
      }, timeout);
      this.listeners.add(check);
      check();
    });
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.agent.destroy();
  }

  private async pump(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (!line || line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            const name = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            fields[name] = name in fields && name === 'data' ? `${fields[name]}\n${value}` : value;
          }
          if (fields.data !== undefined) this.events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
        }
        for (const listener of [...this.listeners]) listener();
      }
    } catch {
      // aborted
    } finally {
      this.ended = true;
      for (const listener of [...this.listeners]) listener();
    }
  }
}
