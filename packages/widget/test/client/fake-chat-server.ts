// An in-memory stand-in for /chat/v1 (README "Customer chat"): one conversation's event log with
// gap-free seqs, replay from `after` (or `tail`), sends deduplicated by msgRandom, acks, errors and
// sockets that can be killed, so the client's reconnect and resend logic can be driven step by step.
import type { ChatEvent, MsgElement } from '@parley/protocol';
import type { LinkEnvironment, WebSocketLike } from '../../src/client/socket-link.ts';
import type { VisitorIdentity } from '../../src/client/identity.ts';

export const IDENTITY: VisitorIdentity = {
  sdkAppId: 1400000001,
  accountId: '@customer_service_account',
  accountNick: 'Parley Support',
  accountAvatarUrl: '',
  userId: 'visitor_abc',
  userSig: 'sig',
  expiresAt: 4_000_000_000,
};

export const text = (t: string): MsgElement[] => [{ MsgType: 'TIMTextElem', MsgContent: { Text: t } }];
export const desk = (src: string, fields: Record<string, unknown> = {}): MsgElement[] => [
  { MsgType: 'TIMCustomElem', MsgContent: { Data: JSON.stringify({ customerServicePlugin: 0, src, ...fields }) } },
];

type Frame = Record<string, any>;

export class FakeSocket implements WebSocketLike {
  readyState = 0;
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  subscribed = false;
  authenticated = false;
  /** Frames the client sent, parsed. */
  received: Frame[] = [];

  constructor(private server: FakeChatServer) {
    queueMicrotask(() => {
      if (this.readyState !== 0) return;
      if (server.refuseConnections) return this.kill(1006);
      this.readyState = 1;
      this.onopen?.({});
    });
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('socket not open');
    const frame = JSON.parse(data) as Frame;
    this.received.push(frame);
    // Answers come later, as over a real network.
    queueMicrotask(() => this.readyState === 1 && this.server.handle(this, frame));
  }

  close(): void {
    this.kill(1000);
  }

  /** The connection dies (server side, network): the client hears close. */
  kill(code = 1006): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.subscribed = false;
    this.onclose?.({ code });
  }

  /** Each frame arrives in its own task, as from a real socket (the client's view updates in between). */
  push(frame: Frame): void {
    const data = JSON.stringify(frame);
    setTimeout(() => this.readyState === 1 && this.onmessage?.({ data }), 0);
  }
}

export class FakeChatServer {
  events: ChatEvent[] = [];
  sockets: FakeSocket[] = [];
  /** msgRandom → the stored message's ack fields. */
  private stored = new Map<string, { msgKey: string; seq: number }>();
  private keys = 0;
  refuseConnections = false;
  /** Store sends but never answer (the ack is lost with the connection). */
  withholdAcks = false;
  /** Publish a stored message's event before its ack (both orders happen on the real server). */
  eventBeforeAck = true;
  /** Errors to answer the next sends with, in order (code, message). */
  failNext: Array<{ code: number; message: string }> = [];
  /** Welcome prompt and card on src 7 when no session is open. */
  sessionOpen = false;
  visitorCalls: Frame[] = [];

  createSocket = (): WebSocketLike => {
    const socket = new FakeSocket(this);
    this.sockets.push(socket);
    return socket;
  };

  /** `before` of every GET /chat/v1/history; set historyFails to answer 503. */
  historyCalls: number[] = [];
  historyFails = false;

  fetch = (async (url: string, init?: RequestInit) => {
    if (url.includes('/chat/v1/history')) return this.history(new URL(url).searchParams);
    this.visitorCalls.push(JSON.parse(String(init?.body ?? '{}')));
    return new Response(JSON.stringify(IDENTITY), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;

  get live(): FakeSocket | undefined {
    return [...this.sockets].reverse().find((s) => s.readyState === 1);
  }

  /** Customer messages stored, as their texts (what the server's history would show). */
  customerTexts(): string[] {
    return this.events.filter((e) => e.role === 1 && e.msgBody?.[0].MsgType === 'TIMTextElem').map((e) => (e.msgBody![0].MsgContent as { Text: string }).Text);
  }

  handle(socket: FakeSocket, frame: Frame): void {
    if (frame.type === 'hello') {
      socket.authenticated = true;
      return socket.push({ type: 'ready', userId: frame.userId, channelType: 'Web(H5)', serverTime: Date.now() });
    }
    if (frame.type === 'ping') return socket.push({ type: 'pong' });
    if (!socket.authenticated) return socket.push({ type: 'error', code: 60002, message: 'hello first' });
    if (frame.type === 'subscribe') return this.subscribe(socket, frame);
    if (frame.type === 'send') return this.send(socket, frame);
  }

  /** Writes a service-side (or any) event and delivers it to subscribed sockets. */
  append(event: Omit<ChatEvent, 'seq' | 'at' | 'sessionId'> & Partial<Pick<ChatEvent, 'sessionId'>> & Record<string, unknown>): ChatEvent {
    const full = { sessionId: 's1', at: Date.now(), ...event, seq: this.events.length + 1 } as ChatEvent;
    this.events.push(full);
    for (const socket of this.sockets) if (socket.subscribed) socket.push({ type: 'event', accountId: IDENTITY.accountId, event: full });
    return full;
  }

  robotSays(body: MsgElement[]): ChatEvent {
    return this.append({ type: 'ChatBot.RobotSendMsg', role: 2, msgKey: this.nextKey(), msgBody: body });
  }

  nextKey(): string {
    return `key_${++this.keys}`;
  }

  signal(): void {
    for (const socket of this.sockets) if (socket.subscribed) socket.push({ type: 'signal', accountId: IDENTITY.accountId, msgBody: desk('12') });
  }

  /** Like the server: messages (not flags, as they read now) below `before`, newest first. */
  private history(query: URLSearchParams): Response {
    const before = Number(query.get('before'));
    const limit = Number(query.get('limit'));
    this.historyCalls.push(before);
    if (this.historyFails) return new Response('{}', { status: 503 });
    const flags = new Set(['7', '23', '26']);
    const older = this.events.filter((e) => e.seq < before && e.msgKey && e.msgBody && !e.type.startsWith('Message') && !flags.has(srcOf(e.msgBody) ?? '')).reverse();
    const messages = older.slice(0, limit).map((e) => ({ seq: e.seq, msgKey: e.msgKey, sessionId: e.sessionId, role: e.role, at: e.at, msgBody: e.msgBody }));
    return new Response(JSON.stringify({ messages, hasMore: older.length > limit }), { status: 200, headers: { 'content-type': 'application/json' } });
  }

  private subscribe(socket: FakeSocket, frame: Frame): void {
    const from = typeof frame.tail === 'number' ? Math.max(0, this.events.length - frame.tail) : (frame.after ?? 0);
    socket.push({ type: 'subscribed', accountId: frame.accountId, after: from, head: this.events.length });
    for (const event of this.events.slice(from)) socket.push({ type: 'event', accountId: frame.accountId, event });
    socket.subscribed = true;
  }

  private send(socket: FakeSocket, frame: Frame): void {
    const failure = this.failNext.shift();
    if (failure) return socket.push({ type: 'error', id: frame.id, ...failure });
    const previous = this.stored.get(String(frame.msgRandom));
    if (previous) return socket.push(this.ack(frame, previous, true));
    const body = frame.body as MsgElement[];
    const src = srcOf(body);
    if (src === '7' && !this.sessionOpen) {
      this.sessionOpen = true;
      this.append({ type: 'SessionBegin' });
    }
    const msgKey = this.nextKey();
    const event = { type: 'ChatBot.UserSendMsg', role: 1 as const, msgKey, msgBody: body };
    const result = { msgKey, seq: this.events.length + 1 };
    this.stored.set(String(frame.msgRandom), result);
    if (this.eventBeforeAck) this.append(event);
    if (!this.withholdAcks) socket.push(this.ack(frame, result, false));
    if (!this.eventBeforeAck) this.append(event);
    if (src === '7') {
      this.append({ type: 'SystemSendMsg', role: 3, msgKey: this.nextKey(), msgBody: desk('23', { content: { menuSendRuleFlag: 7 } }) });
      this.append({ type: 'SystemSendMsg', role: 3, msgKey: this.nextKey(), msgBody: desk('26', { content: { command: 'updateSeatStatus', content: 'outSeat' } }) });
    }
  }

  private ack(frame: Frame, result: { msgKey: string; seq: number }, duplicate: boolean): Frame {
    return { type: 'ack', id: frame.id, accountId: frame.accountId, msgRandom: String(frame.msgRandom), ...result, sessionId: 's1', duplicate };
  }
}

function srcOf(body: MsgElement[]): string | undefined {
  if (body[0]?.MsgType !== 'TIMCustomElem') return undefined;
  return (JSON.parse(String(body[0].MsgContent.Data)) as { src?: string }).src;
}

/** A network and page the test switches by hand. */
export class FakeEnvironment implements LinkEnvironment {
  online = true;
  private listeners = { online: [] as Array<() => void>, offline: [] as Array<() => void>, visible: [] as Array<() => void> };
  onOnline(listener: () => void) {
    this.listeners.online.push(listener);
  }
  onOffline(listener: () => void) {
    this.listeners.offline.push(listener);
  }
  onVisible(listener: () => void) {
    this.listeners.visible.push(listener);
  }
  isOnline() {
    return this.online;
  }
  goOffline() {
    this.online = false;
    for (const l of this.listeners.offline) l();
  }
  goOnline() {
    this.online = true;
    for (const l of this.listeners.online) l();
  }
  becomeVisible() {
    for (const l of this.listeners.visible) l();
  }
}
