// Sending as the agent: the line shows at once, the server's ack settles it, a failure stays visible
// with a retry that reuses the msgRandom (the server never sends one message twice).
import { workbenchApi } from '../api/workbench';
import type { MsgElement, SendAck } from '../api/types';
import { addSending, conversationOf, failSending, settleSending } from './conversation-store';

export function newMsgRandom(): string {
  const random = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `wb-${random}`.slice(0, 64);
}

export async function sendAsAgent(sessionId: string, agentId: string, body: MsgElement[], msgRandom = newMsgRandom()): Promise<SendAck> {
  addSending(sessionId, msgRandom, agentId, body);
  try {
    const ack = await workbenchApi.send(sessionId, msgRandom, body);
    settleSending(sessionId, msgRandom, ack.msgKey, ack.seq);
    return ack;
  } catch (error) {
    failSending(sessionId, msgRandom, error);
    throw error;
  }
}

/** Sends a failed line again (same msgRandom). */
export function retrySending(sessionId: string, agentId: string, msgRandom: string): Promise<SendAck> {
  const line = conversationOf(sessionId).messages.find((m) => m.msgRandom === msgRandom);
  if (!line) return Promise.reject(new Error('nothing to retry'));
  return sendAsAgent(sessionId, agentId, line.body, msgRandom);
}
