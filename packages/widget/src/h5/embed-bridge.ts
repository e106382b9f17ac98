// The chat page inside the script embed's iframe talks to the host page with postMessage: it reports
// the unread count and asks to be closed; the host tells it whether the panel is open. The host's
// origin is learnt from its first message (only the parent window is listened to), and replies go
// to that origin only.
import type { ChatClient } from '../client/index.ts';

export type HostMessage = { type: 'parley:open'; open: boolean };

export class EmbedBridge {
  private hostOrigin?: string;
  private open = false;
  private unread = 0;
  private listeners = new Set<() => void>();

  constructor(client: ChatClient) {
    addEventListener('message', (event: MessageEvent) => {
      if (event.source !== window.parent || window.parent === window) return;
      const data = event.data as Partial<HostMessage> | null;
      if (data?.type !== 'parley:open') return;
      this.hostOrigin = event.origin;
      this.setOpen(data.open === true);
    });
    client.onIncoming(() => {
      if (this.open && document.visibilityState === 'visible') return;
      this.unread += 1;
      this.post({ type: 'parley:unread', count: this.unread });
    });
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && this.open && this.markRead());
  }

  isOpen(): boolean {
    return this.open;
  }

  /** Called when the panel opens (the app focuses its composer). */
  onOpen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.post({ type: 'parley:close' });
  }

  private setOpen(open: boolean): void {
    this.open = open;
    if (!open) return;
    this.markRead();
    // On touch screens focusing the composer would pop the keyboard over the conversation.
    if (!matchMedia('(pointer: coarse)').matches) for (const listener of this.listeners) listener();
  }

  private markRead(): void {
    if (this.unread === 0) return;
    this.unread = 0;
    this.post({ type: 'parley:unread', count: 0 });
  }

  private post(message: Record<string, unknown>): void {
    if (this.hostOrigin) window.parent.postMessage(message, this.hostOrigin);
  }
}
