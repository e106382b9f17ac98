// One WebSocket to /chat/v1/ws that keeps itself alive: hello on open, a ping every 25 s (no answer
// within 10 s means the socket is dead even if the browser has not noticed), reconnects with
// exponential backoff and jitter, and at once when the browser comes back online or the page
// becomes visible again (phones freeze background tabs and leave zombie sockets).
import { backoffDelay } from './backoff.ts';

/** The part of the browser's WebSocket the link uses (tests pass a fake). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type LinkState = 'connecting' | 'open' | 'offline';

/** Where the link hears about the network and the page (window and document in the browser). */
export interface LinkEnvironment {
  onOnline(listener: () => void): void;
  onOffline(listener: () => void): void;
  onVisible(listener: () => void): void;
  isOnline(): boolean;
}

export interface LinkOptions {
  url: string;
  createSocket(url: string): WebSocketLike;
  environment: LinkEnvironment;
  /** The hello frame (identity may change between connections). */
  hello(): Promise<Record<string, unknown>>;
  onFrame(frame: Record<string, unknown>): void;
  onState(state: LinkState): void;
  /** The server refused the identity (close 4401): renew it before the next attempt. */
  onAuthRefused(): Promise<void>;
}

export const LINK_TIMING = { pingEveryMs: 25_000, pongWithinMs: 10_000, retryBaseMs: 500, retryMaxMs: 30_000 };
const OPEN = 1;
const AUTH_REFUSED = 4401;

export class SocketLink {
  private socket?: WebSocketLike;
  private attempt = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private pingTimer?: ReturnType<typeof setInterval>;
  private pongTimer?: ReturnType<typeof setTimeout>;
  private stopped = true;
  private state: LinkState = 'offline';

  constructor(private options: LinkOptions) {
    const { environment } = options;
    environment.onOnline(() => this.reconnectNow());
    environment.onOffline(() => this.drop(true));
    environment.onVisible(() => (this.socket ? this.ping() : this.reconnectNow()));
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.drop();
  }

  canSend(): boolean {
    return !!this.socket && this.socket.readyState === OPEN && this.state === 'open';
  }

  send(frame: Record<string, unknown>): boolean {
    if (!this.canSend()) return false;
    this.socket!.send(JSON.stringify(frame));
    return true;
  }

  /** The server answered hello: the link is usable. */
  ready(): void {
    this.attempt = 0;
    this.setState('open');
  }

  private connect(): void {
    if (this.stopped || this.socket) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.setState('connecting');
    let socket: WebSocketLike;
    try {
      socket = this.options.createSocket(this.options.url);
    } catch {
      return this.scheduleRetry();
    }
    this.socket = socket;
    socket.onopen = () => void this.sayHello(socket);
    socket.onmessage = (event) => this.receive(socket, event.data);
    socket.onclose = (event) => this.closed(socket, event.code);
    socket.onerror = () => {
      // onclose follows; nothing to do here.
    };
  }

  private async sayHello(socket: WebSocketLike): Promise<void> {
    const hello = await this.options.hello().catch(() => undefined);
    if (socket !== this.socket) return;
    if (!hello) return this.drop(true);
    socket.send(JSON.stringify({ type: 'hello', ...hello }));
    this.pingTimer = setInterval(() => this.ping(), LINK_TIMING.pingEveryMs);
  }

  private receive(socket: WebSocketLike, data: unknown): void {
    if (socket !== this.socket) return;
    clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
    let frame: unknown;
    try {
      frame = JSON.parse(String(data));
    } catch {
      return;
    }
    if (frame && typeof frame === 'object') this.options.onFrame(frame as Record<string, unknown>);
  }

  private ping(): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN || this.pongTimer) return;
    socket.send(JSON.stringify({ type: 'ping' }));
    this.pongTimer = setTimeout(() => this.drop(true), LINK_TIMING.pongWithinMs);
  }

  private closed(socket: WebSocketLike, code: number): void {
    if (socket !== this.socket) return;
    this.forget();
    if (code === AUTH_REFUSED) {
      void this.options.onAuthRefused().finally(() => this.scheduleRetry());
      return;
    }
    this.scheduleRetry();
  }

  /** Closes the current socket (if any); with `retry`, schedules the next attempt. */
  private drop(retry = false): void {
    const socket = this.socket;
    this.forget();
    if (socket) {
      socket.onclose = socket.onmessage = socket.onopen = socket.onerror = null;
      try {
        socket.close();
      } catch {
        // Already closed.
      }
    }
    if (retry) this.scheduleRetry();
  }

  private forget(): void {
    this.socket = undefined;
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    this.pingTimer = this.pongTimer = undefined;
    this.setState('offline');
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer || this.socket) return;
    // Offline, the online event reconnects at once; the slow retry covers a browser that never sends it.
    const attempt = this.options.environment.isOnline() ? this.attempt++ : Number.POSITIVE_INFINITY;
    const delay = backoffDelay(attempt, LINK_TIMING.retryBaseMs, LINK_TIMING.retryMaxMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, delay);
  }

  private reconnectNow(): void {
    if (this.stopped || this.socket) return;
    this.attempt = 0;
    this.connect();
  }

  private setState(state: LinkState): void {
    if (state === this.state) return;
    this.state = state;
    this.options.onState(state);
  }
}

/** The browser's window and document as a LinkEnvironment. */
export function browserEnvironment(): LinkEnvironment {
  return {
    onOnline: (listener) => window.addEventListener('online', listener),
    onOffline: (listener) => window.addEventListener('offline', listener),
    onVisible: (listener) => document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && listener()),
    isOnline: () => navigator.onLine !== false,
  };
}
