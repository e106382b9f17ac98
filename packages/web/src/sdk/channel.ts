// The SDK's end of the postMessage channel: greets the iframe after each load, sends commands and
// matches their results, hands events on. Only messages from the iframe's own window, sent from
// Parley's origin (known from the SDK's own URL), are read; commands are posted to that origin only.
import type { WorkbenchCommand } from '../app-events';
import { CHANNEL, isChannelMessage, type FrameMessage, type HostMessage } from './protocol';

const GREET_EVERY_MS = 1_000;
const GREET_TRIES = 20;
/** A command without an answer by then: the workbench is gone or stuck. */
const CALL_TIMEOUT_MS = 30_000;

export type CallResult = { ok: true } | { ok: false; error: string };

export class FrameChannel {
  private nextId = 1;
  private pending = new Map<number, { resolve(result: CallResult): void; timer: ReturnType<typeof setTimeout> }>();
  private greeter?: ReturnType<typeof setInterval>;

  constructor(
    private frame: HTMLIFrameElement,
    private origin: string,
    private onMessage: (message: Exclude<FrameMessage, { kind: 'result' }>) => void,
  ) {
    window.addEventListener('message', (event) => this.receive(event));
    // After every load (a reload too), until the workbench answers.
    frame.addEventListener('load', () => this.greet());
  }

  call(command: WorkbenchCommand): Promise<CallResult> {
    return new Promise((resolve) => {
      const id = this.nextId++;
      const timer = setTimeout(() => this.settle(id, { ok: false, error: 'The workbench did not answer; it may have been closed or reloaded' }), CALL_TIMEOUT_MS);
      this.pending.set(id, { resolve, timer });
      if (!this.post({ channel: CHANNEL, kind: 'call', id, command })) this.settle(id, { ok: false, error: 'The workbench frame is not on the page' });
    });
  }

  private greet(): void {
    clearInterval(this.greeter);
    let tries = 0;
    const hello = () => (++tries > GREET_TRIES ? clearInterval(this.greeter) : this.post({ channel: CHANNEL, kind: 'hello' }));
    hello();
    this.greeter = setInterval(hello, GREET_EVERY_MS);
  }

  private post(message: HostMessage): boolean {
    const target = this.frame.contentWindow;
    if (!target) return false;
    target.postMessage(message, this.origin);
    return true;
  }

  private receive(event: MessageEvent): void {
    if (event.source !== this.frame.contentWindow || event.origin !== this.origin || !isChannelMessage(event.data)) return;
    const message = event.data as FrameMessage;
    if (message.kind === 'result') return this.settle(message.id, message.ok ? { ok: true } : { ok: false, error: message.error ?? 'The workbench refused the command' });
    if (message.kind === 'welcome') clearInterval(this.greeter);
    this.onMessage(message);
  }

  private settle(id: number, result: CallResult): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(id);
    entry.resolve(result);
  }
}
