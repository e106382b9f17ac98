import { clientFrame, type ClientFrame, type HelloFrame, type SendFrame, type ServerFrame } from '@parley/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { CustomerIdentity } from '../../customers/index.ts';
import { StreamFollower } from '../../events/index.ts';
import { AppError } from '../../platform/errors.ts';
import { findJsonProblem } from '../../platform/json-guard.ts';
import type { Services } from '../../services.ts';
import { toChatEvent } from './chat-event.ts';
import { MISSING_CREDENTIALS } from './customer-auth.ts';
import type { SendGate } from './send-gate.ts';
import { startingPoint } from './starting-point.ts';

export const SOCKET_LIMITS = {
  helloTimeoutMs: 10_000,
  subscriptions: 20,
  /** Sends per second per socket, with bursts up to `sendBurst`. */
  sendRate: 10,
  sendBurst: 20,
  /** Above this much unsent data the client is too slow: close; it resumes from its cursor. */
  maxBufferedBytes: 4 * 1024 * 1024,
} as const;

const RATE_LIMITED = 141009;
const BAD_FRAME = 90001;

/**
 * One customer's WebSocket: hello (authentication), then subscriptions that replay and follow a
 * conversation from a cursor, and sends acknowledged with their MsgKey and seq.
 */
/** Sends a frame to an open socket; a client too far behind (backlog over the limit) gets `tooSlow` instead. */
export function sendFrame(socket: WebSocket, frame: unknown, tooSlow: () => void): void {
  if (socket.readyState !== socket.OPEN) return;
  if (socket.bufferedAmount > SOCKET_LIMITS.maxBufferedBytes) return tooSlow();
  socket.send(JSON.stringify(frame));
}

export function closeSocket(socket: WebSocket, code: number, reason: string): void {
  if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
}

export class ChatSocket {
  private identity?: CustomerIdentity;
  private languageTag = '';
  private followers = new Map<string, { follower: StreamFollower; unwatchSignals: () => void }>();
  private tokens: number = SOCKET_LIMITS.sendBurst;
  private refilledAt = Date.now();
  private helloTimer: NodeJS.Timeout;
  /** Set once the socket has closed: frames still queued may store messages but must not start followers. */
  private disposed = false;
  /** Frames are handled one at a time, so a client's messages are stored in the order it sent them. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private socket: WebSocket,
    private services: Services,
    private log: FastifyBaseLogger,
    /** Shared by every socket of the process: sends take turns, so handshakes never queue behind a burst of them. */
    private sendGate: SendGate,
  ) {
    this.helloTimer = setTimeout(() => this.close(4408, 'hello not received in time'), SOCKET_LIMITS.helloTimeoutMs);
    socket.on('message', (data, isBinary) => {
      const raw = isBinary ? undefined : data.toString();
      this.queue = this.queue.then(() => this.onMessage(raw));
    });
    socket.on('close', () => this.dispose());
    socket.on('error', () => this.dispose());
  }

  private async onMessage(raw: string | undefined): Promise<void> {
    const frame = parseFrame(raw);
    if ('problem' in frame) return this.send({ type: 'error', id: frame.id, code: BAD_FRAME, message: frame.problem });
    try {
      await this.dispatch(frame.value);
    } catch (error) {
      const id = frame.value.type === 'send' ? frame.value.id : undefined;
      if (error instanceof AppError) return this.send({ type: 'error', id, code: error.code, message: error.message });
      this.log.error({ err: error }, 'chat socket failure');
      this.send({ type: 'error', id, code: 141002, message: 'Internal error, please retry' });
    }
  }

  private async dispatch(frame: ClientFrame): Promise<void> {
    if (frame.type === 'ping') return this.send({ type: 'pong' });
    if (frame.type === 'hello') return this.hello(frame);
    if (!this.identity) throw new AppError(MISSING_CREDENTIALS, 'Send hello with your UserSig first');
    if (frame.type === 'subscribe') return this.subscribe(frame.accountId, frame.after, frame.tail);
    if (frame.type === 'unsubscribe') return this.unsubscribe(frame.accountId);
    return this.sendMessage(frame);
  }

  private async hello(frame: HelloFrame): Promise<void> {
    if (this.identity) throw new AppError(BAD_FRAME, 'Already authenticated on this socket');
    try {
      // Ahead of waiting sends: after a restart, reconnecting customers are let in while their resends wait.
      this.identity = await this.sendGate.handshake(() => this.services.customers.authenticate(frame.sdkAppId, frame.userId, frame.userSig, { nick: frame.nick, avatarUrl: frame.avatarUrl }));
    } catch (error) {
      if (error instanceof AppError) {
        this.send({ type: 'error', code: error.code, message: error.message });
        return this.close(4401, 'authentication failed');
      }
      throw error;
    }
    clearTimeout(this.helloTimer);
    this.languageTag = frame.languageTag ?? '';
    this.send({ type: 'ready', userId: this.identity.userId, channelType: this.identity.channelType, serverTime: this.services.clock.now().getTime() });
  }

  private async subscribe(accountId: string, after?: number, tail?: number): Promise<void> {
    const { app } = this.identity!;
    const { stream, head, from } = await startingPoint(this.services, this.identity!, accountId, { after, tail });
    this.unsubscribe(accountId);
    if (this.followers.size >= SOCKET_LIMITS.subscriptions) throw new AppError(141004, `At most ${SOCKET_LIMITS.subscriptions} conversations per socket`);
    this.send({ type: 'subscribed', accountId, after: from, head });
    const follower = this.services.events.follow(app.sdkAppId, stream, from, (event) => this.send({ type: 'event', accountId, event: toChatEvent(event) }));
    const unwatchSignals = await this.services.events.hub.watch(
      app.sdkAppId,
      stream,
      () => {},
      (signal) => this.send({ type: 'signal', accountId, msgBody: signal.payload.msgBody as never }),
    );
    if (this.disposed) {
      // The socket closed while this subscribe was queued or awaiting: nobody is left to follow for.
      unwatchSignals();
      return;
    }
    this.followers.set(accountId, { follower, unwatchSignals });
    await follower.start();
  }

  private unsubscribe(accountId: string): void {
    const entry = this.followers.get(accountId);
    if (!entry) return;
    entry.follower.stop();
    entry.unwatchSignals();
    this.followers.delete(accountId);
  }

  private async sendMessage(frame: SendFrame): Promise<void> {
    if (!this.takeToken()) throw new AppError(RATE_LIMITED, `Too many messages: at most ${SOCKET_LIMITS.sendRate} per second`);
    const { app, userId, channelType } = this.identity!;
    const result = await this.sendGate.run(() =>
      this.services.conversations.customerSend({
        appId: app.sdkAppId,
        accountId: frame.accountId,
        userId,
        channelType,
        languageTag: this.languageTag,
        msgRandom: frame.msgRandom,
        body: frame.body,
        cloudCustomData: frame.cloudCustomData,
      }),
    );
    this.send({ type: 'ack', id: frame.id, accountId: frame.accountId, msgRandom: frame.msgRandom, ...result });
  }

  private takeToken(): boolean {
    const now = Date.now();
    this.tokens = Math.min(SOCKET_LIMITS.sendBurst, this.tokens + ((now - this.refilledAt) / 1000) * SOCKET_LIMITS.sendRate);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private send(frame: ServerFrame): void {
    sendFrame(this.socket, frame, () => this.close(1013, 'client too slow; reconnect and resume from your last seq'));
  }

  private close(code: number, reason: string): void {
    this.dispose();
    closeSocket(this.socket, code, reason);
  }

  private dispose(): void {
    this.disposed = true;
    clearTimeout(this.helloTimer);
    for (const accountId of [...this.followers.keys()]) this.unsubscribe(accountId);
  }
}

/** A frame, or what is wrong with it (with the send's id when it has one, so the client can match the error). */
function parseFrame(raw: string | undefined): { value: ClientFrame } | { problem: string; id?: string } {
  if (raw === undefined) return { problem: 'Frames are JSON text, not binary' };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { problem: 'A frame must be one JSON object' };
  }
  const unsafe = findJsonProblem(value);
  if (unsafe) return { problem: unsafe.message, id: idOf(value) };
  const parsed = clientFrame.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `${issue.path.join('.') || 'frame'}: ${issue.message}`, id: idOf(value) };
  }
  return { value: parsed.data };
}

function idOf(frame: unknown): string | undefined {
  const id = (frame as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length <= 64 && !findJsonProblem(id) ? id : undefined;
}
