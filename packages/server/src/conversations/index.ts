export { ConversationService, type Customer, type UserMessage, type ServiceMessage, type SendResult, type MediaResolver } from './conversation-service.ts';
export { SILENT_ROBOT, type RobotPhase, type RobotReply, type RobotTurn } from './robot-phase.ts';
export { ConversationQueries } from './conversation-queries.ts';
export { streamOf, type Session, type Message } from './conversation-tx.ts';
export { unknownAccount } from './errors.ts';
export type { SessionState, EndStatus } from './schema.ts';

export type { ConversationRunner } from './conversation-runner.ts';
export { ConversationTx, newMsgKey, promptIn, type SessionPatch } from './conversation-tx.ts';
export { ConversationCodes, badBody, invalidParam, invalidState, noSession } from './errors.ts';
export type { HandoffOptions, HandoffOutcome, HandoffRequest, HandoffResult, HumanHandoff } from './handoff.ts';
export { checkBody, customBody, deskOf } from './message-body.ts';
export { HUMAN_STATES, armUserTimeout, disarmUserTimeout, endSession, type EndReason } from './session-lifecycle.ts';
export type { ConversationRatings } from './ratings.ts';
export { anySessionChannel, heldSessionIds, lastMessageRole, messageByKey, type MessageRow } from './session-queries.ts';
export {
  deskSessionCount,
  deskSessionPage,
  lastMessagesOf,
  openSessionCountsByAgent,
  openSessionsOfAgent,
  otherSessionCount,
  queueLength,
  receptionCounts,
  sessionAmong,
  sessionById,
  sessionMessagePage,
  sessionsByIds,
  type DeskSessionFilter,
  type LastMessage,
} from './desk-queries.ts';
export { changedQueuePositions, queueHead, queuePage, queuePositionOf, type QueuedSession } from './queue-queries.ts';
