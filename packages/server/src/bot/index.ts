import type { Bus } from '../platform/bus.ts';
import type { Db } from '../platform/db.ts';
import type { Knowledge } from '../knowledge/index.ts';
import { AnswerService } from './answer-service.ts';
import { IndexManager } from './index-manager.ts';

/** The answering bot: in-memory indexes kept current through the bus, and the answer service. */
export function createBot(db: Db, bus: Bus, knowledge: Knowledge) {
  const indexes = new IndexManager(db, bus, knowledge.library, knowledge.lexicons);
  return { indexes, answers: new AnswerService(db, indexes, knowledge.robots) };
}

export type Bot = ReturnType<typeof createBot>;
