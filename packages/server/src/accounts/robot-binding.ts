import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db.ts';
import { invalid } from '../platform/errors.ts';
import { robotLanguages, robots } from '../knowledge/schema.ts';

/**
 * The languages of the robot an account binds, scoped by app so another app's robot is refused.
 * Reads through the caller's transaction (the knowledge services read outside it).
 */
export async function boundRobotLanguages(tx: DbOrTx, appId: number, robotId: string): Promise<string[]> {
  const [robot] = await tx.select({ robotId: robots.robotId }).from(robots).where(and(eq(robots.appId, appId), eq(robots.robotId, robotId)));
  if (!robot) throw invalid(`RobotId: robot ${robotId} does not exist in this app; create it with desk_add_robot first`);
  const rows = await tx
    .select({ tag: robotLanguages.languageTag })
    .from(robotLanguages)
    .where(and(eq(robotLanguages.appId, appId), eq(robotLanguages.robotId, robotId)));
  return rows.map((r) => r.tag);
}
