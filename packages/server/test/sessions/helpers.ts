import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { streamOf } from '../../src/conversations/index.ts';
import { messages, sessions } from '../../src/conversations/schema.ts';
import type { RestClient, TestServer } from '../harness.ts';
import { expectOk, type Envelope } from '../tencent-rest/helpers.ts';

export { expectFail, expectOk, type Envelope } from '../tencent-rest/helpers.ts';

/** Shortcuts for the session and message commands of spec 05 §3–§4 (desk_http_svc). */

export const ACCOUNT = '@customer_service_account';
/** Spec 05 §4.1: "消息包体请不要超过12k". */
export const BODY_LIMIT = 12 * 1024;

export const text = (t: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: t } }];
export const custom = (message: Record<string, unknown>) => [{ MsgType: 'TIMCustomElem', MsgContent: { Data: JSON.stringify(message) } }];

/** Calls a desk_http_svc command. */
export const desk = (client: RestClient, command: string, body: unknown = {}) => client.call(command, body, { service: 'desk_http_svc' });
/** Calls a desk_http_svc command with a raw (possibly broken) body. */
export const deskRaw = (client: RestClient, command: string, raw: string) => client.call(command, undefined, { service: 'desk_http_svc', raw });

let random = 1000;
/** A fresh MsgRandom (32-bit unsigned). */
export const nextRandom = () => random++;

let users = 0;
/** A user id no other test in the file uses. */
export const newUser = (prefix = 'user') => `${prefix}-${(users++).toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

/** What a test needs of one app on one server. */
export interface Desk {
  test: TestServer;
  client: RestClient;
  appId: number;
}

export function deskOf(test: TestServer, client: RestClient): Desk {
  return { test, client, appId: client.sdkAppId };
}

/** The customer opens the chat screen (src 7): a new robot-phase session. */
export async function enter(d: Desk, userId = newUser(), accountId = ACCOUNT): Promise<string> {
  const { sessionId } = await d.test.server.services.conversations.enter({ appId: d.appId, accountId, userId });
  return sessionId;
}

/** The customer sends a text (robot phase: the robot answers unless the account disabled it). */
export async function say(d: Desk, userId: string, words: string, accountId = ACCOUNT) {
  return d.test.server.services.conversations.customerSend({ appId: d.appId, accountId, userId, msgRandom: `c${nextRandom()}`, body: text(words) });
}

/** The conversation's event stream, oldest first. */
export const stream = (d: Desk, userId: string, accountId = ACCOUNT) => d.test.server.services.events.log.read(d.appId, streamOf(accountId, userId), 0);

/** One line per event: type, then the text or the Desk src of its message, if any. */
export async function said(d: Desk, userId: string, accountId = ACCOUNT): Promise<string[]> {
  return (await stream(d, userId, accountId)).map((e) => `${e.type}${describeBody(e.payload.msgBody as any[] | undefined)}`);
}

export function describeBody(body: any[] | undefined): string {
  const element = body?.[0];
  if (!element) return '';
  if (element.MsgType === 'TIMTextElem') return ` ${element.MsgContent.Text}`;
  const data = JSON.parse(element.MsgContent.Data);
  return ` src${data.src}`;
}

/** The stored session row (state, timers, end status). */
export async function sessionRow(d: Desk, sessionId: string) {
  const [row] = await d.test.server.services.db
    .select()
    .from(sessions)
    .where(and(eq(sessions.appId, d.appId), eq(sessions.sessionId, sessionId)));
  return row;
}

/** Every stored message of a session (flags included), oldest first. */
export async function messageRows(d: Desk, sessionId: string) {
  const rows = await d.test.server.services.db
    .select()
    .from(messages)
    .where(and(eq(messages.appId, d.appId), eq(messages.sessionId, sessionId)));
  return rows.sort((a, b) => a.seq - b.seq);
}

/** describe_chat_messages, asserting success. */
export async function history(d: Desk, sessionId: string, extra: Record<string, unknown> = {}): Promise<Envelope> {
  const res = await desk(d.client, 'describe_chat_messages', { SessionId: sessionId, Limit: 100, Order: 1, ...extra });
  expectOk(res);
  return res;
}

/** send_msg by SessionId with a text, asserting success. */
export async function sendText(d: Desk, sessionId: string, words: string, extra: Record<string, unknown> = {}): Promise<void> {
  expectOk(await desk(d.client, 'send_msg', { SessionId: sessionId, MsgRandom: nextRandom(), MsgBody: text(words), ...extra }));
}

/** The Desk message inside a one-element custom body. */
export function deskMessage(body: any[]): Record<string, any> {
  expect(body).toHaveLength(1);
  expect(body[0].MsgType).toBe('TIMCustomElem');
  return JSON.parse(body[0].MsgContent.Data);
}

/** Polls until `check` returns a value (not undefined/false) or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
