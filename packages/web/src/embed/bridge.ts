// The embedded workbench's end of the SDK channel (src/sdk/protocol.ts). Commands are read only from
// the parent window, and only after its hello, whose origin (set by the browser) becomes the only
// one events and results are posted to. Events that happen before the hello wait for it.
import { appCommands, appEvents, type AgentStatus, type WorkbenchCommand } from '../app-events';
import { CHANNEL, isChannelMessage, sdkStatusOf, type FrameMessage, type SdkStatus } from '../sdk/protocol';
import { toSdkEvent } from './sdk-events';

const STATUSES: readonly AgentStatus[] = ['idle', 'busy', 'rest', 'offline'];
/** Events kept for a parent that has not said hello yet (a burst at start-up fits easily). */
const QUEUE_MAX = 100;

export class ParentBridge {
  private parentOrigin?: string;
  private queue: FrameMessage[] = [];
  private status: SdkStatus = 'offline';
  private readonly stopRelay: () => void;
  private readonly onMessage = (event: MessageEvent) => void this.receive(event);

  constructor(
    private parent: Window,
    private self: Window = window,
  ) {
    self.addEventListener('message', this.onMessage);
    this.stopRelay = appEvents.on((event) => {
      if (event.type === 'statusChanged') this.status = sdkStatusOf(event.status);
      const sdkEvent = toSdkEvent(event);
      if (sdkEvent) this.send({ channel: CHANNEL, kind: 'event', ...sdkEvent });
    });
  }

  /** The embed login failed (spec 03 §2.4: the init sample's failure signal). */
  tokenExpired(message: string): void {
    this.send({ channel: CHANNEL, kind: 'event', name: 'tokenExpired', payload: { message } });
  }

  stop(): void {
    this.self.removeEventListener('message', this.onMessage);
    this.stopRelay();
  }

  private async receive(event: MessageEvent): Promise<void> {
    if (event.source !== this.parent || this.parent === this.self || !isChannelMessage(event.data)) return;
    const message = event.data as { kind: string; id?: unknown; command?: unknown };
    if (message.kind === 'hello') return this.welcome(event.origin);
    if (message.kind !== 'call' || event.origin !== this.parentOrigin || typeof message.id !== 'number') return;
    const id = message.id;
    const command = commandOf(message.command);
    if (typeof command === 'string') return this.send({ channel: CHANNEL, kind: 'result', id, ok: false, error: command });
    try {
      await appCommands.run(command);
      this.send({ channel: CHANNEL, kind: 'result', id, ok: true });
    } catch (error) {
      this.send({ channel: CHANNEL, kind: 'result', id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private welcome(origin: string): void {
    // An opaque origin (a sandboxed or file: page) cannot be addressed without '*', which would let anyone listen.
    if (origin === 'null') return console.error('[parley] the embedding page has an opaque origin; serve it over http(s)');
    this.parentOrigin = origin;
    this.post({ channel: CHANNEL, kind: 'welcome', status: this.status });
    const waiting = this.queue;
    this.queue = [];
    for (const message of waiting) this.post(message);
  }

  private send(message: FrameMessage): void {
    if (this.parentOrigin) return this.post(message);
    if (this.queue.length < QUEUE_MAX) this.queue.push(message);
  }

  private post(message: FrameMessage): void {
    this.parent.postMessage(message, this.parentOrigin!);
  }
}

/** The command the page asked for, or what is wrong with it (the page is another site's code). */
export function commandOf(value: unknown): WorkbenchCommand | string {
  const command = value as Record<string, unknown> | null;
  if (typeof command !== 'object' || command === null) return 'A command must be an object';
  const sessionId = command.sessionId;
  switch (command.type) {
    case 'setStatus':
      if (!STATUSES.includes(command.status as AgentStatus)) return `status must be one of ${STATUSES.join(', ')}`;
      if (command.reason !== undefined && typeof command.reason !== 'string') return 'reason must be a string';
      return { type: 'setStatus', status: command.status as AgentStatus, ...(command.reason ? { reason: command.reason as string } : {}) };
    case 'selectSession':
      return typeof sessionId === 'string' && sessionId ? { type: 'selectSession', sessionId } : 'sessionId must be a non-empty string';
    case 'sendMessage':
      if (typeof sessionId !== 'string' || !sessionId) return 'sessionId must be a non-empty string';
      return Array.isArray(command.body) && command.body.length > 0 ? { type: 'sendMessage', sessionId, body: command.body } : 'body must be a non-empty array of message elements';
    default:
      return `Unknown command ${JSON.stringify(command.type)}`;
  }
}
