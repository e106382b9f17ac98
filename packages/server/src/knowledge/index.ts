import type { Bus } from '../platform/bus.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import { KnowledgeContext } from './context.ts';
import { LexiconService } from './lexicon-service.ts';
import { LibraryService } from './library-service.ts';
import { ReleaseService } from './release-service.ts';
import { RobotService } from './robot-service.ts';

export type { RobotScope, WriteTarget } from './context.ts';
export { DEFAULT_ROBOT_ID } from './limits.ts';

/** The knowledge-base feature: robots and config, libraries, releases. */
export function createKnowledge(db: Db, bus: Bus, clock: Clock) {
  const ctx = new KnowledgeContext(db, bus, clock);
  return {
    ctx,
    robots: new RobotService(ctx),
    library: new LibraryService(ctx),
    releases: new ReleaseService(ctx),
    lexicons: new LexiconService(ctx),
  };
}

export type Knowledge = ReturnType<typeof createKnowledge>;
