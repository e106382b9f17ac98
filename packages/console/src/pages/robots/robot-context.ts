import { createContext, useContext } from 'react';
import type { Robot } from '../../api/types';

export interface RobotContextValue {
  robot: Robot;
  slug: string;
  robots: Robot[];
  /** The robot's languages ('' first: the default language). */
  languages: string[];
  /** Re-reads robots (status, "unpublished changes") and languages after an edit. */
  refresh(): Promise<void>;
  /** Opens the test window. */
  openTest(): void;
  /** The test window is open beside the page (which then has less width). */
  testOpen: boolean;
  /** Counts publishes made from the header, so the release list reloads. */
  publishCount: number;
}

export const RobotContext = createContext<RobotContextValue | undefined>(undefined);

export function useRobot(): RobotContextValue {
  const value = useContext(RobotContext);
  if (!value) throw new Error('useRobot outside a robot page');
  return value;
}
