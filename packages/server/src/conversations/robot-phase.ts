import type { MsgElement } from '@parley/protocol';
import type { Account } from '../accounts/index.ts';

/** A customer's text in the robot phase, already committed: the bot answers it after the commit. */
export interface RobotTurn {
  appId: number;
  sessionId: string;
  account: Account;
  userId: string;
  languageTag: string;
  text: string;
  /** The customer message's key: the reply's idempotency key, so one turn is answered once. */
  msgKey: string;
}

/** What the robot says to a turn: a message, a hand-over to human service, both, or nothing (neither). */
export interface RobotReply {
  body?: MsgElement[];
  handoff?: boolean;
}

/**
 * The seam between the conversation engine and the bot (createServices plugs bot/ in). The engine
 * records the customer's message and hands the robot-phase text over; the bot answers through
 * ConversationService.robotReply and robotStream, the write paths of send_msg and send_stream_msg.
 */
export interface RobotPhase {
  /** The welcome card of a session being started, if any; read before the session's transaction. */
  welcome(account: Account, languageTag: string): Promise<MsgElement[] | undefined>;
  /** Answers one turn. Failures are the bot's to log: the customer's message is already safe. */
  consume(turn: RobotTurn): Promise<void>;
}

/** Until the bot is wired (it is, in createServices), the robot says nothing. */
export const SILENT_ROBOT: RobotPhase = { welcome: async () => undefined, consume: async () => {} };
