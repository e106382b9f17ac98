export { AccountService, isServiceAccount, type Account, type NewAccount } from './account-service.ts';
export type { AccountConfig, AccountPatch, AssignmentStrategy, Multilingual, WorkTime, WorkTimeMode, Weekday } from './config.ts';
export { DEFAULT_ACCOUNT_ID } from './defaults.ts';

export { ASSIGNMENT_STRATEGIES, PROMPTS, TENCENT_NAMES, WEEKDAYS, WORK_TIME_MODES, multilingualName, type TimeRange } from './config.ts';
