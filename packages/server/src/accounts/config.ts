/**
 * A customer-service account's configuration (spec 05 §2.0), in Parley's own terms. The REST
 * gateway translates the Tencent field names; later features (conversations, routing) read this.
 */

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `HH:MM`, 24-hour; a range is half-open [start, end), so 12:00–14:00 follows 09:00–12:00. */
export interface TimeRange {
  start: string;
  end: string;
}

/**
 * Tencent `WorkTimeConfig.Type` 0, 1 and Parley's 2: no check, the weekly plan, or the weekly plan
 * on statutory workdays only (the app's holiday calendar decides which dates those are).
 */
export const WORK_TIME_MODES = ['off', 'weekly', 'statutory'] as const;
export type WorkTimeMode = (typeof WORK_TIME_MODES)[number];

export interface WorkTime {
  mode: WorkTimeMode;
  /** IANA zone the ranges are wall-clock times in (Parley's `WorkTimeConfig.TimeZone`). */
  timeZone: string;
  periods: Array<{ day: Weekday; ranges: TimeRange[] }>;
}

/** Tencent `AssignmentStrategy` 0, 1, 2. */
export const ASSIGNMENT_STRATEGIES = ['auto', 'choose-group', 'webhook'] as const;
export type AssignmentStrategy = (typeof ASSIGNMENT_STRATEGIES)[number];

/** The prompts the system sends; each may have per-language texts (`<Name>Multilingual`). */
export const PROMPTS = [
  'welcomeMessage',
  'transferToHumanPrompt',
  'transferToHumanSuccessPrompt',
  'transferToHumanFailPrompt',
  'queueingPrompt',
  'endPrompt',
  'timeoutEndPrompt',
  'notWorkTimePrompt',
  'chooseSkillGroupPrompt',
] as const;
export type Prompt = (typeof PROMPTS)[number];

/** Prompt → language tag → text. Only languages added to the bound robot may appear. */
export type Multilingual = Partial<Record<Prompt, Record<string, string>>>;

export interface AccountConfig extends Record<Prompt, string> {
  nick: string;
  avatarUrl: string;
  chatbotDisabled: boolean;
  agentGroupId: number;
  /** Seconds without a user reply, after transfer to human, before the session ends. */
  userTimeout: number;
  workTime: WorkTime;
  assignmentStrategy: AssignmentStrategy;
  /** Groups offered when the strategy is `choose-group`. */
  displayGroupsChoices: number[];
  /** Business-server assignment callback when the strategy is `webhook`. */
  assignedByWebhookUrl: string;
  robotId: string;
  multilingual: Multilingual;
}

/** A change: omitted fields stay; `workTime` members and each prompt's language map are replaced individually. */
export type AccountPatch = Partial<Omit<AccountConfig, 'workTime' | 'multilingual'>> & {
  workTime?: Partial<WorkTime>;
  multilingual?: Multilingual;
};

/** Tencent's name of each field: messages name fields as clients spell them, and the REST gateway translates with it. */
export const TENCENT_NAMES: Record<keyof AccountConfig, string> = {
  nick: 'IMAgentNick',
  avatarUrl: 'IMAgentAvatarUrl',
  welcomeMessage: 'WelcomeMessage',
  chatbotDisabled: 'ChatbotDisabled',
  agentGroupId: 'AgentGroupId',
  transferToHumanPrompt: 'TransferToHumanPrompt',
  transferToHumanSuccessPrompt: 'TransferToHumanSuccessPrompt',
  transferToHumanFailPrompt: 'TransferToHumanFailPrompt',
  queueingPrompt: 'QueueingPrompt',
  userTimeout: 'UserTimeout',
  endPrompt: 'EndPrompt',
  timeoutEndPrompt: 'TimeoutEndPrompt',
  workTime: 'WorkTimeConfig',
  notWorkTimePrompt: 'NotWorkTimePrompt',
  assignmentStrategy: 'AssignmentStrategy',
  chooseSkillGroupPrompt: 'ChooseSkillGroupPrompt',
  displayGroupsChoices: 'DisplayGroupsChoices',
  assignedByWebhookUrl: 'AssignedByWebhookURL',
  robotId: 'RobotId',
  multilingual: 'Multilingual',
};

/** `WelcomeMessageMultilingual` and the like. */
export const multilingualName = (prompt: Prompt) => `${TENCENT_NAMES[prompt]}Multilingual`;
