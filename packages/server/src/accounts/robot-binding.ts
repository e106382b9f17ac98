import type { DbOrTx } from '../platform/db.ts';
import { invalid } from '../platform/errors.ts';
import { robotLanguagesOf } from '../knowledge/index.ts';

/**
 * The languages of the robot an account binds, scoped by app so another app's robot is refused.
 * Reads through the caller's transaction (the knowledge services read outside it).
 */
export async function boundRobotLanguages(tx: DbOrTx, appId: number, robotId: string): Promise<string[]> {
  const languages = await robotLanguagesOf(tx, appId, robotId);
  if (!languages) throw invalid(`RobotId: robot ${robotId} does not exist in this app; create it with desk_add_robot first`);
  return languages;
}
