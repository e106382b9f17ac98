// What the workbench tells the outside (the embedding SDK bridge, notifications) and what the outside
// may ask of it. The shell emits events and handles commands; src/embed relays them to the host page
// with the event names of spec 03 §2.7.

import type { AgentStatus } from '@parley/protocol';

export type { AgentStatus };

export type WorkbenchEvent =
  | { type: 'ready'; memberId: string; sdkAppId: number }
  | { type: 'statusChanged'; status: AgentStatus; reason?: string }
  /** A session reaches the agent (assigned, or offered for manual acceptance with `timeout` seconds). */
  | { type: 'callIn'; sessionId: string; nickname: string; avatar?: string; timeout: number; peerSource?: string }
  | { type: 'userAccessed'; sessionId: string }
  | { type: 'autoTransfer'; sessionId: string }
  | { type: 'transfer'; sessionId: string }
  | { type: 'sessionEnded'; sessionId: string; closeBy: 'client' | 'seat' | 'admin' | 'timer' }
  | { type: 'userChanged'; sessionId: string }
  /** A new customer or internal message for this agent (drives sound, title and desktop alerts). */
  | { type: 'newMessage'; sessionId?: string; fromMemberId?: string; preview: string }
  /** An InternalMessage event of the agent stream (the payload as the workbench socket sends it). */
  | { type: 'internalMessage'; payload: Record<string, unknown> };

export type WorkbenchCommand =
  | { type: 'setStatus'; status: AgentStatus; reason?: string }
  | { type: 'selectSession'; sessionId: string }
  /** IM message elements, as POST /api/workbench/sessions/:id/messages takes them. */
  | { type: 'sendMessage'; sessionId: string; body: unknown[] };

type Listener = (event: WorkbenchEvent) => void;
type CommandHandler = (command: WorkbenchCommand) => Promise<void>;

const listeners = new Set<Listener>();
let commandHandler: CommandHandler | undefined;

export const appEvents = {
  emit(event: WorkbenchEvent): void {
    for (const listener of listeners) listener(event);
  },
  on(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export const appCommands = {
  /** The shell registers the one handler once it is logged in. */
  handle(handler: CommandHandler): void {
    commandHandler = handler;
  },
  run(command: WorkbenchCommand): Promise<void> {
    if (!commandHandler) return Promise.reject(new Error('The workbench is not ready'));
    return commandHandler(command);
  },
};
