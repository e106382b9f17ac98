// One chat line in the workbench, built from the history API or from the socket's conversation
// events, so both sources merge by msgKey. Who said it: the customer, the robot, an agent, the system.
import type { HistoryMessage, MsgElement, StreamEvent } from '../api/types';

export type Speaker = 'customer' | 'robot' | 'agent' | 'system';

export interface ChatMessage {
  /** The server's MsgKey, or `local:<msgRandom>` while the agent's own message is on its way. */
  key: string;
  seq: number;
  role: 1 | 2 | 3;
  speaker: Speaker;
  /** The agent who sent it (speaker 'agent'). */
  agentId?: string;
  at: number;
  body: MsgElement[];
  streaming?: boolean;
  /** The agent's own message: sending until the server acknowledges it, failed with the reason. */
  delivery?: 'sending' | 'failed';
  error?: unknown;
  msgRandom?: string;
}

export function deskOf(element: MsgElement): Record<string, unknown> | undefined {
  if (element.MsgType !== 'TIMCustomElem') return undefined;
  try {
    const data = JSON.parse((element.MsgContent as { Data?: string }).Data ?? '') as unknown;
    return typeof data === 'object' && data !== null && (data as { customerServicePlugin?: unknown }).customerServicePlugin === 0 ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function fromHistory(row: HistoryMessage, accountId: string): ChatMessage {
  const speaker: Speaker = row.fromRole === 1 ? 'customer' : row.fromRole === 3 ? 'system' : row.fromAccount === accountId ? 'robot' : 'agent';
  return {
    key: row.msgKey,
    seq: row.seq,
    role: row.fromRole,
    speaker,
    ...(speaker === 'agent' ? { agentId: row.fromAccount } : {}),
    at: new Date(row.at).getTime(),
    body: row.body,
    streaming: isOpenStream(row.body),
  };
}

const SPEAKER_OF_EVENT: Record<string, Speaker> = {
  'ChatBot.UserSendMsg': 'customer',
  'Human.UserSendMsg': 'customer',
  'ChatBot.RobotSendMsg': 'robot',
  'Human.AgentSendMsg': 'agent',
  SystemSendMsg: 'system',
};

/** A conversation event that carries a message, as a chat line; undefined for other events. */
export function fromEvent(event: StreamEvent): ChatMessage | undefined {
  const speaker = SPEAKER_OF_EVENT[event.type];
  const payload = event.payload as { msgKey?: string; msgBody?: MsgElement[]; fromAccountRole?: 1 | 2 | 3; agentId?: string };
  if (!speaker || !payload.msgKey || !Array.isArray(payload.msgBody)) return undefined;
  const role = payload.fromAccountRole ?? (speaker === 'customer' ? 1 : speaker === 'system' ? 3 : 2);
  return {
    key: payload.msgKey,
    seq: event.seq,
    role,
    speaker,
    ...(speaker === 'agent' && payload.agentId ? { agentId: payload.agentId } : {}),
    at: event.at,
    body: payload.msgBody,
    streaming: isOpenStream(payload.msgBody),
  };
}

/** src 31 still growing. */
function isOpenStream(body: MsgElement[]): boolean {
  const desk = body.length === 1 ? deskOf(body[0]) : undefined;
  return desk?.src === '31' && desk.isFinished !== 1;
}

/** Appends a StreamChunk to a src 31 body (or finishes it), keeping everything else. */
export function growStream(body: MsgElement[], change: { chunk?: string; finished?: boolean }): MsgElement[] {
  const desk = body.length === 1 ? deskOf(body[0]) : undefined;
  if (desk?.src !== '31') return body;
  const chunks = Array.isArray(desk.chunks) ? [...(desk.chunks as string[])] : [];
  if (change.chunk !== undefined) chunks.push(change.chunk);
  const next = { ...desk, chunks, ...(change.finished ? { isFinished: 1 } : {}) };
  return [{ MsgType: 'TIMCustomElem', MsgContent: { ...(body[0].MsgContent as object), Data: JSON.stringify(next) } } as MsgElement];
}

export const textBody = (text: string): MsgElement[] => [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }];
