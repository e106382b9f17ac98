import type { ChatEvent, MsgElement } from '@parley/protocol';
import type { StoredEvent } from '../../events/index.ts';

/** What a customer sees of a log row: no agent ids, no callback plumbing. */
export function toChatEvent(event: StoredEvent): ChatEvent {
  const p = event.payload as Record<string, unknown>;
  const out: ChatEvent = { seq: event.seq, type: event.type, at: event.at.getTime(), sessionId: String(p.sessionId ?? '') };
  if (typeof p.msgKey === 'string') out.msgKey = p.msgKey;
  if (Array.isArray(p.msgBody)) out.msgBody = p.msgBody as MsgElement[];
  if (typeof p.cloudCustomData === 'string' && p.cloudCustomData) out.cloudCustomData = p.cloudCustomData;
  if (p.fromAccountRole === 1 || p.fromAccountRole === 2 || p.fromAccountRole === 3) out.role = p.fromAccountRole;
  if (typeof p.chunk === 'string') out.chunk = p.chunk;
  if (typeof p.chunkIndex === 'number') out.chunkIndex = p.chunkIndex;
  if (p.reason === 'finished' || p.reason === 'timeout') out.reason = p.reason;
  if (typeof p.agentNick === 'string') out.agentNick = p.agentNick;
  if (typeof p.queuePosition === 'number') out.queuePosition = p.queuePosition;
  return out;
}
