import type { Bus } from '../platform/bus.ts';
import type { Db } from '../platform/db.ts';
import type { Knowledge } from '../knowledge/index.ts';
import { AnswerService } from './answer-service.ts';
import { IndexManager } from './index-manager.ts';
import type { BotLogger } from './responder.ts';
import { BotRobotPhase, type RobotPhaseDeps } from './robot-phase.ts';

export { chainFor, runChain, type RobotMode } from './chain.ts';
export type { BotLogger, CustomerText, Responder, ResponderContext, ResponderOutcome, StreamReply } from './responder.ts';
export { StreamBatcher, type BatchTimer, type StreamSink } from './stream-batcher.ts';
export { BotRobotPhase } from './robot-phase.ts';

/**
 * The answering bot: in-memory indexes kept current through the bus, the answer service, and the
 * robot phase of conversations (`robotPhase`, plugged into ConversationService.robot by the wiring).
 */
export function createBot(db: Db, bus: Bus, knowledge: Knowledge, logger?: BotLogger) {
  const indexes = new IndexManager(db, bus, knowledge.library, knowledge.lexicons);
  const answers = new AnswerService(db, indexes, knowledge.robots);
  const robotPhase = (conversation: Pick<RobotPhaseDeps, 'replies' | 'history'>) => new BotRobotPhase({ answers, logger, ...conversation });
  return { indexes, answers, robotPhase };
}

export type Bot = ReturnType<typeof createBot>;
