import type { Account } from '../accounts/index.ts';
import type { ConversationTx, Session } from './conversation-tx.ts';

/** Why a session ends; each has its event, its prompt and its CDR status (spec 05 §6.4). */
export type EndReason = 'user' | 'agent' | 'userTimeout' | 'agentTimeout' | 'queueTimeout';

/** transfer_to_human's flags and targets (spec 05 §3.1); the chat paths use the defaults. */
export interface HandoffOptions {
  agentIds?: string[];
  groupId?: number;
  /** Send the failure prompt when nobody is online (API default: no; chat: yes). */
  sendTipIfNoAgentOnline?: boolean;
  /** Check working hours (API default: no; chat: yes). */
  checkWorkingHours?: boolean;
  /** Send the out-of-hours prompt (API default: no; chat: yes). */
  sendPromptOutsideHours?: boolean;
  /** Strategy "user picks a group" asks the user first (chat: yes; the API routes at once). */
  offerGroupChoice?: boolean;
}

/** How a transfer request ended: with an agent, in the queue, or refused for a reason. */
export type HandoffOutcome = 'assigned' | 'queued' | 'no-agent' | 'closed' | 'denied' | 'choose-group';

export interface HandoffResult {
  outcome: HandoffOutcome;
  agentId: string;
  queued: boolean;
  sessionId: string;
}

/** What `request` did: refused or settled at once (`result`), or routing follows (`requestedAt`). */
export interface HandoffRequest {
  session: Session;
  result?: HandoffResult;
  requestedAt?: Date;
}

/**
 * The seam between conversations and human service. Every path to a person (the robot's to-agent
 * intent, the "人工" text, a src 15 group choice, transfer_to_human) calls `request` inside the
 * conversation's transaction, then `route` after it commits; sessions that end tell it so it can
 * release the agent and send the rating card.
 */
export interface HumanHandoff {
  /**
   * In the conversation's transaction: checks hours, joins the queue. Returns whether routing
   * follows: without `result` it does, and `requestedAt` (the time of the request, the session's
   * place in the queue) goes to `route`. The request also schedules a job, in this transaction, that
   * routes the session on any process if `route` never runs (a crash right after the commit).
   */
  request(ctx: ConversationTx, session: Session, account: Account, options: HandoffOptions): Promise<HandoffRequest>;
  /** After commit: asks the business server if configured, then assigns or queues at `requestedAt` (default: now). */
  route(appId: number, sessionId: string, options: HandoffOptions, requestedAt?: Date): Promise<HandoffResult>;
  /** A text the user typed while a group choice (src 15) is pending; true if it was a choice. */
  chooseGroup(ctx: ConversationTx, session: Session, account: Account, text: string): Promise<boolean>;
  /** In the transaction that ends the session, before its state changes. */
  ending(ctx: ConversationTx, session: Session, reason: EndReason): Promise<void>;
  /** After SessionEnd, in the same transaction: the rating card, if the settings say so. */
  ended(ctx: ConversationTx, session: Session): Promise<void>;
}
