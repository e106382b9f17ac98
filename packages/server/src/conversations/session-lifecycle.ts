import { seatStatusMessage, sessionEndMessage, type SessionEventType } from '@parley/protocol';
import type { Account } from '../accounts/index.ts';
import { promptIn, type ConversationTx, type Session } from './conversation-tx.ts';
import type { EndReason, HumanHandoff } from './handoff.ts';
import type { EndStatus, SessionState } from './schema.ts';

export const USER_TIMEOUT_JOB = 'session.user-timeout';

export type { EndReason };

const END_EVENT: Record<EndReason, SessionEventType> = {
  user: 'SessionUserEnd',
  agent: 'SessionAgentEnd',
  userTimeout: 'SessionUserTimeoutEnd',
  agentTimeout: 'SessionAgentTimeoutEnd',
  queueTimeout: 'SessionPendingAutoFinishEnd',
};

export const HUMAN_STATES: ReadonlySet<SessionState> = new Set(['Queueing', 'WaitingForAgentAnswering', 'Agent']);
const reachedHuman = (session: Session) => HUMAN_STATES.has(session.state) || session.agentId !== '';

function endStatusOf(session: Session, reason: EndReason): EndStatus {
  if (reason === 'queueTimeout' || (reason === 'user' && session.state === 'Queueing')) return 'UserAbandonedDuringQueueing';
  if (!reachedHuman(session)) return 'ChatbotReception';
  return ({ user: 'UserEndedSession', agent: 'AgentEndedSession', userTimeout: 'UserTimeout', agentTimeout: 'AgentTimeout' } as const)[reason];
}

/**
 * Ends a session: the reason's event, the end prompt, the src 19/20 flag, the seat going out if a
 * human was there, then SessionEnd. The caller holds the conversation lock.
 */
export async function endSession(ctx: ConversationTx, session: Session, account: Account, reason: EndReason, human?: Pick<HumanHandoff, 'ending' | 'ended'>): Promise<Session> {
  const timeout = reason === 'userTimeout' || reason === 'agentTimeout' || reason === 'queueTimeout';
  await human?.ending(ctx, session, reason);
  await ctx.appendEvent(session, END_EVENT[reason], {});
  await ctx.systemPrompt(session, promptIn(account, timeout ? 'timeoutEndPrompt' : 'endPrompt', session.languageTag));
  await ctx.systemFlag(session, sessionEndMessage(timeout));
  if (session.state === 'Agent') await ctx.systemFlag(session, seatStatusMessage(false));
  await ctx.jobs.cancel(ctx.tx, USER_TIMEOUT_JOB, timerKey(session));
  const ended = await ctx.change(session, { state: 'Ended', endStatus: endStatusOf(session, reason), endedAt: ctx.now(), timeoutAt: null, queuedAt: null }, { type: 'SessionEnd' });
  await human?.ended(ctx, ended);
  return ended;
}

const timerKey = (session: Session) => `${session.appId}:${session.sessionId}`;

/**
 * The user-reply timeout (spec 01 §8.5): the service side spoke, so the user has `UserTimeout`
 * seconds to answer. Suspended sessions and sessions with the switch off are exempt (spec 05 §6.8).
 */
export async function armUserTimeout(ctx: ConversationTx, session: Session, account: Account): Promise<Session> {
  if (session.suspended || !session.userTimeoutEnabled || account.userTimeout <= 0) return disarmUserTimeout(ctx, session);
  const runAt = new Date(ctx.now().getTime() + account.userTimeout * 1000);
  await ctx.jobs.schedule(ctx.tx, { appId: session.appId, kind: USER_TIMEOUT_JOB, key: timerKey(session), payload: { sessionId: session.sessionId }, runAt });
  return ctx.note(session, { timeoutAt: runAt });
}

/** The user answered: no countdown until the service side speaks again. */
export async function disarmUserTimeout(ctx: ConversationTx, session: Session): Promise<Session> {
  if (!session.timeoutAt) return session;
  await ctx.jobs.cancel(ctx.tx, USER_TIMEOUT_JOB, timerKey(session));
  return ctx.note(session, { timeoutAt: null });
}

/** Whether a fired timer still applies: the session may have moved on since it was scheduled. */
export function timeoutDue(session: Session | undefined, now: Date): session is Session {
  return !!session && session.state !== 'Ended' && !session.suspended && session.userTimeoutEnabled && !!session.timeoutAt && session.timeoutAt <= now;
}
