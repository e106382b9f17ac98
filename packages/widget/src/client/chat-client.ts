// The customer's chat with one customer-service account, without any UI: identity, the socket, the
// conversation (replayed from the cursor, then live) and the send queue. The H5 app renders
// `view()` and calls the send methods; unit tests drive it with a fake socket.
//
// No loss: a message is in the persisted queue from the moment it is sent until the conversation
// shows it; it is resent after every reconnect until acknowledged. No doubles: the msgRandom is fixed
// once (the server stores it once), and the conversation applies each event once (by seq and MsgKey).
import type { MsgElement } from '@parley/protocol';
import type { RenderableMessage } from '@parley/chat-ui/render/types.ts';
import { backoffDelay } from './backoff.ts';
import { ConversationStore, type ConversationSnapshot, type StoredMessage } from './conversation-store.ts';
import { deskBody, deskOf, STATE_FLAGS, textBody } from './desk.ts';
import { fetchHistory } from './history.ts';
import { fetchIdentity, storedIdentity, type VisitorIdentity } from './identity.ts';
import { FINAL_CODES, Outbox, type OutgoingMessage } from './outbox.ts';
import { canRequestRating, type IncomingEvent, type SessionState } from './session-state.ts';
import { browserEnvironment, SocketLink, type LinkEnvironment, type LinkState, type WebSocketLike } from './socket-link.ts';
import { browserStore, readJson, writeJson, type KeyValueStore } from './storage.ts';
import { uploadFile, type UploadKind } from './upload.ts';

export type ConnectionState = 'connecting' | 'online' | 'offline';
/** Whether older messages may exist before the oldest shown: `failed` waits for the user to retry. */
export type OlderState = 'more' | 'loading' | 'failed' | 'complete';

export interface ChatView {
  connection: ConnectionState;
  identity?: Pick<VisitorIdentity, 'accountId' | 'accountNick' | 'accountAvatarUrl' | 'userId'>;
  /** The conversation, then the customer's messages it does not show yet (queued, sending, failed). */
  messages: RenderableMessage[];
  session: SessionState;
  /** src 23 allows the customer to ask for a rating card, and a person is there. */
  canRequestRating: boolean;
  /** An agent is typing (src 12, for a few seconds). */
  typing: boolean;
  /** Loading older messages (scrolling up). */
  older: OlderState;
  /** The last refusal of an action that has no bubble (ending the session, asking for a rating). */
  notice?: { code: number; message: string };
}

export interface ChatClientOptions {
  publicKey: string;
  /** Where the server is; the page's own origin by default. */
  origin?: string;
  store?: KeyValueStore;
  fetch?: typeof fetch;
  createSocket?: (url: string) => WebSocketLike;
  environment?: LinkEnvironment;
  /** Send src 7 when started (spec 02 §4.1): the session starts with the welcome card. Default true. */
  trigger?: boolean;
}

/** What the "talk to a human" button sends, in every language (the robot's to-agent phrase). */
export const HUMAN_REQUEST_TEXT = '人工客服';
/** How long the typing indicator stays after the last src 12. */
export const TYPING_MS = 6_000;
const SNAPSHOT_DELAY_MS = 200;
const RETRY = { baseMs: 1_000, maxMs: 30_000 };
/** A fresh screen replays at most this many events (the conversation may be long). */
const FRESH_TAIL = 300;

export class ChatClient {
  private readonly store: KeyValueStore;
  private readonly origin: string;
  private readonly fetchFn: typeof fetch;
  private readonly link: SocketLink;
  private readonly outbox: Outbox;
  private conversation: ConversationStore;
  private identity?: VisitorIdentity;
  private connection: ConnectionState = 'offline';
  private typingUntil = 0;
  private typingTimer?: ReturnType<typeof setTimeout>;
  private notice?: ChatView['notice'];
  private older: OlderState = 'more';
  private listeners = new Set<(view: ChatView) => void>();
  private incomingListeners = new Set<(message: StoredMessage) => void>();
  /** Callers waiting for a message's fate (sendCustom), by msgRandom; settled on ack or final failure. */
  private waiters = new Map<string, { resolve(): void; reject(error: Error): void }>();
  private cached?: ChatView;
  private notifyQueued = false;
  private snapshotTimer?: ReturnType<typeof setTimeout>;
  private retryTimer?: ReturnType<typeof setTimeout>;
  /** Events up to here were history when the client started; later service messages are news. */
  private newsAfter = Number.POSITIVE_INFINITY;

  constructor(private options: ChatClientOptions) {
    this.store = options.store ?? browserStore();
    this.origin = options.origin ?? location.origin;
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.outbox = new Outbox(this.store, `parley:outbox:${options.publicKey}`);
    this.conversation = new ConversationStore();
    const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike);
    this.link = new SocketLink({
      url: `${this.origin.replace(/^http/, 'ws')}/chat/v1/ws`,
      createSocket,
      environment: options.environment ?? browserEnvironment(),
      hello: () => this.hello(),
      onFrame: (frame) => this.onFrame(frame),
      onState: (state) => this.onLinkState(state),
      onAuthRefused: () => this.renewIdentity().then(() => undefined),
    });
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  async start(): Promise<void> {
    const saved = storedIdentity(this.store, this.options.publicKey);
    if (saved) this.adopt(saved);
    if (this.options.trigger !== false && !this.outbox.items().some((item) => deskOf(item.body)?.src === '7' && item.delivery !== 'failed')) {
      this.outbox.add(deskBody('7'));
    }
    this.changed();
    await this.renewIdentity();
    this.link.start();
  }

  stop(): void {
    this.link.stop();
    clearTimeout(this.retryTimer);
    clearTimeout(this.typingTimer);
    this.saveSnapshot();
  }

  /** Writes the conversation now (call on pagehide: the debounce may not get to run). */
  saveSnapshot(): void {
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = undefined;
    if (this.identity) writeJson(this.store, this.snapshotKey(), { userId: this.identity.userId, snapshot: this.conversation.snapshot() });
  }

  // ---- what the UI reads -------------------------------------------------------------------------

  view(): ChatView {
    this.cached ??= this.buildView();
    return this.cached;
  }

  subscribe(listener: (view: ChatView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** New service-side messages (not history), e.g. for an unread count. */
  onIncoming(listener: (message: StoredMessage) => void): () => void {
    this.incomingListeners.add(listener);
    return () => this.incomingListeners.delete(listener);
  }

  // ---- what the UI does --------------------------------------------------------------------------

  /** Text; a src 32 button also passes the cloudCustomData the task needs (spec 02 R14). */
  sendText(text: string, options: { cloudCustomData?: string } = {}): void {
    if (text.trim()) this.send(textBody(text), options.cloudCustomData);
  }

  /**
   * A custom message (Data = JSON of `data`: src 10 rating, src 22/28 cards, src 33 form …). The
   * promise settles with the server's answer: cards use it to offer a retry when it is refused.
   */
  sendCustom(data: Record<string, unknown>): Promise<void> {
    const item = this.send([{ MsgType: 'TIMCustomElem', MsgContent: { Data: JSON.stringify(data) } }]);
    return new Promise((resolve, reject) => this.waiters.set(item.msgRandom, { resolve, reject }));
  }

  send(body: MsgElement[], cloudCustomData?: string): OutgoingMessage {
    const item = this.outbox.add(body, cloudCustomData);
    this.changed();
    this.pump();
    return item;
  }

  /** The UI kits' "人工客服" button (spec 02 §7, §8): a plain text the robot hands over on. */
  requestHuman(): void {
    this.sendText(HUMAN_REQUEST_TEXT);
  }

  /** src 27: end the human session (queued, waiting or with an agent). */
  endHumanSession(): void {
    this.send(deskBody('27'));
  }

  /** src 24: ask for a rating card. */
  requestRating(): void {
    this.send(deskBody('24'));
  }

  retry(msgRandom: string): void {
    this.outbox.retry(msgRandom);
    this.changed();
    this.pump();
  }

  discard(msgRandom: string): void {
    this.outbox.remove(msgRandom);
    this.changed();
  }

  dismissNotice(): void {
    this.notice = undefined;
    this.changed();
  }

  /** Uploads an image or file and sends the element the server returns. */
  async sendFile(file: Blob & { name?: string }, kind: UploadKind, onProgress: (fraction: number) => void): Promise<void> {
    const identity = this.identity ?? (await this.renewIdentity());
    if (!identity) throw new Error('offline');
    const element = await uploadFile(this.origin, identity, file, kind, onProgress);
    this.send([element]);
  }

  /**
   * Fetches the page before the oldest message held (the user scrolled up). Resolves true when it
   * loaded a page; false when there was nothing to do or it failed (the view says `failed`).
   */
  async loadOlder(): Promise<boolean> {
    const identity = this.identity;
    const conversation = this.conversation;
    if ((this.older !== 'more' && this.older !== 'failed') || !identity || conversation.cursor === 0) return false;
    this.setOlder('loading');
    try {
      const page = await fetchHistory(this.fetchFn, this.origin, identity, identity.accountId, conversation.oldestSeq() ?? conversation.cursor + 1);
      if (conversation !== this.conversation) return false; // another visitor meanwhile
      conversation.insertOlder(page.messages);
      this.setOlder(page.hasMore ? 'more' : 'complete');
      return true;
    } catch {
      if (conversation === this.conversation) this.setOlder('failed');
      return false;
    }
  }

  private setOlder(state: OlderState): void {
    this.older = state;
    this.changed();
  }

  // ---- identity ----------------------------------------------------------------------------------

  private async renewIdentity(): Promise<VisitorIdentity | undefined> {
    try {
      this.adopt(await fetchIdentity(this.fetchFn, this.origin, this.store, this.options.publicKey));
    } catch {
      // Offline or refused: the stored identity (if still valid) keeps working; the socket retries.
    }
    return this.identity;
  }

  /** Takes an identity; a different visitor than before starts from an empty conversation. */
  private adopt(identity: VisitorIdentity): void {
    const sameUser = this.identity?.userId === identity.userId;
    this.identity = identity;
    if (sameUser) return;
    const saved = readJson<{ userId: string; snapshot: ConversationSnapshot }>(this.store, this.snapshotKey());
    this.conversation = new ConversationStore(saved?.userId === identity.userId ? saved.snapshot : undefined);
    this.older = 'more';
    this.outbox.setUser(identity.userId);
    this.changed();
  }

  private async hello(): Promise<Record<string, unknown>> {
    const identity = this.identity ?? (await this.renewIdentity());
    if (!identity) throw new Error('no identity');
    return { sdkAppId: identity.sdkAppId, userId: identity.userId, userSig: identity.userSig };
  }

  private snapshotKey(): string {
    return `parley:conversation:${this.options.publicKey}`;
  }

  // ---- the socket --------------------------------------------------------------------------------

  private onLinkState(state: LinkState): void {
    if (state !== 'open') {
      this.outbox.disconnected();
      this.setConnection(state === 'connecting' ? 'connecting' : 'offline');
    }
  }

  private onFrame(frame: Record<string, unknown>): void {
    switch (frame.type) {
      case 'ready':
        this.link.ready();
        return this.subscribeConversation();
      case 'subscribed':
        return this.onSubscribed(frame as { after: number; head: number });
      case 'event':
        return this.onEvent(frame.event as IncomingEvent);
      case 'ack':
        return this.onAck(frame as { msgRandom: string; msgKey: string });
      case 'error':
        return this.onError(frame as { id?: string; code: number; message: string });
      case 'signal':
        return this.onSignal(frame.msgBody as MsgElement[]);
    }
  }

  private subscribeConversation(): void {
    const accountId = this.identity!.accountId;
    const cursor = this.conversation.cursor;
    this.link.send(cursor > 0 ? { type: 'subscribe', accountId, after: cursor } : { type: 'subscribe', accountId, tail: FRESH_TAIL });
  }

  private onSubscribed(frame: { after: number; head: number }): void {
    // A fresh screen that asked for the tail starts where the server says; from 0 it has everything.
    if (this.conversation.cursor === 0 && frame.after === 0 && this.older === 'more') this.older = 'complete';
    if (this.conversation.cursor < frame.after) this.conversation.cursor = frame.after;
    if (this.newsAfter === Number.POSITIVE_INFINITY) this.newsAfter = frame.head;
    this.setConnection('online');
    this.pump();
  }

  private onEvent(event: IncomingEvent): void {
    const { applied, added } = this.conversation.apply(event);
    if (!applied) return;
    if (event.role === 1 && event.msgKey && event.msgBody && !isModification(event.type)) this.outbox.seen(event.msgKey, event.msgBody);
    if (added && added.role !== 1) {
      this.stopTyping();
      if (added.seq > this.newsAfter) for (const listener of this.incomingListeners) listener(added);
    }
    this.scheduleSnapshot();
    this.changed();
  }

  private onAck(frame: { msgRandom: string; msgKey: string }): void {
    this.outbox.acked(frame.msgRandom, frame.msgKey, (key) => this.conversation.has(key));
    this.settle(frame.msgRandom);
    this.changed();
    this.pump();
  }

  private onError(frame: { id?: string; code: number; message: string }): void {
    const item = frame.id ? this.outbox.items().find((i) => i.msgRandom === frame.id) : undefined;
    if (!item) {
      this.notice = { code: frame.code, message: frame.message };
      return this.changed();
    }
    if (!FINAL_CODES.has(frame.code) && this.outbox.retryLater(item.msgRandom, frame.code, frame.message)) {
      // Hold the whole queue (order) until the retry is due.
      this.retryTimer = setTimeout(
        () => {
          this.retryTimer = undefined;
          this.pump();
        },
        backoffDelay(item.attempts, RETRY.baseMs, RETRY.maxMs),
      );
    } else this.refused(item, frame.code, frame.message);
    this.changed();
    this.pump();
  }

  /** The server will not take it. A bubble shows the error with a retry; a flag (no bubble) becomes a notice. */
  private refused(item: OutgoingMessage, code: number, message: string): void {
    if (isFlagItem(item)) {
      this.outbox.remove(item.msgRandom);
      this.notice = { code, message };
    } else this.outbox.failed(item.msgRandom, code, message);
    this.settle(item.msgRandom, new Error(message));
  }

  private settle(msgRandom: string, error?: Error): void {
    const waiter = this.waiters.get(msgRandom);
    if (!waiter) return;
    this.waiters.delete(msgRandom);
    if (error) waiter.reject(error);
    else waiter.resolve();
  }

  private onSignal(body: MsgElement[]): void {
    if (deskOf(body)?.src !== '12') return;
    this.typingUntil = Date.now() + TYPING_MS;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.stopTyping(), TYPING_MS);
    this.changed();
  }

  private stopTyping(): void {
    if (!this.typingUntil) return;
    this.typingUntil = 0;
    clearTimeout(this.typingTimer);
    this.changed();
  }

  /** Sends the next queued message if the socket is ready and nothing is waiting for its ack. */
  private pump(): void {
    if (this.connection !== 'online' || this.retryTimer || !this.identity) return;
    const next = this.outbox.next();
    if (!next) return;
    const frame: Record<string, unknown> = { type: 'send', id: next.msgRandom, accountId: this.identity.accountId, msgRandom: next.msgRandom, body: next.body };
    if (next.cloudCustomData) frame.cloudCustomData = next.cloudCustomData;
    if (!this.link.canSend()) return;
    // Marked first: the answer may come back before send() returns.
    this.outbox.markSending(next.msgRandom);
    this.changed();
    this.link.send(frame);
  }

  private setConnection(state: ConnectionState): void {
    if (state === this.connection) return;
    this.connection = state;
    this.changed();
  }

  // ---- notifications -----------------------------------------------------------------------------

  private scheduleSnapshot(): void {
    this.snapshotTimer ??= setTimeout(() => this.saveSnapshot(), SNAPSHOT_DELAY_MS);
  }

  /** The view changed: listeners hear about it once per task, however many events arrived. */
  private changed(): void {
    this.cached = undefined;
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    queueMicrotask(() => {
      this.notifyQueued = false;
      const view = this.view();
      for (const listener of this.listeners) listener(view);
    });
  }

  private buildView(): ChatView {
    const shown = (key: string) => this.conversation.has(key);
    const mine = this.outbox
      .pending(shown)
      .filter((item) => !isFlagItem(item))
      .map(toRenderable);
    const identity = this.identity && { accountId: this.identity.accountId, accountNick: this.identity.accountNick, accountAvatarUrl: this.identity.accountAvatarUrl, userId: this.identity.userId };
    return {
      connection: this.connection,
      identity,
      messages: [...this.conversation.list().map((message) => storedToRenderable(message, this.outbox.localIdOf(message.msgKey))), ...mine],
      session: this.conversation.session,
      canRequestRating: canRequestRating(this.conversation.session),
      typing: this.typingUntil > 0,
      older: this.older,
      notice: this.notice,
    };
  }
}

const isModification = (type: string) => type === 'MessageModified' || type === 'StreamChunk' || type === 'StreamEnd';

function isFlagItem(item: OutgoingMessage): boolean {
  const src = deskOf(item.body)?.src;
  return src !== undefined && STATE_FLAGS.has(src);
}

function storedToRenderable(message: StoredMessage, msgRandom?: string): RenderableMessage {
  const out: RenderableMessage = { msgKey: message.msgKey, role: message.role, at: message.at, body: message.body };
  if (msgRandom) out.msgRandom = msgRandom;
  if (message.role === 1) out.delivery = 'sent';
  if (message.streaming) out.streaming = true;
  if (message.senderName) out.senderName = message.senderName;
  return out;
}

function toRenderable(item: OutgoingMessage): RenderableMessage {
  const out: RenderableMessage = { msgRandom: item.msgRandom, role: 1, at: item.createdAt, body: item.body, delivery: item.delivery };
  if (item.msgKey) out.msgKey = item.msgKey;
  if (item.error) out.error = item.error;
  return out;
}
