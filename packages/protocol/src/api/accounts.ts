import { z } from 'zod';
import { expectedRevision, pageNumber, pageSizeOf } from './common.ts';

export { ok } from './common.ts';

// Customer-service accounts (/api/accounts, spec 05 §2.0) in Parley's own field names. The schemas check
// shapes only; the server's AccountService checks values as it does for add_im_agent / update_im_agent
// (lengths, zones, ranges, the bound robot's languages).

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
/** No check, the weekly plan, or the weekly plan on statutory workdays only. */
export const WORK_TIME_MODES = ['off', 'weekly', 'statutory'] as const;
/** Tencent `AssignmentStrategy` 0, 1, 2: automatic, the user chooses one of `displayGroupsChoices`, a webhook decides. */
export const ASSIGNMENT_STRATEGIES = ['auto', 'choose-group', 'webhook'] as const;
/** The prompts the system sends; each may have per-language texts in `multilingual`. */
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

const range = z.strictObject({ start: z.string(), end: z.string() });
export const workTimeInput = z.strictObject({
  mode: z.enum(WORK_TIME_MODES).optional(),
  timeZone: z.string().optional(),
  periods: z.array(z.strictObject({ day: z.enum(WEEKDAYS), ranges: z.array(range) })).optional(),
});
const prompts = Object.fromEntries(PROMPTS.map((p) => [p, z.string().optional()])) as Record<(typeof PROMPTS)[number], z.ZodOptional<z.ZodString>>;
const languageMap = z.record(z.string().max(20), z.string());
const accountFields = {
  nick: z.string().optional(),
  avatarUrl: z.string().optional(),
  chatbotDisabled: z.boolean().optional(),
  agentGroupId: z.number().int().optional(),
  userTimeout: z.number().int().optional(),
  workTime: workTimeInput.optional(),
  assignmentStrategy: z.enum(ASSIGNMENT_STRATEGIES).optional(),
  /** Group ids offered to the user when the strategy is `choose-group` (at least one then). */
  displayGroupsChoices: z.array(z.number().int()).optional(),
  assignedByWebhookUrl: z.string().optional(),
  robotId: z.string().optional(),
  /** Prompt → language → text; a prompt's map replaces its languages. */
  multilingual: z.partialRecord(z.enum(PROMPTS), languageMap).optional(),
  ...prompts,
};
/** Fields left out take the default account's values (as add_im_agent's optional fields do). */
export const addAccountBody = z.strictObject({ accountId: z.string().optional(), ...accountFields, nick: z.string() });
export const accountPatchBody = z.strictObject({ ...accountFields, expectedRevision });

export const account = z.object({
  accountId: z.string(),
  isDefault: z.boolean(),
  nick: z.string(),
  avatarUrl: z.string(),
  chatbotDisabled: z.boolean(),
  agentGroupId: z.number(),
  userTimeout: z.number(),
  workTime: z.object({ mode: z.enum(WORK_TIME_MODES), timeZone: z.string(), periods: z.array(z.object({ day: z.string(), ranges: z.array(z.object({ start: z.string(), end: z.string() })) })) }),
  assignmentStrategy: z.enum(ASSIGNMENT_STRATEGIES),
  displayGroupsChoices: z.array(z.number()),
  assignedByWebhookUrl: z.string(),
  robotId: z.string(),
  multilingual: z.record(z.string(), z.record(z.string(), z.string())),
  ...(Object.fromEntries(PROMPTS.map((p) => [p, z.string()])) as Record<(typeof PROMPTS)[number], z.ZodString>),
  publicKey: z.string(),
  createdAt: z.string(),
  /** The account's revision: send it back as `expectedRevision` to refuse overwriting a newer edit. */
  updatedAt: z.string(),
});
export const accountPage = z.object({ items: z.array(account), total: z.number(), page: z.number(), pageSize: z.number() });
export const listQuery = z.object({ q: z.string().trim().max(64).optional(), page: pageNumber, pageSize: pageSizeOf(20) });
export const accountParams = z.object({ accountId: z.string().min(1).max(128) });
