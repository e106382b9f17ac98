// Every session's chat lines: the history pages (REST) merged with live conversation events (socket)
// by msgKey, ordered by the conversation's seq; the agent's own messages show at once and settle
// when the server acknowledges them.
import { workbenchApi } from '../api/workbench';
import type { MsgElement, StreamEvent } from '../api/types';
import { createStore } from '../state/store';
import { fromEvent, fromHistory, growStream, type ChatMessage } from './chat-message';

export interface Conversation {
  messages: ChatMessage[];
  /** The newest history page has been read. */
  loaded: boolean;
  loading: boolean;
  loadingOlder: boolean;
  /** Older pages exist. */
  more: boolean;
  error?: unknown;
  /** The highest conversation seq the socket delivered: where to resume. */
  lastSeq: number;
}

export const PAGE_SIZE = 30;
const EMPTY: Conversation = { messages: [], loaded: false, loading: false, loadingOlder: false, more: true, lastSeq: 0 };

export const conversationStore = createStore<{ byId: Record<string, Conversation> }>({ byId: {} });

export const conversationOf = (sessionId: string): Conversation => conversationStore.get().byId[sessionId] ?? EMPTY;

function update(sessionId: string, change: (conversation: Conversation) => Partial<Conversation>): void {
  conversationStore.set((state) => {
    const current = state.byId[sessionId] ?? EMPTY;
    return { byId: { ...state.byId, [sessionId]: { ...current, ...change(current) } } };
  });
}

/** Inserts or replaces by key; server lines by seq, the agent's unsent ones last. */
export function merge(messages: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  const byKey = new Map(messages.map((m) => [m.key, m]));
  for (const message of incoming) {
    const local = message.speaker === 'agent' ? findEcho(byKey, message) : undefined;
    if (local) byKey.delete(local.key);
    byKey.set(message.key, message);
  }
  return [...byKey.values()].sort((a, b) => a.seq - b.seq);
}

/** The agent's sending line that a server message is the echo of (same body). */
function findEcho(byKey: Map<string, ChatMessage>, message: ChatMessage): ChatMessage | undefined {
  const body = JSON.stringify(message.body);
  for (const candidate of byKey.values()) {
    if (candidate.delivery === 'sending' && candidate.agentId === message.agentId && JSON.stringify(candidate.body) === body) return candidate;
  }
  return undefined;
}

export async function loadLatest(sessionId: string, accountId: string): Promise<void> {
  const current = conversationOf(sessionId);
  if (current.loading) return;
  update(sessionId, () => ({ loading: true, error: undefined }));
  try {
    const page = await workbenchApi.messages(sessionId, { limit: PAGE_SIZE });
    update(sessionId, (c) => ({
      messages: merge(
        c.messages,
        page.messages.map((row) => fromHistory(row, accountId)),
      ),
      loaded: true,
      loading: false,
      more: page.more,
    }));
  } catch (error) {
    update(sessionId, () => ({ loading: false, error }));
    throw error;
  }
}

/** The page before the oldest line held. */
export async function loadOlder(sessionId: string, accountId: string): Promise<void> {
  const current = conversationOf(sessionId);
  if (current.loadingOlder || !current.more) return;
  const oldest = current.messages.find((m) => Number.isFinite(m.seq) && m.seq > 0);
  update(sessionId, () => ({ loadingOlder: true }));
  try {
    const page = await workbenchApi.messages(sessionId, { limit: PAGE_SIZE, ...(oldest ? { before: oldest.seq } : {}) });
    update(sessionId, (c) => ({
      messages: merge(
        c.messages,
        page.messages.map((row) => fromHistory(row, accountId)),
      ),
      loadingOlder: false,
      more: page.more,
    }));
  } catch (error) {
    update(sessionId, () => ({ loadingOlder: false }));
    throw error;
  }
}

/**
 * A conversation event from the socket. Returns the new chat line when the event added one
 * (the caller decides whether it is news for the agent).
 */
export function applyConversationEvent(sessionId: string, event: StreamEvent): ChatMessage | undefined {
  const message = fromEvent(event);
  const before = conversationOf(sessionId);
  const isNew = message !== undefined && !before.messages.some((m) => m.key === message.key);
  update(sessionId, (c) => ({ lastSeq: Math.max(c.lastSeq, event.seq), messages: changeMessages(c.messages, event, message) }));
  return isNew ? message : undefined;
}

function changeMessages(messages: ChatMessage[], event: StreamEvent, message: ChatMessage | undefined): ChatMessage[] {
  if (message) return merge(messages, [message]);
  const payload = event.payload as { msgKey?: string; msgBody?: MsgElement[]; chunk?: string };
  if (!payload.msgKey) return messages;
  const edit = (change: (m: ChatMessage) => ChatMessage) => messages.map((m) => (m.key === payload.msgKey ? change(m) : m));
  switch (event.type) {
    case 'MessageModified':
      return Array.isArray(payload.msgBody) ? edit((m) => ({ ...m, body: payload.msgBody! })) : messages;
    case 'StreamChunk':
      return edit((m) => ({ ...m, body: growStream(m.body, { chunk: String(payload.chunk ?? '') }) }));
    case 'StreamEnd':
      return edit((m) => ({ ...m, streaming: false, body: growStream(m.body, { finished: true }) }));
    default:
      return messages;
  }
}

// ---- the agent's own messages ---------------------------------------------------------------------

export function addSending(sessionId: string, msgRandom: string, agentId: string, body: MsgElement[]): void {
  const line: ChatMessage = { key: `local:${msgRandom}`, seq: Number.POSITIVE_INFINITY, role: 2, speaker: 'agent', agentId, at: Date.now(), body, delivery: 'sending', msgRandom };
  update(sessionId, (c) => {
    const existing = c.messages.some((m) => m.key === line.key);
    // A retry: the failed line goes back to sending.
    return { messages: existing ? c.messages.map((m) => (m.key === line.key ? { ...m, delivery: 'sending' as const, error: undefined } : m)) : [...c.messages, line] };
  });
}

/** Acknowledged: the line takes the server's key (or goes, when the socket already delivered it). */
export function settleSending(sessionId: string, msgRandom: string, msgKey: string, seq?: number): void {
  update(sessionId, (c) => {
    const delivered = c.messages.some((m) => m.key === msgKey);
    const messages = c.messages.flatMap((m) => {
      if (m.key !== `local:${msgRandom}`) return [m];
      return delivered ? [] : [{ ...m, key: msgKey, seq: seq ?? m.seq, delivery: undefined }];
    });
    return { messages: messages.sort((a, b) => a.seq - b.seq) };
  });
}

export function failSending(sessionId: string, msgRandom: string, error: unknown): void {
  update(sessionId, (c) => ({ messages: c.messages.map((m) => (m.key === `local:${msgRandom}` ? { ...m, delivery: 'failed' as const, error } : m)) }));
}

export function dropLine(sessionId: string, key: string): void {
  update(sessionId, (c) => ({ messages: c.messages.filter((m) => m.key !== key) }));
}

/** Resume cursors for the socket: `sessionId:seq` of every conversation the socket delivered. */
export function resumeCursors(sessionIds: Iterable<string>): string[] {
  const byId = conversationStore.get().byId;
  return [...sessionIds].filter((id) => (byId[id]?.lastSeq ?? 0) > 0).map((id) => `${id}:${byId[id].lastSeq}`);
}
