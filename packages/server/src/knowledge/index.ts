import type { Bus } from '../platform/bus.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import { KnowledgeContext } from './context.ts';
import { LexiconService } from './lexicon-service.ts';
import { LibraryService } from './library-service.ts';
import { ReleaseService } from './release-service.ts';
import { RobotService } from './robot-service.ts';
import { createQaTransfer } from './transfer/index.ts';

export type { RobotScope, WriteTarget } from './context.ts';
export { DEFAULT_ROBOT_ID } from './limits.ts';

/** The knowledge-base feature: robots and config, libraries, releases. */
export function createKnowledge(db: Db, bus: Bus, clock: Clock) {
  const ctx = new KnowledgeContext(db, bus, clock);
  const robots = new RobotService(ctx);
  const library = new LibraryService(ctx);
  return {
    ctx,
    robots,
    library,
    releases: new ReleaseService(ctx),
    lexicons: new LexiconService(ctx),
    /** Bulk QA import (`transfer.importer.import`) and export. */
    transfer: createQaTransfer({ ctx, library, robots }),
  };
}

export type Knowledge = ReturnType<typeof createKnowledge>;

export { KNOWLEDGE_CHANNEL, type KnowledgeChange } from './changes.ts';
export type { LexiconService } from './lexicon-service.ts';
export type { LibraryService, Question } from './library-service.ts';
export { defaultRobotConfig, type RobotConfig, type RobotConfigPatch } from './robot-config.ts';
export type { RobotService } from './robot-service.ts';
export type { Env, Library } from './schema.ts';
export { IMPORT_LIMITS, SHEET_FILES, createQaTransfer, templateRows, writeSheet, type SheetFormat } from './transfer/index.ts';
export { robotLanguagesOf, robotRevision } from './robot-queries.ts';
