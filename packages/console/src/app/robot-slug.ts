// Robot pages are addressed by a slug: `default` for the default robot (its id holds '#'), else the id.
import type { Robot } from '../api/types';

const KEY = 'parley.console.robot';

export const slugOf = (robot: Robot) => (robot.isDefault ? 'default' : robot.robotId);

export function findRobot(robots: Robot[], slug: string): Robot | undefined {
  return slug === 'default' ? robots.find((r) => r.isDefault) : robots.find((r) => r.robotId === slug);
}

/** The robot the admin worked on last, so the menu's robot pages open it again. */
export function lastRobotSlug(): string {
  try {
    return localStorage.getItem(KEY) || 'default';
  } catch {
    return 'default';
  }
}

export function rememberRobot(slug: string): void {
  try {
    localStorage.setItem(KEY, slug);
  } catch {
    // not remembered: the menu falls back to the default robot
  }
}

export const robotPath = (slug: string, page: string) => `/robots/${encodeURIComponent(slug)}/${page}`;
