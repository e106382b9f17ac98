import type { ChatEvent } from '@parley/protocol';
import TLSSigAPIv2 from 'tls-sig-api-v2';
import { streamOf } from '../../src/conversations/index.ts';
import type { RestClient, TestServer } from '../harness.ts';
import { ChatClient, type HelloOptions } from './ws-client.ts';

/** Every app gets this account (spec 05 §2.2). */
export const ACCOUNT = '@customer_service_account';

export const text = (t: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: t } }];
export const custom = (message: object) => [{ MsgType: 'TIMCustomElem', MsgContent: { Data: JSON.stringify(message) } }];
/** A Desk custom message body (spec 02): `{ customerServicePlugin: 0, src, ...fields }`. */
export const desk = (src: string, fields: Record<string, unknown> = {}) => custom({ customerServicePlugin: 0, src, ...fields });

/** A UserSig signed with Tencent's own library, as an app server would issue it. */
export function userSig(client: RestClient, userId: string, expireSeconds = 86_400): string {
  return new TLSSigAPIv2.Api(client.sdkAppId, client.secretKey).genSig(userId, expireSeconds);
}

/**
 * desk_http_svc calls for `client`'s app on another server of the same database (the harness's
 * RestClient is bound to the server it was created on).
 */
export function deskOn(test: TestServer, client: RestClient) {
  const adminSig = userSig(client, client.admin);
  return async (command: string, body: Record<string, unknown>): Promise<Record<string, any>> => {
    const query = `sdkappid=${client.sdkAppId}&identifier=${encodeURIComponent(client.admin)}&usersig=${encodeURIComponent(adminSig)}&random=${Math.floor(Math.random() * 4294967295)}&contenttype=json`;
    const response = await fetch(`${test.baseUrl}/v4/desk_http_svc/${command}?${query}`, { method: 'POST', body: JSON.stringify(body) });
    if (response.status !== 200) throw new Error(`HTTP ${response.status} for ${command}`);
    return (await response.json()) as Record<string, any>;
  };
}

export function helloFor(client: RestClient, userId: string, extra: Partial<HelloOptions> = {}): HelloOptions {
  return { sdkAppId: client.sdkAppId, userId, userSig: userSig(client, userId), ...extra };
}

/** A signed-in customer socket. */
export function customer(test: TestServer, client: RestClient, userId: string, extra: Partial<HelloOptions> = {}): Promise<ChatClient> {
  return ChatClient.open(test.baseUrl, helloFor(client, userId, extra));
}

/** The Desk message inside an event's one-element body, parsed; undefined for text and non-Desk data. */
export function deskIn(event: Pick<ChatEvent, 'msgBody'>): Record<string, any> | undefined {
  const [element] = event.msgBody ?? [];
  if (event.msgBody?.length !== 1 || element.MsgType !== 'TIMCustomElem') return undefined;
  try {
    const value = JSON.parse(String(element.MsgContent.Data));
    return value?.customerServicePlugin === 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

export const textIn = (event: Pick<ChatEvent, 'msgBody'>) =>
  (event.msgBody ?? [])
    .filter((e) => e.MsgType === 'TIMTextElem')
    .map((e) => (e.MsgContent as { Text: string }).Text)
    .join('\n');

/** `Type`, `Type <text>` or `Type src <n>`: what a chat screen would show, for readable assertions. */
export function summarize(event: Pick<ChatEvent, 'type' | 'msgBody'>): string {
  const d = deskIn(event);
  if (d) return `${event.type} src ${d.src}`;
  const t = textIn(event);
  return t ? `${event.type} ${t}` : event.type;
}

/** The conversation's stored events, straight from the log. */
export const storedEvents = (test: TestServer, appId: number, userId: string, accountId = ACCOUNT) => test.server.services.events.log.read(appId, streamOf(accountId, userId), 0);

export const headOf = (test: TestServer, appId: number, userId: string, accountId = ACCOUNT) => test.server.services.events.log.lastSeq(appId, streamOf(accountId, userId));

/** [from, from + 1, …, to]: the seqs a gapless, duplicate-free delivery must produce. */
export const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** The business server sending to a user through REST send_msg (by account and user). */
export const restSend = (client: RestClient, userId: string, body: unknown[]) =>
  client.call('send_msg', { FromAccount: ACCOUNT, ToAccount: userId, MsgRandom: Math.floor(Math.random() * 4294967295), MsgBody: body }, { service: 'desk_http_svc' });
