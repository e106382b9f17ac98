// The workbench socket (`/api/workbench/ws`): opens with the resume cursors (`after` for the agent
// stream, `resume` for each followed conversation), pings every 25 s, and reconnects with backoff
// until the login ends (close 4401/4403).
import { socketProtocols } from '../api/client';
import type { SocketFrame } from '../api/types';
import { createStore } from '../state/store';

export type ConnectionState = 'connecting' | 'online' | 'offline';

export const connectionStore = createStore<{ state: ConnectionState; attempt: number }>({ state: 'connecting', attempt: 0 });

const PING_EVERY_MS = 25_000;
/** No frame at all for this long (pongs included): the connection is dead even if no close came. */
const SILENCE_LIMIT_MS = 65_000;
const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];
const AUTH_CLOSE_CODES = new Set([4401, 4403]);

export interface Cursors {
  after?: number;
  resume: string[];
}

export interface ConnectionHandlers {
  cursors(): Cursors;
  onFrame(frame: SocketFrame): void;
  /** The login ended or lost the workbench role: no reconnecting. */
  onAuthLost(): void;
}

export function socketUrl(location: Pick<Location, 'protocol' | 'host'>, cursors: Cursors): string {
  const params = new URLSearchParams();
  if (cursors.after !== undefined) params.set('after', String(cursors.after));
  if (cursors.resume.length) params.set('resume', cursors.resume.slice(0, 200).join(','));
  const query = params.toString();
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/workbench/ws${query ? `?${query}` : ''}`;
}

/** Delay before reconnect attempt n (0-based), with ±20 % jitter so many agents do not return at once. */
export const backoffDelay = (attempt: number, random = Math.random) => Math.round(BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)] * (0.8 + 0.4 * random()));

export class WorkbenchConnection {
  private socket?: WebSocket;
  private attempt = 0;
  private stopped = false;
  private pingTimer?: ReturnType<typeof setInterval>;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private lastFrameAt = 0;
  private readonly onNetworkBack = () => this.reconnectNow();

  constructor(private handlers: ConnectionHandlers) {}

  start(): void {
    this.stopped = false;
    window.addEventListener('online', this.onNetworkBack);
    this.open();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.onNetworkBack);
    clearTimeout(this.retryTimer);
    this.clearPing();
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1000, 'logout');
  }

  private open(): void {
    if (this.stopped) return;
    connectionStore.set({ state: 'connecting', attempt: this.attempt });
    let socket: WebSocket;
    try {
      socket = new WebSocket(socketUrl(window.location, this.handlers.cursors()), socketProtocols());
    } catch {
      return this.scheduleRetry();
    }
    this.socket = socket;
    socket.onmessage = (message) => this.onMessage(socket, message);
    socket.onclose = (event) => this.onClose(socket, event.code);
    socket.onopen = () => {
      this.lastFrameAt = Date.now();
      this.startPing(socket);
    };
  }

  private onMessage(socket: WebSocket, message: MessageEvent): void {
    if (socket !== this.socket) return;
    this.lastFrameAt = Date.now();
    let frame: SocketFrame;
    try {
      frame = JSON.parse(String(message.data)) as SocketFrame;
    } catch {
      return;
    }
    if (frame.type === 'ready') {
      this.attempt = 0;
      connectionStore.set({ state: 'online', attempt: 0 });
    }
    this.handlers.onFrame(frame);
  }

  private onClose(socket: WebSocket, code: number): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    this.clearPing();
    if (this.stopped) return;
    if (AUTH_CLOSE_CODES.has(code)) {
      this.stopped = true;
      connectionStore.set({ state: 'offline', attempt: this.attempt });
      return this.handlers.onAuthLost();
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    connectionStore.set({ state: 'offline', attempt: this.attempt });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.open(), backoffDelay(this.attempt));
    this.attempt += 1;
  }

  private reconnectNow(): void {
    if (this.stopped || this.socket) return;
    clearTimeout(this.retryTimer);
    this.open();
  }

  private startPing(socket: WebSocket): void {
    this.clearPing();
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastFrameAt > SILENCE_LIMIT_MS) {
        // A dead network may never deliver the close: let this socket go and open another.
        this.socket = undefined;
        this.clearPing();
        socket.close(4000, 'silent');
        return this.scheduleRetry();
      }
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'ping' }));
    }, PING_EVERY_MS);
  }

  private clearPing(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }
}
