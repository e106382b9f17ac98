// The contract between the message renderers (src/render) and the apps that show messages: the
// customer chat (src/h5) and the agent workbench (packages/web), which reuses the renderers read-only.
// Only `import type` from @parley/protocol: the widget must not bundle zod.
import type { MsgElement } from '@parley/protocol';

export type { MsgElement };

/** One chat message as the renderers see it (built from the conversation's events). */
export interface RenderableMessage {
  /** The server's MsgKey; undefined while a customer's message is still queued locally. */
  msgKey?: string;
  /** The client's msgRandom for the customer's own messages (matches local echoes to acks). */
  msgRandom?: string;
  /** 1 the customer, 2 the service side (robot, agent), 3 system prompts. */
  role: 1 | 2 | 3;
  /** Unix milliseconds. */
  at: number;
  body: MsgElement[];
  /** src 31 while chunks are still arriving. */
  streaming?: boolean;
  /** Customer's own messages: queued (offline), sending, sent, failed (with the server's message). */
  delivery?: 'queued' | 'sending' | 'sent' | 'failed';
  error?: string;
  /** The agent's nickname when an agent sent it (workbench and customer both show it). */
  senderName?: string;
}

/**
 * What a tappable message may do. The customer chat passes these; the workbench passes none, and
 * renderers then show the same content without interaction (buttons disabled).
 */
export interface MessageActions {
  /**
   * Send plain text as the customer (clarify questions, branch options, src 21 answers). A src 32
   * fixed button also passes `cloudCustomData` (spec 02 R14), to be sent as the message's cloudCustomData.
   */
  sendText(text: string, options?: { cloudCustomData?: string }): void;
  /**
   * Send a Desk custom message (src 10 rating selection, src 33 form submission, …) as TIMCustomElem
   * with Data = JSON.stringify(data). May return a promise: when it rejects (the server refused), the
   * card lets the customer try again; otherwise it stays "submitted" until the server's edit arrives.
   */
  sendCustom(data: Record<string, unknown>): void | Promise<unknown>;
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;
