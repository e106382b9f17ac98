import { and, asc, count, eq, ne } from 'drizzle-orm';
import { AppError, assertRevision, ErrorCodes, invalid } from '../platform/errors.ts';
import type { DbOrTx } from '../platform/db.ts';
import { randomLower } from '../platform/ids.ts';
import type { App } from '../apps/index.ts';
import { envsOf, type KnowledgeContext, type RobotScope, type WriteTarget } from './context.ts';
import { DEFAULT_ROBOT_ID, KB_LIMITS, SUPPORTED_LANGUAGES } from './limits.ts';
import { defaultRobotConfig, mergeRobotConfig, robotConfigPatch, type RobotConfig, type RobotConfigPatch } from './robot-config.ts';
import { kbQuestions, robotConfigs, robotLanguages, robots, type Env } from './schema.ts';
import { seedLibraries } from './seed-libraries.ts';

/** Robots, their basic configuration per environment and language, and their languages. */
export class RobotService {
  constructor(private ctx: KnowledgeContext) {}

  /** Creates an app's default robot; called inside the app-creation transaction. */
  async provisionApp(tx: DbOrTx, app: App): Promise<void> {
    await this.insertRobot(tx, app.sdkAppId, DEFAULT_ROBOT_ID, '默认机器人', true);
  }

  /** `presets: false` leaves the small-talk library empty (throw-away evaluation robots). */
  async addRobot(app: App, nickname: string, options: { presets?: boolean } = {}): Promise<string> {
    const name = nickname.trim();
    if (!name) throw invalid('RobotNickName is required');
    if ([...name].length > KB_LIMITS.robotNickName) throw invalid(`RobotNickName is at most ${KB_LIMITS.robotNickName} characters`);
    return this.ctx.db.transaction(async (tx) => {
      // Serialise robot creation per app (lock its existing robots), or concurrent calls all pass the quota check.
      await tx.select({ robotId: robots.robotId }).from(robots).where(eq(robots.appId, app.sdkAppId)).for('update');
      const [{ value }] = await tx.select({ value: count() }).from(robots).where(eq(robots.appId, app.sdkAppId));
      if (value >= app.quotas.maxRobots) {
        throw invalid(`This app may have at most ${app.quotas.maxRobots} robots (quota maxRobots)`);
      }
      const robotId = `@RBT#${Math.floor(this.ctx.clock.now().getTime() / 1000)}${randomLower(8)}`;
      await this.insertRobot(tx, app.sdkAppId, robotId, name, false, options.presets ?? true);
      return robotId;
    });
  }

  private async insertRobot(tx: DbOrTx, appId: number, robotId: string, nickname: string, isDefault: boolean, presets = true): Promise<void> {
    await tx.insert(robots).values({ appId, robotId, nickname, isDefault });
    await tx.insert(robotLanguages).values({ appId, robotId, languageTag: '' });
    for (const env of ['test', 'prod'] as Env[]) {
      await tx.insert(robotConfigs).values({ appId, robotId, env, languageTag: '', config: defaultRobotConfig('') });
    }
    await seedLibraries(tx, { appId, robotId }, presets);
  }

  async listRobots(appId: number) {
    return this.ctx.db.select().from(robots).where(eq(robots.appId, appId)).orderBy(asc(robots.createdAt));
  }

  async setEnabled(scope: RobotScope, enabled: boolean): Promise<void> {
    await this.ctx.write(scope, async (tx, changes) => {
      await tx
        .update(robots)
        .set({ enabled })
        .where(and(eq(robots.appId, scope.appId), eq(robots.robotId, scope.robotId)));
      await changes.touch(tx, 'prod');
    });
  }

  async getConfig(scope: RobotScope, env: Env, languageTag = ''): Promise<RobotConfig> {
    await this.ctx.requireRobot(this.ctx.db, scope);
    const [row] = await this.ctx.db
      .select({ config: robotConfigs.config })
      .from(robotConfigs)
      .where(and(eq(robotConfigs.appId, scope.appId), eq(robotConfigs.robotId, scope.robotId), eq(robotConfigs.env, env), eq(robotConfigs.languageTag, languageTag)));
    if (!row) throw invalid(`Language "${languageTag}" has not been added to this robot`);
    return { ...defaultRobotConfig(languageTag), ...row.config };
  }

  /** The console's view: the config and its revision (`updatedAt`), for an edit that must not overwrite a newer one. */
  async getConfigWithRevision(scope: RobotScope, env: Env, languageTag = ''): Promise<RobotConfig & { updatedAt: Date }> {
    await this.ctx.requireRobot(this.ctx.db, scope);
    const [row] = await this.ctx.db
      .select({ config: robotConfigs.config, updatedAt: robotConfigs.updatedAt })
      .from(robotConfigs)
      .where(and(eq(robotConfigs.appId, scope.appId), eq(robotConfigs.robotId, scope.robotId), eq(robotConfigs.env, env), eq(robotConfigs.languageTag, languageTag)));
    if (!row) throw invalid(`Language "${languageTag}" has not been added to this robot`);
    return { ...defaultRobotConfig(languageTag), ...row.config, updatedAt: row.updatedAt };
  }

  /**
   * `expectedRevision` (the console's): the `updatedAt` of the config as loaded; when the config has
   * changed since, the update is refused with EditConflictError and nothing changes.
   */
  async updateConfig(scope: RobotScope, target: WriteTarget, languageTag: string, edit: RobotConfigPatch & { expectedRevision?: string }): Promise<RobotConfig & { updatedAt: Date }> {
    const { expectedRevision, ...patch } = edit;
    const parsed = robotConfigPatch.safeParse(patch);
    if (!parsed.success) throw invalid(parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; '));
    return this.ctx.write(scope, async (tx, changes) => {
      let result: RobotConfig | undefined;
      const now = this.ctx.clock.now();
      for (const env of envsOf(target)) {
        const where = and(eq(robotConfigs.appId, scope.appId), eq(robotConfigs.robotId, scope.robotId), eq(robotConfigs.env, env), eq(robotConfigs.languageTag, languageTag));
        const [row] = await tx.select({ config: robotConfigs.config, updatedAt: robotConfigs.updatedAt }).from(robotConfigs).where(where);
        if (!row) throw invalid(`Language "${languageTag}" has not been added to this robot`);
        if (!result) assertRevision(expectedRevision, row.updatedAt, 'The robot configuration');
        const current = { ...defaultRobotConfig(languageTag), ...row.config };
        // A REST update is judged by production; test follows it even if its unpublished thresholds disagree.
        const merged = result && env === 'test' ? followProduction(current, parsed.data, result) : mergeRobotConfig(current, parsed.data);
        if (typeof merged === 'string') throw invalid(merged);
        await tx.update(robotConfigs).set({ config: merged, updatedAt: now }).where(where);
        await changes.touch(tx, env, [], target === 'test');
        result ??= merged;
      }
      return { ...result!, updatedAt: now };
    });
  }

  async listLanguages(scope: RobotScope): Promise<string[]> {
    await this.ctx.requireRobot(this.ctx.db, scope);
    const rows = await this.ctx.db
      .select({ tag: robotLanguages.languageTag })
      .from(robotLanguages)
      .where(and(eq(robotLanguages.appId, scope.appId), eq(robotLanguages.robotId, scope.robotId)))
      .orderBy(asc(robotLanguages.createdAt), asc(robotLanguages.languageTag));
    return rows.map((r) => r.tag);
  }

  async addLanguage(app: App, scope: RobotScope, languageTag: string): Promise<void> {
    if (!(SUPPORTED_LANGUAGES as readonly string[]).includes(languageTag)) {
      throw new AppError(ErrorCodes.unsupportedLanguage, `Unsupported language "${languageTag}"; supported: ${SUPPORTED_LANGUAGES.join(', ')}`);
    }
    await this.ctx.write(scope, async (tx, changes) => {
      const where = and(eq(robotLanguages.appId, scope.appId), eq(robotLanguages.robotId, scope.robotId));
      const existing = await tx.select({ tag: robotLanguages.languageTag }).from(robotLanguages).where(where);
      if (existing.some((l) => l.tag === languageTag)) return; // adding twice is a no-op
      if (existing.length >= app.quotas.maxLanguages) {
        throw new AppError(ErrorCodes.languageLimit, `At most ${app.quotas.maxLanguages} languages including the default one`);
      }
      await tx.insert(robotLanguages).values({ ...scope, languageTag });
      for (const env of ['test', 'prod'] as Env[]) {
        await tx
          .insert(robotConfigs)
          .values({ ...scope, env, languageTag, config: defaultRobotConfig(languageTag) })
          .onConflictDoNothing();
        await changes.touch(tx, env, []);
      }
    });
  }

  async deleteLanguage(scope: RobotScope, languageTag: string): Promise<void> {
    if (languageTag === '') throw new AppError(ErrorCodes.defaultLanguage, 'The default language cannot be deleted');
    await this.ctx.write(scope, async (tx, changes) => {
      const [lang] = await tx
        .select()
        .from(robotLanguages)
        .where(and(eq(robotLanguages.appId, scope.appId), eq(robotLanguages.robotId, scope.robotId), eq(robotLanguages.languageTag, languageTag)));
      if (!lang) throw new AppError(ErrorCodes.resourceInvalid, `Language "${languageTag}" has not been added to this robot`);
      const [{ value }] = await tx
        .select({ value: count() })
        .from(kbQuestions)
        .where(and(eq(kbQuestions.appId, scope.appId), eq(kbQuestions.robotId, scope.robotId), eq(kbQuestions.languageTag, languageTag), ne(kbQuestions.library, 'chitchat')));
      if (value > 0) throw new AppError(ErrorCodes.languageHasQuestions, `Language "${languageTag}" still has ${value} questions; delete them first`);
      await tx.delete(robotLanguages).where(and(eq(robotLanguages.appId, scope.appId), eq(robotLanguages.robotId, scope.robotId), eq(robotLanguages.languageTag, languageTag)));
      await tx.delete(robotConfigs).where(and(eq(robotConfigs.appId, scope.appId), eq(robotConfigs.robotId, scope.robotId), eq(robotConfigs.languageTag, languageTag)));
      for (const env of ['test', 'prod'] as Env[]) await changes.touch(tx, env, []);
    });
  }

  /** Throws unless the language has been added (multi-language prerequisite). */
  async requireLanguage(db: DbOrTx, scope: RobotScope, languageTag: string): Promise<void> {
    const [lang] = await db
      .select()
      .from(robotLanguages)
      .where(and(eq(robotLanguages.appId, scope.appId), eq(robotLanguages.robotId, scope.robotId), eq(robotLanguages.languageTag, languageTag)));
    if (!lang) throw invalid(`Language "${languageTag}" has not been added to this robot; add it with robot_add_language first`);
  }
}

/** Applies a production update to test; if test's own thresholds would break the rules, test takes production's. */
function followProduction(test: RobotConfig, patch: RobotConfigPatch, production: RobotConfig): RobotConfig {
  const merged = mergeRobotConfig(test, patch);
  if (typeof merged !== 'string') return merged;
  return { ...test, ...patch, directAnsweringReaches: production.directAnsweringReaches, clarifyReaches: production.clarifyReaches };
}
