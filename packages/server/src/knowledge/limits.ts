// Field limits of the knowledge base live in @parley/protocol (the /api contract declares them too).
export { KB_LIMITS, SUPPORTED_LANGUAGES } from '@parley/protocol';

export const DEFAULT_ROBOT_ID = '@RBT#DeskDefaultRobot';
