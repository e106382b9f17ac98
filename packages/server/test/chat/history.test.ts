import type { MsgElement } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestClient, startTestServer, type RestClient, type TestServer } from '../harness.ts';
import { ACCOUNT, deskIn, desk, restSend, storedEvents, text, textIn, userSig } from './helpers.ts';

// GET /chat/v1/history: a customer pages back through their conversation with one account,
// newest first, seeing messages as they read now.

let test: TestServer;
let client: RestClient;
let otherApp: RestClient;

interface HistoryMessage {
  seq: number;
  msgKey: string;
  sessionId: string;
  role: number;
  at: number;
  msgBody: MsgElement[];
}

const credentials = (app: RestClient, userId: string) => ({ 'x-parley-app': String(app.sdkAppId), 'x-parley-user': userId, authorization: `UserSig ${userSig(app, userId)}` });

async function history(userId: string, query: Record<string, string | number>, app = client, headers: Record<string, string> = credentials(app, userId)) {
  const params = new URLSearchParams(Object.entries({ accountId: ACCOUNT, ...query }).map(([k, v]) => [k, String(v)]));
  const response = await fetch(`${test.baseUrl}/chat/v1/history?${params}`, { headers });
  return { status: response.status, body: (await response.json()) as any };
}

/** Every page from the newest back, following `before`. */
async function allPages(userId: string, limit: number, app = client) {
  const pages: { messages: HistoryMessage[]; hasMore: boolean }[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await history(userId, before === undefined ? { limit } : { limit, before }, app);
    expect(page.status).toBe(200);
    pages.push(page.body);
    if (!page.body.hasMore) return pages;
    before = page.body.messages.at(-1).seq;
  }
}

async function startChat(app: RestClient, userId: string) {
  const response = await fetch(`${test.baseUrl}/chat/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...credentials(app, userId) },
    body: JSON.stringify({ accountId: ACCOUNT, msgRandom: `start-${userId}`, body: desk('7') }),
  });
  expect(response.status).toBe(200);
}

const texts = (messages: HistoryMessage[]) => messages.map(textIn).filter(Boolean);

beforeAll(async () => {
  test = await startTestServer();
  client = await createRestClient(test);
  otherApp = await createRestClient(test, 'Other app');
  // 'reader' has 120 numbered messages from the service side after the welcome (src 7 is a flag).
  await startChat(client, 'reader');
  for (let i = 1; i <= 120; i++) expect((await restSend(client, 'reader', text(`m${i}`))).ErrorCode).toBe(0);
  // The same user id in another app, and another user of the same app, say things 'reader' must never see.
  await startChat(otherApp, 'reader');
  expect((await restSend(otherApp, 'reader', text('other app secret'))).ErrorCode).toBe(0);
  await startChat(client, 'neighbour');
  expect((await restSend(client, 'neighbour', text('neighbour secret'))).ErrorCode).toBe(0);
}, 60_000);
afterAll(() => test?.close());

describe('GET /chat/v1/history', () => {
  it('pages back through the whole conversation with before/limit, newest first, hasMore until the start', async () => {
    const pages = await allPages('reader', 50);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages.slice(0, -1)) expect(page).toMatchObject({ hasMore: true, messages: expect.any(Array) });
    for (const page of pages.slice(0, -1)) expect(page.messages).toHaveLength(50);
    expect(pages.at(-1)!.hasMore).toBe(false);

    const messages = pages.flatMap((p) => p.messages);
    const seqs = messages.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(new Set(messages.map((m) => m.msgKey)).size).toBe(messages.length);
    const numbered = Array.from({ length: 120 }, (_, i) => `m${120 - i}`);
    expect(texts(messages).filter((t) => /^m\d+$/.test(t))).toEqual(numbered);
    expect(messages[0]).toMatchObject({ role: 2, msgBody: text('m120'), sessionId: expect.any(String), at: expect.any(Number), msgKey: expect.any(String) });
    expect(Math.abs(messages[0].at - Date.now())).toBeLessThan(10 * 60_000);

    // A page ends where asked: below `before`, at most `limit`.
    const m61 = messages.find((m) => textIn(m) === 'm61')!;
    const below = await history('reader', { before: m61.seq, limit: 3 });
    expect(texts(below.body.messages)).toEqual(['m60', 'm59', 'm58']);
    expect(below.body.hasMore).toBe(true);
    // The default page is 50.
    expect((await history('reader', {})).body.messages).toHaveLength(50);
  });

  it('excludes flags: the src 7 the customer sent is in the log but not in the history', async () => {
    const log = await storedEvents(test, client.sdkAppId, 'reader');
    expect(log.some((e) => deskIn({ msgBody: (e.payload as any).msgBody })?.src === '7')).toBe(true);
    const messages = (await allPages('reader', 100)).flatMap((p) => p.messages);
    expect(messages.filter((m) => m.role === 1)).toEqual([]);
    expect(messages.map((m) => deskIn(m)?.src).filter((src) => src && ['7', '10', '12', '23', '24', '26', '27'].includes(src))).toEqual([]);
  });

  it('returns an edited message as edited, at its original place', async () => {
    const before = (await allPages('reader', 100)).flatMap((p) => p.messages);
    const original = before.find((m) => textIn(m) === 'm42')!;
    const edited = await client.call('modify_msg', { SessionId: original.sessionId, MsgKey: original.msgKey, MsgBody: text('m42 (corrected)') }, { service: 'desk_http_svc' });
    expect(edited.ErrorCode).toBe(0);
    const page = await history('reader', { before: original.seq + 1, limit: 1 });
    expect(page.body.messages).toEqual([{ ...original, msgBody: text('m42 (corrected)') }]);
  });

  it("never shows another user's or another app's messages", async () => {
    const mine = texts((await allPages('reader', 100)).flatMap((p) => p.messages));
    expect(mine).not.toContain('other app secret');
    expect(mine).not.toContain('neighbour secret');
    expect(texts((await allPages('reader', 100, otherApp)).flatMap((p) => p.messages))).toContain('other app secret');
    const otherAppReader = texts((await allPages('reader', 100, otherApp)).flatMap((p) => p.messages));
    expect(otherAppReader.some((t) => /^m\d+$/.test(t))).toBe(false);
    const neighbour = texts((await allPages('neighbour', 100)).flatMap((p) => p.messages));
    expect(neighbour).toContain('neighbour secret');
    expect(neighbour).not.toContain('m1');
  });

  it('refuses missing credentials (401), an unknown account and bad query values (400) with precise messages', async () => {
    const anonymous = await fetch(`${test.baseUrl}/chat/v1/history?accountId=${encodeURIComponent(ACCOUNT)}`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).error.code).toBe(60002);

    expect(await history('reader', { accountId: 'no_such_account' })).toMatchObject({ status: 400, body: { error: { code: 141004, message: expect.stringContaining('no_such_account') } } });
    const cases: [Record<string, string | number>, string][] = [
      [{ before: 'abc' }, 'before: must be an integer from 1'],
      [{ before: 0 }, 'before: must be an integer from 1'],
      [{ before: 2.5 }, 'before: must be an integer from 1'],
      [{ limit: 0 }, 'limit: must be an integer from 1 to 100'],
      [{ limit: 101 }, 'limit: must be an integer from 1 to 100'],
      [{ limit: 'ten' }, 'limit: must be an integer from 1 to 100'],
    ];
    for (const [query, message] of cases) {
      const refused = await history('reader', query);
      expect(refused.status, JSON.stringify(query)).toBe(400);
      expect(refused.body.error.message, JSON.stringify(query)).toContain(message);
    }
    const params = new URLSearchParams({ limit: '5' });
    const noAccount = await fetch(`${test.baseUrl}/chat/v1/history?${params}`, { headers: credentials(client, 'reader') });
    expect(noAccount.status).toBe(400);
    expect(((await noAccount.json()) as any).error.message).toContain('accountId');
  });
});
