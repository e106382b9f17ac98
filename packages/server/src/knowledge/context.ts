import { and, eq } from 'drizzle-orm';
import type { Bus } from '../platform/bus.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db.ts';
import { notFound } from '../platform/errors.ts';
import { ChangeSet } from './changes.ts';
import { robots, type Env } from './schema.ts';

export interface RobotScope {
  appId: number;
  robotId: string;
}

/**
 * Where a write lands. The console edits `test` only; REST commands "take effect in production"
 * and are applied to test as well, so the next publish does not undo them.
 */
export type WriteTarget = 'test' | 'test+prod';

/** Environments to write, the authoritative one first (the one ids are validated against). */
export const envsOf = (target: WriteTarget): Env[] => (target === 'test' ? ['test'] : ['prod', 'test']);

export type Robot = typeof robots.$inferSelect;

export class KnowledgeContext {
  constructor(
    readonly db: Db,
    readonly bus: Bus,
    readonly clock: Clock,
  ) {}

  /** Runs `fn` in one transaction and announces the knowledge changes it recorded after commit. */
  async write<T>(scope: RobotScope, fn: (tx: DbOrTx, changes: ChangeSet, robot: Robot) => Promise<T>): Promise<T> {
    const changes = new ChangeSet(scope.appId, scope.robotId);
    const result = await this.db.transaction(async (tx) => {
      const robot = await this.lockRobot(tx, scope);
      return fn(tx, changes, robot);
    });
    await changes.announce(this.bus);
    return result;
  }

  /**
   * A context whose writes join a transaction already open by `write` (robot locked), so several
   * service calls commit or roll back together and announce once, after the outer commit.
   */
  join(tx: DbOrTx, changes: ChangeSet, robot: Robot): KnowledgeContext {
    return new JoinedContext(tx, this.bus, this.clock, changes, robot);
  }

  async requireRobot(db: DbOrTx, scope: RobotScope): Promise<Robot> {
    const [robot] = await db
      .select()
      .from(robots)
      .where(and(eq(robots.appId, scope.appId), eq(robots.robotId, scope.robotId)));
    if (!robot) throw notFound(`Robot ${scope.robotId} does not exist in this app`);
    return robot;
  }

  /** Serialises writers of one robot so revisions and publish snapshots are consistent. */
  private async lockRobot(tx: DbOrTx, scope: RobotScope): Promise<Robot> {
    const [robot] = await tx
      .select()
      .from(robots)
      .where(and(eq(robots.appId, scope.appId), eq(robots.robotId, scope.robotId)))
      .for('update');
    if (!robot) throw notFound(`Robot ${scope.robotId} does not exist in this app`);
    return robot;
  }
}

class JoinedContext extends KnowledgeContext {
  constructor(
    private readonly tx: DbOrTx,
    bus: Bus,
    clock: Clock,
    private readonly changes: ChangeSet,
    private readonly robot: Robot,
  ) {
    super(tx as Db, bus, clock);
  }

  override async write<T>(scope: RobotScope, fn: (tx: DbOrTx, changes: ChangeSet, robot: Robot) => Promise<T>): Promise<T> {
    if (scope.appId !== this.robot.appId || scope.robotId !== this.robot.robotId) throw new Error('A joined write must stay on the locked robot');
    return fn(this.tx, this.changes, this.robot);
  }
}
