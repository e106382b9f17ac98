// The conversation as this client has applied it: messages keyed by MsgKey, the session state and
// the cursor (the last applied seq). Events at or below the cursor were applied already and are
// ignored, so a replay after a reconnect or a reload never doubles anything.
import type { MsgElement } from '@parley/protocol';
import { deskOf, STATE_FLAGS } from './desk.ts';
import type { HistoryMessage } from './history.ts';
import { initialSession, nextSession, type IncomingEvent, type SessionState } from './session-state.ts';

export interface StoredMessage {
  msgKey: string;
  /** The seq of the event that created it (the list's order). */
  seq: number;
  role: 1 | 2 | 3;
  at: number;
  body: MsgElement[];
  /** A src 31 message still receiving chunks. */
  streaming?: boolean;
  senderName?: string;
}

export interface ConversationSnapshot {
  cursor: number;
  messages: StoredMessage[];
  session: SessionState;
}

export interface Applied {
  /** The event was new (above the cursor). */
  applied: boolean;
  /** A message that was not there before. */
  added?: StoredMessage;
}

/** How many messages a snapshot keeps (the oldest go first). */
export const SNAPSHOT_MESSAGES = 300;

export class ConversationStore {
  cursor = 0;
  session: SessionState = initialSession();
  private messages = new Map<string, StoredMessage>();
  private ordered?: StoredMessage[];

  constructor(snapshot?: ConversationSnapshot) {
    if (!snapshot) return;
    this.cursor = snapshot.cursor;
    this.session = snapshot.session;
    for (const message of snapshot.messages) this.messages.set(message.msgKey, message);
  }

  has(msgKey: string): boolean {
    return this.messages.has(msgKey);
  }

  /** Messages in conversation order. */
  list(): StoredMessage[] {
    this.ordered ??= [...this.messages.values()].sort((a, b) => a.seq - b.seq);
    return this.ordered;
  }

  apply(event: IncomingEvent): Applied {
    if (event.seq <= this.cursor) return { applied: false };
    this.cursor = event.seq;
    const desk = event.msgBody ? deskOf(event.msgBody) : undefined;
    this.session = nextSession(this.session, event, desk);
    const added = this.applyToMessages(event, desk?.src);
    this.ordered = undefined;
    return { applied: true, added };
  }

  /** The smallest seq of a message held: older history comes from before it. */
  oldestSeq(): number | undefined {
    return this.list()[0]?.seq;
  }

  /**
   * Older messages from the history: placed by seq, kept once per MsgKey, flags left out as `apply`
   * does. The cursor does not move: they are not events, and resuming must not skip any.
   */
  insertOlder(older: HistoryMessage[]): number {
    let added = 0;
    for (const message of older) {
      const src = deskOf(message.msgBody)?.src;
      if (this.messages.has(message.msgKey) || (src && STATE_FLAGS.has(src))) continue;
      const stored: StoredMessage = { msgKey: message.msgKey, seq: message.seq, role: message.role, at: message.at, body: message.msgBody };
      if (src === '31' && !isFinished(message.msgBody)) stored.streaming = true;
      this.messages.set(message.msgKey, stored);
      added++;
    }
    if (added) this.ordered = undefined;
    return added;
  }

  snapshot(): ConversationSnapshot {
    return { cursor: this.cursor, session: this.session, messages: this.list().slice(-SNAPSHOT_MESSAGES) };
  }

  private applyToMessages(event: IncomingEvent, src: string | undefined): StoredMessage | undefined {
    const key = event.msgKey;
    if (!key) return undefined;
    if (event.type === 'MessageModified') return void this.update(key, (m) => ({ ...m, body: event.msgBody ?? m.body }));
    if (event.type === 'StreamChunk') return void this.update(key, (m) => ({ ...m, body: withChunk(m.body, event.chunk ?? '', event.chunkIndex) }));
    if (event.type === 'StreamEnd') return void this.update(key, (m) => ({ ...m, streaming: false, body: finished(m.body) }));
    if (!event.msgBody || (src && STATE_FLAGS.has(src)) || this.messages.has(key)) return undefined;
    const message: StoredMessage = { msgKey: key, seq: event.seq, role: event.role ?? 2, at: event.at, body: event.msgBody };
    if (src === '31' && !isFinished(event.msgBody)) message.streaming = true;
    const sender = event.agentNick ?? (event.type === 'Human.AgentSendMsg' ? this.session.agentName : undefined);
    if (sender) message.senderName = sender;
    this.messages.set(key, message);
    return message;
  }

  private update(msgKey: string, change: (message: StoredMessage) => StoredMessage): void {
    const message = this.messages.get(msgKey);
    if (message) this.messages.set(msgKey, change(message));
  }
}

// ---- src 31 bodies ---------------------------------------------------------------------------------

type StreamData = { chunks?: unknown; isFinished?: unknown } & Record<string, unknown>;

function streamData(body: MsgElement[]): StreamData | undefined {
  const desk = deskOf(body);
  return desk?.src === '31' ? (desk as StreamData) : undefined;
}

const isFinished = (body: MsgElement[]) => streamData(body)?.isFinished === 1;

function rewrite(body: MsgElement[], change: (data: StreamData) => StreamData): MsgElement[] {
  const data = streamData(body);
  if (!data) return body;
  return [{ MsgType: 'TIMCustomElem', MsgContent: { ...(body[0].MsgContent as { Data: string }), Data: JSON.stringify(change(data)) } }];
}

/** Appends one chunk at its index (the index makes a chunk the body already holds a no-op). */
function withChunk(body: MsgElement[], chunk: string, index: number | undefined): MsgElement[] {
  return rewrite(body, (data) => {
    const chunks = Array.isArray(data.chunks) ? data.chunks.map(String) : [];
    chunks[index ?? chunks.length] = chunk;
    return { ...data, chunks: Array.from(chunks, (c) => c ?? '') };
  });
}

const finished = (body: MsgElement[]) => rewrite(body, (data) => ({ ...data, isFinished: 1 }));
