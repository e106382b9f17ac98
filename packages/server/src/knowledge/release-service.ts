import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db.ts';
import { invalid, notFound } from '../platform/errors.ts';
import { randomDigits } from '../platform/ids.ts';
import type { KnowledgeContext, RobotScope } from './context.ts';
import { KB_LIMITS } from './limits.ts';
import { kbCategories, kbQuestions, robotConfigs, robotLexicons, robotReleases, robots, type ReleaseSnapshot } from './schema.ts';

export type Release = Omit<typeof robotReleases.$inferSelect, 'snapshot'>;

/**
 * Version numbers as the console shows them: "V" + year + month (not zero-padded) + day, hour,
 * minute, second (two digits each) + 8 random digits, in UTC.
 */
export function releaseVersion(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `V${at.getUTCFullYear()}${at.getUTCMonth() + 1}${two(at.getUTCDate())}${two(at.getUTCHours())}${two(at.getUTCMinutes())}${two(at.getUTCSeconds())}${randomDigits(8)}`;
}

/** Test → production publishing, release records and rollback (spec 01 §7). */
export class ReleaseService {
  constructor(private ctx: KnowledgeContext) {}

  async publish(scope: RobotScope, note = '', publishedBy = ''): Promise<Release> {
    if ([...note].length > KB_LIMITS.releaseNote) throw invalid(`A release note is at most ${KB_LIMITS.releaseNote} characters`);
    return this.ctx.write(scope, async (tx, changes) => {
      const snapshot = await this.snapshotTest(tx, scope);
      await this.replaceProduction(tx, scope, snapshot);
      const at = this.ctx.clock.now();
      await tx
        .update(robotReleases)
        .set({ isCurrent: false })
        .where(and(eq(robotReleases.appId, scope.appId), eq(robotReleases.robotId, scope.robotId)));
      const [release] = await tx
        .insert(robotReleases)
        .values({ ...scope, version: releaseVersion(at), note: note.trim(), status: 'published', isCurrent: true, publishedBy, snapshot, publishedAt: at })
        .returning();
      await tx
        .update(robots)
        .set({ hasUnpublished: false })
        .where(and(eq(robots.appId, scope.appId), eq(robots.robotId, scope.robotId)));
      await changes.touch(tx, 'prod');
      const { snapshot: _omit, ...rest } = release;
      return rest;
    });
  }

  async list(scope: RobotScope, pageIndex = 1, pageSize = 10): Promise<{ total: number; items: Release[] }> {
    await this.ctx.requireRobot(this.ctx.db, scope);
    const where = and(eq(robotReleases.appId, scope.appId), eq(robotReleases.robotId, scope.robotId));
    const [{ value }] = await this.ctx.db.select({ value: count() }).from(robotReleases).where(where);
    const items = await this.ctx.db
      .select({
        appId: robotReleases.appId,
        robotId: robotReleases.robotId,
        version: robotReleases.version,
        note: robotReleases.note,
        status: robotReleases.status,
        isCurrent: robotReleases.isCurrent,
        publishedBy: robotReleases.publishedBy,
        publishedAt: robotReleases.publishedAt,
      })
      .from(robotReleases)
      .where(where)
      .orderBy(desc(robotReleases.publishedAt), desc(robotReleases.version))
      .limit(pageSize)
      .offset((pageIndex - 1) * pageSize);
    return { total: value, items };
  }

  /** Puts an earlier release back into production. The test environment keeps its edits. */
  async rollback(scope: RobotScope, version: string): Promise<Release> {
    return this.ctx.write(scope, async (tx, changes) => {
      const where = and(eq(robotReleases.appId, scope.appId), eq(robotReleases.robotId, scope.robotId));
      const [target] = await tx
        .select()
        .from(robotReleases)
        .where(and(where, eq(robotReleases.version, version)));
      if (!target) throw notFound(`Release ${version} does not exist for this robot`);
      await this.replaceProduction(tx, scope, target.snapshot);
      await tx.update(robotReleases).set({ isCurrent: false }).where(where);
      const [restored] = await tx
        .update(robotReleases)
        .set({ isCurrent: true, status: 'rolled_back_to' })
        .where(and(where, eq(robotReleases.version, version)))
        .returning();
      await tx
        .update(robots)
        .set({ hasUnpublished: true })
        .where(and(eq(robots.appId, scope.appId), eq(robots.robotId, scope.robotId)));
      await changes.touch(tx, 'prod');
      const { snapshot: _omit, ...rest } = restored;
      return rest;
    });
  }

  private async snapshotTest(tx: DbOrTx, scope: RobotScope): Promise<ReleaseSnapshot> {
    const whereOf = (t: typeof kbQuestions | typeof kbCategories | typeof robotConfigs | typeof robotLexicons) => and(eq(t.appId, scope.appId), eq(t.robotId, scope.robotId), eq(t.env, 'test'));
    const categories = await tx.select().from(kbCategories).where(whereOf(kbCategories));
    const questions = await tx.select().from(kbQuestions).where(whereOf(kbQuestions));
    const configs = await tx.select().from(robotConfigs).where(whereOf(robotConfigs));
    const [lexicon] = await tx.select().from(robotLexicons).where(whereOf(robotLexicons));
    return {
      lexicon: lexicon ? { dictionary: lexicon.dictionary, synonyms: lexicon.synonyms } : undefined,
      categories: categories.map(({ appId, robotId, env, createdAt, ...rest }) => rest),
      questions: questions.map(({ appId, robotId, env, createdAt, updatedAt, ...rest }) => ({ ...rest, updatedAt: updatedAt.toISOString() })),
      configs: configs.map((c) => ({ languageTag: c.languageTag, config: c.config })),
    };
  }

  private async replaceProduction(tx: DbOrTx, scope: RobotScope, snapshot: ReleaseSnapshot): Promise<void> {
    const prod = (t: typeof kbQuestions | typeof kbCategories | typeof robotConfigs | typeof robotLexicons) => and(eq(t.appId, scope.appId), eq(t.robotId, scope.robotId), eq(t.env, 'prod'));
    await tx.delete(kbQuestions).where(prod(kbQuestions));
    await tx.delete(kbCategories).where(prod(kbCategories));
    await tx.delete(robotConfigs).where(prod(robotConfigs));
    await tx.delete(robotLexicons).where(prod(robotLexicons));
    const base = { ...scope, env: 'prod' as const };
    if (snapshot.lexicon) await tx.insert(robotLexicons).values({ ...base, ...snapshot.lexicon });
    if (snapshot.categories.length) await tx.insert(kbCategories).values(snapshot.categories.map((c) => ({ ...base, ...c })));
    for (let i = 0; i < snapshot.questions.length; i += 500) {
      const chunk = snapshot.questions.slice(i, i + 500).map((q) => ({ ...base, ...q, updatedAt: new Date(q.updatedAt) }));
      await tx.insert(kbQuestions).values(chunk);
    }
    // Languages added after the release keep a config: fall back to the current one.
    if (snapshot.configs.length) await tx.insert(robotConfigs).values(snapshot.configs.map((c) => ({ ...base, languageTag: c.languageTag, config: c.config })));
    await tx.execute(sql`
      INSERT INTO robot_configs (app_id, robot_id, env, language_tag, config)
      SELECT app_id, robot_id, 'prod', language_tag, config FROM robot_configs
      WHERE app_id = ${scope.appId} AND robot_id = ${scope.robotId} AND env = 'test'
      ON CONFLICT DO NOTHING`);
  }
}
