import { eq, and, sql } from 'drizzle-orm';
import type { Bus } from '../platform/bus.ts';
import type { DbOrTx } from '../platform/db.ts';
import { robots, type Env } from './schema.ts';

export const KNOWLEDGE_CHANNEL = 'knowledge.changed';

/** What a matcher needs to bring its index up to date. `questionIds` absent means "reload everything". */
export interface KnowledgeChange {
  appId: number;
  robotId: string;
  env: Env;
  revision: number;
  questionIds?: string[];
}

/**
 * Collects the changes of one transaction: bumps each touched environment's revision inside it,
 * and announces them on the bus only after commit.
 */
export class ChangeSet {
  private changes: KnowledgeChange[] = [];

  constructor(
    private readonly appId: number,
    private readonly robotId: string,
  ) {}

  async touch(tx: DbOrTx, env: Env, questionIds?: string[], markUnpublished = false): Promise<void> {
    const column = env === 'test' ? robots.testRevision : robots.prodRevision;
    const set: Record<string, unknown> = { [env === 'test' ? 'testRevision' : 'prodRevision']: sql`${column} + 1` };
    if (markUnpublished) set.hasUnpublished = true;
    const [row] = await tx
      .update(robots)
      .set(set)
      .where(and(eq(robots.appId, this.appId), eq(robots.robotId, this.robotId)))
      .returning({ test: robots.testRevision, prod: robots.prodRevision });
    const revision = env === 'test' ? row.test : row.prod;
    const existing = this.changes.find((c) => c.env === env);
    if (!existing) {
      this.changes.push({ appId: this.appId, robotId: this.robotId, env, revision, questionIds: questionIds ? [...questionIds] : undefined });
      return;
    }
    existing.revision = revision;
    existing.questionIds = existing.questionIds && questionIds ? [...existing.questionIds, ...questionIds] : undefined;
  }

  async announce(bus: Bus): Promise<void> {
    for (const change of this.changes) await bus.publish(KNOWLEDGE_CHANNEL, change);
  }
}
