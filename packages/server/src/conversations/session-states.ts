import { invalidState } from './errors.ts';
import type { SessionState } from './schema.ts';

// The session's states (spec 05 §6.2) and the moves between them, as data. Every path that moves a
// session goes through ConversationTx.change(), which refuses a move this table does not list.

/** Before the first session, or after the last one ended: the user has no open session with the account. */
export const NO_SESSION = 'none';
export type SessionStateOrNone = SessionState | typeof NO_SESSION;

/** Each state and where it may go, with the code paths that take each move. */
export const SESSION_TRANSITIONS: Readonly<Record<SessionStateOrNone, readonly SessionState[]>> = {
  // createSession: the robot greets every new session (contact_user's too, before it moves on).
  none: ['Chatbot'],
  Chatbot: [
    'Queueing', // transfer_to_human, the robot's to-agent intent, the user's group choice
    'Agent', // contact_user: an agent takes the user straight from the robot
    'Ended', // user timeout, end_session by the app
  ],
  Queueing: [
    'Chatbot', // OnAssignHuman denied, or nobody in the pool online
    'WaitingForAgentAnswering', // manual reception: offered to an agent
    'Agent', // auto reception
    'Ended', // queue timeout, the user leaves (src 27), end_session
  ],
  WaitingForAgentAnswering: [
    'Agent', // accepted, or transferred (transfer_session puts it straight in service)
    'Queueing', // the offer lapsed, or the agent lost access
    'Ended',
  ],
  Agent: [
    'Agent', // transfer_session: another agent, still in service
    'Queueing', // the agent lost access (deleted, disabled)
    'Ended',
  ],
  Ended: [],
};

/** Fields an ended session may still take: the user rates after the end (InvitationMethod 1 and 3). */
export const AFTER_END_FIELDS: ReadonlySet<string> = new Set(['satisfaction']);

export function canMove(from: SessionStateOrNone, to: SessionState): boolean {
  return SESSION_TRANSITIONS[from].includes(to);
}

/**
 * Throws 141026 unless the change is allowed: a move the table lists, or a change that keeps the
 * state of an open session (other fields; a state equal to the current one is no move). An ended
 * session takes nothing but its rating.
 */
export function assertChange(from: SessionStateOrNone, to: SessionState | undefined, fields: readonly string[], sessionId = ''): void {
  const what = sessionId ? `Session ${sessionId}` : 'The session';
  if (from === 'Ended') {
    const refused = fields.filter((field) => !AFTER_END_FIELDS.has(field));
    if (refused.length > 0) throw invalidState(`${what} has ended; ${refused.join(', ')} can no longer change`);
    return;
  }
  if (to === undefined || to === from) return;
  if (!canMove(from, to)) throw invalidState(`${what} cannot go from ${from === NO_SESSION ? 'no session' : from} to ${to}`);
}
