// Where the customer's session stands, derived from the conversation's events alone (so a replay
// rebuilds it): with the robot, queueing for a person, with an agent, or ended; plus the two flags
// the server answers src 7 with: the rating rules (src 23) and whether a person is there (src 26).
import type { ChatEvent } from '@parley/protocol';
import type { DeskData } from './desk.ts';
import { USER_MAY_REQUEST_RATING } from './desk.ts';

export type SessionPhase = 'none' | 'robot' | 'queueing' | 'agent' | 'ended';

export interface SessionState {
  sessionId: string;
  phase: SessionPhase;
  /** From 1, when the server tells it (TransferringToHumanWait `queuePosition`). */
  queuePosition?: number;
  /** The serving agent's nickname, when the server tells it. */
  agentName?: string;
  /** src 26: a person is connected. */
  inSeat: boolean;
  /** src 23 `menuSendRuleFlag` (rating send rules). */
  ratingRuleFlag: number;
}

/** Fields the server may add to an event beyond ChatEvent; read when present. */
export type IncomingEvent = ChatEvent & { queuePosition?: number; agentNick?: string };

export const initialSession = (): SessionState => ({ sessionId: '', phase: 'none', inSeat: false, ratingRuleFlag: 0 });

const END_EVENTS = new Set(['SessionUserEnd', 'SessionAgentEnd', 'SessionUserTimeoutEnd', 'SessionAgentTimeoutEnd', 'SessionPendingAutoFinishEnd', 'SessionEnd']);

/** The session after one event (and the Desk flag it carries, if any). */
export function nextSession(state: SessionState, event: IncomingEvent, desk?: DeskData): SessionState {
  let next: SessionState;
  if (event.type === 'SessionBegin') next = { ...initialSession(), ratingRuleFlag: state.ratingRuleFlag, sessionId: event.sessionId, phase: 'robot' };
  else if (event.sessionId && event.sessionId !== state.sessionId && state.sessionId)
    return applyFlag(state, desk); // an older session's late news
  else next = { ...state, sessionId: event.sessionId || state.sessionId, phase: phaseAfter(state, event) };
  if (event.type === 'TransferringToHuman') next = { ...next, queuePosition: undefined, agentName: undefined };
  if (typeof event.queuePosition === 'number') next = { ...next, queuePosition: event.queuePosition };
  if (typeof event.agentNick === 'string' && event.agentNick) next = { ...next, agentName: event.agentNick };
  if (next.phase === 'none' && event.sessionId) next = { ...next, phase: 'robot' };
  return applyFlag(next, desk);
}

function phaseAfter(state: SessionState, event: IncomingEvent): SessionPhase {
  if (END_EVENTS.has(event.type)) return 'ended';
  switch (event.type) {
    case 'TransferringToHuman':
    case 'TransferringToHumanWait':
    case 'MemberAccessTimeout':
      return 'queueing';
    case 'NoAgentOnline':
    case 'TransferToHumanDenied':
      return 'robot';
    case 'TransferToHumanSuccess':
    case 'AgentForward':
      return 'agent';
    default:
      return state.phase;
  }
}

function applyFlag(state: SessionState, desk?: DeskData): SessionState {
  if (desk?.src === '23') {
    const flag = Number((desk.content as { menuSendRuleFlag?: unknown } | undefined)?.menuSendRuleFlag);
    return { ...state, ratingRuleFlag: Number.isFinite(flag) ? flag : 0 };
  }
  if (desk?.src === '26') {
    const inSeat = (desk.content as { content?: unknown } | undefined)?.content === 'inSeat';
    // outSeat while with an agent without an end event: the agent left and the session went back to the queue.
    const phase = inSeat ? 'agent' : state.phase === 'agent' ? 'queueing' : state.phase;
    return { ...state, inSeat, phase };
  }
  return state;
}

/** src 24 is allowed during human service when the rules include "the user may ask". */
export const canRequestRating = (state: SessionState) => state.inSeat && (state.ratingRuleFlag & USER_MAY_REQUEST_RATING) !== 0;
