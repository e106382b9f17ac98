import type { RobotService } from '../knowledge/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { SatisfactionService, type AppLanguages } from './satisfaction-service.ts';

export { SatisfactionService } from './satisfaction-service.ts';
export { SATISFACTION_LIMITS, SATISFACTION_RULES, type SatisfactionContentPatch, type SatisfactionPatch, type SatisfactionRule } from './settings-patch.ts';

/**
 * A language counts as added to the app when any of its robots has it (robot_add_language takes a
 * RobotId, and sessions take the language of the robot their account binds).
 */
export function robotLanguagesOf(robots: Pick<RobotService, 'listRobots' | 'listLanguages'>): AppLanguages {
  return async (appId) => {
    const perRobot = await Promise.all((await robots.listRobots(appId)).map((r) => robots.listLanguages({ appId, robotId: r.robotId }).catch(ignoreDeletedRobot)));
    return [...new Set(perRobot.flat())].filter((tag) => tag !== '');
  };
}

/** A robot deleted between the two reads has no languages; any other failure is real. */
const ignoreDeletedRobot = (error: unknown): string[] => {
  if (error instanceof AppError) return [];
  throw error;
};

export function createSatisfaction(db: Db, clock: Clock, robots: Pick<RobotService, 'listRobots' | 'listLanguages'>): SatisfactionService {
  return new SatisfactionService(db, clock, robotLanguagesOf(robots));
}

export { RatingSender } from './rating-sender.ts';
export { menuSendRuleFlag, starsOf, type SatisfactionContent, type SatisfactionSettings, type SatisfactionSettingsSource } from './settings.ts';
