import type { ChatEvent, ServerFrame } from '@parley/protocol';
import WebSocket from 'ws';

export type Frame = ServerFrame;
export type FrameOf<T extends Frame['type']> = Extract<Frame, { type: T }>;
export type ReadyFrame = FrameOf<'ready'>;
export type ErrorFrame = FrameOf<'error'>;
export type AckFrame = FrameOf<'ack'>;
export type EventFrame = FrameOf<'event'>;
export type SubscribedFrame = FrameOf<'subscribed'>;

export interface HelloOptions {
  sdkAppId: number;
  userId: string;
  userSig: string;
  nick?: string;
  avatarUrl?: string;
  languageTag?: string;
}

export interface WaitOptions {
  /** Milliseconds before the wait fails; a failure, never a measurement. */
  timeout?: number;
  /** Only frames received at or after this index (see `mark()`). */
  from?: number;
}

const DEFAULT_TIMEOUT = 5_000;

/**
 * A real customer WebSocket on `/chat/v1/ws` for tests: records every frame the server sends, and
 * lets a test wait for the one it expects. Frames are kept in arrival order, so `mark()` + `from`
 * waits for something that arrives after a given point.
 */
export class ChatClient {
  readonly frames: Frame[] = [];
  /** Resolves when the socket closes, with the close code and reason the client saw. */
  readonly closed: Promise<{ code: number; reason: string }>;
  private listeners = new Set<() => void>();
  private requests = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      this.notify();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.notify();
      });
    });
    ws.on('error', () => this.notify());
  }

  /** Opens a socket to a test server (`http://host:port`, the harness's baseUrl). */
  static connect(baseUrl: string): Promise<ChatClient> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/chat/v1/ws`);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new ChatClient(ws)));
      ws.once('error', reject);
    });
  }

  /** Connects and says hello; fails the test unless the server answers `ready`. */
  static async open(baseUrl: string, hello: HelloOptions): Promise<ChatClient> {
    const client = await ChatClient.connect(baseUrl);
    const answer = await client.hello(hello);
    if (answer.type !== 'ready') throw new Error(`hello refused: ${JSON.stringify(answer)}`);
    return client;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** The index the next frame will have: pass it as `from` to wait only for later frames. */
  mark(): number {
    return this.frames.length;
  }

  /** Sends any frame as JSON text. */
  sendFrame(frame: object): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** Sends raw bytes: text that may not be JSON, or a binary frame. */
  sendRaw(data: string | Buffer, binary = typeof data !== 'string'): void {
    this.ws.send(data, { binary });
  }

  /** hello, answered by `ready` or an `error` frame (then the server closes with 4401). */
  async hello(options: HelloOptions): Promise<ReadyFrame | ErrorFrame> {
    const from = this.mark();
    this.sendFrame({ type: 'hello', ...options });
    return this.waitFor((f): f is ReadyFrame | ErrorFrame => f.type === 'ready' || f.type === 'error', { from });
  }

  /** subscribe, answered by `subscribed` (then the replay follows as `event` frames) or an error. */
  async subscribe(accountId: string, cursor: { after?: number; tail?: number } = {}): Promise<SubscribedFrame> {
    const from = this.mark();
    this.sendFrame({ type: 'subscribe', accountId, ...cursor });
    const answer = await this.waitFor((f): f is SubscribedFrame | ErrorFrame => (f.type === 'subscribed' && f.accountId === accountId) || f.type === 'error', { from });
    if (answer.type === 'error') throw new Error(`subscribe refused: ${JSON.stringify(answer)}`);
    return answer;
  }

  /** A `send` frame with a fresh request id; resolves with its ack or its error (matched by id). */
  async send(accountId: string, body: unknown[], options: { msgRandom?: string | number; cloudCustomData?: string; id?: string } = {}): Promise<AckFrame | ErrorFrame> {
    const id = options.id ?? `req-${++this.requests}`;
    const msgRandom = options.msgRandom ?? `r-${Date.now().toString(36)}-${this.requests}-${Math.random().toString(36).slice(2, 8)}`;
    this.sendFrame({ type: 'send', id, accountId, msgRandom, body, ...(options.cloudCustomData !== undefined ? { cloudCustomData: options.cloudCustomData } : {}) });
    return this.waitFor((f): f is AckFrame | ErrorFrame => (f.type === 'ack' || f.type === 'error') && f.id === id);
  }

  /** Like `send`, but fails the test unless the message is acknowledged. */
  async sendOk(accountId: string, body: unknown[], options: { msgRandom?: string | number; cloudCustomData?: string } = {}): Promise<AckFrame> {
    const answer = await this.send(accountId, body, options);
    if (answer.type !== 'ack') throw new Error(`send refused: ${JSON.stringify(answer)}`);
    return answer;
  }

  async ping(): Promise<void> {
    const from = this.mark();
    this.sendFrame({ type: 'ping' });
    await this.waitFor((f) => f.type === 'pong', { from });
  }

  /** The first received frame (from `from`) that matches, waiting for it if it has not arrived yet. */
  waitFor<T extends Frame>(predicate: ((frame: Frame) => frame is T) | ((frame: Frame) => boolean), options: WaitOptions = {}): Promise<T> {
    const { timeout = DEFAULT_TIMEOUT, from = 0 } = options;
    return new Promise((resolve, reject) => {
      let scanned = from;
      const check = () => {
        for (; scanned < this.frames.length; scanned++) {
          if (predicate(this.frames[scanned])) {
            done();
            resolve(this.frames[scanned] as T);
            return;
          }
        }
        if (this.ws.readyState === WebSocket.CLOSED) {
          done();
          reject(new Error(`socket closed while waiting; frames: ${this.describe()}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching frame within ${timeout} ms; frames: ${this.describe()}`));
      }, timeout);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Waits for an event of this conversation that matches. */
  async waitForEvent(accountId: string, predicate: (event: ChatEvent) => boolean, options: WaitOptions = {}): Promise<ChatEvent> {
    const frame = await this.waitFor((f): f is EventFrame => f.type === 'event' && f.accountId === accountId && predicate(f.event), options);
    return frame.event;
  }

  /** Waits until the conversation's events reach `seq`. */
  waitForSeq(accountId: string, seq: number, options: WaitOptions = {}): Promise<ChatEvent> {
    return this.waitForEvent(accountId, (e) => e.seq >= seq, options);
  }

  /** Every event received for a conversation (or all), in arrival order. */
  events(accountId?: string, from = 0): ChatEvent[] {
    return this.frames
      .slice(from)
      .filter((f): f is EventFrame => f.type === 'event' && (accountId === undefined || f.accountId === accountId))
      .map((f) => f.event);
  }

  /** The highest seq received for a conversation, 0 if none. */
  lastSeq(accountId: string): number {
    return Math.max(0, ...this.events(accountId).map((e) => e.seq));
  }

  errors(from = 0): ErrorFrame[] {
    return this.frames.slice(from).filter((f): f is ErrorFrame => f.type === 'error');
  }

  /** Closes cleanly and waits for the close to complete. */
  async close(code = 1000): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    if (this.ws.readyState !== WebSocket.CLOSING) this.ws.close(code);
    await this.closed;
  }

  /** Drops the connection without a close handshake, as a lost network would. */
  async terminate(): Promise<void> {
    this.ws.terminate();
    await this.closed;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private describe(): string {
    const text = JSON.stringify(this.frames.slice(-8));
    return `${this.frames.length} received, last: ${text.length > 2000 ? `${text.slice(0, 2000)}…` : text}`;
  }
}
