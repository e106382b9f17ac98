import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db.ts';
import type { RobotScope } from './context.ts';
import { robotLanguages, robots, type Env } from './schema.ts';

// Read models of robots for other features (the bot's indexes, account binding): reads only.

/** A robot environment's current revision and whether the robot is on; undefined if the robot does not exist. */
export async function robotRevision(db: DbOrTx, scope: RobotScope, env: Env): Promise<{ revision: number; enabled: boolean } | undefined> {
  const [row] = await db
    .select({ test: robots.testRevision, prod: robots.prodRevision, enabled: robots.enabled })
    .from(robots)
    .where(and(eq(robots.appId, scope.appId), eq(robots.robotId, scope.robotId)));
  return row ? { revision: env === 'test' ? row.test : row.prod, enabled: row.enabled } : undefined;
}

/** The language tags of an app's robot, read through `db` (the caller's transaction); undefined if the app has no such robot. */
export async function robotLanguagesOf(db: DbOrTx, appId: number, robotId: string): Promise<string[] | undefined> {
  const [robot] = await db
    .select({ robotId: robots.robotId })
    .from(robots)
    .where(and(eq(robots.appId, appId), eq(robots.robotId, robotId)));
  if (!robot) return undefined;
  const rows = await db
    .select({ tag: robotLanguages.languageTag })
    .from(robotLanguages)
    .where(and(eq(robotLanguages.appId, appId), eq(robotLanguages.robotId, robotId)));
  return rows.map((r) => r.tag);
}
