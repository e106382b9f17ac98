import { z } from 'zod';
import {
  ASSIGNMENT_STRATEGIES,
  multilingualName,
  PROMPTS,
  TENCENT_NAMES,
  WORK_TIME_MODES,
  type Account,
  type AccountPatch,
  type NewAccount,
  type Multilingual,
  type WorkTime,
} from '../../accounts/index.ts';
import { intField } from './body.ts';
import { command, type CommandTable } from './command.ts';

// Spec 05 §2: add_im_agent, delete_im_agent, update_im_agent, get_im_agent_list.
// Tencent field names in, the typed account config to the service, Tencent field names out.

/** desk_http_svc reports every parameter problem, unknown id included, as 141004 and keeps its own 141xxx codes. */
export const deskErrorCode = (code: number) => (code >= 141_000 && code < 142_000 ? code : 141_004);

const int = intField();
const code = (max: number, meaning: string) => int.refine((v) => v >= 0 && v <= max, `must be ${meaning}`);
const chatbotDisabled = code(1, '0 (robot enabled) or 1 (robot disabled)').transform((v) => v === 1);
const strategy = code(2, '0 (automatic), 1 (user chooses a group) or 2 (assigned by the business server)').transform((v) => ASSIGNMENT_STRATEGIES[v]);
const languageMap = z.record(z.string(), z.string());

/** Type 2 (statutory workdays) and TimeZone are Parley extensions; the zone is checked by the service. */
const workTimeConfig = (typeRequired: boolean) => {
  const type = code(2, '0 (working hours off), 1 (weekly plan) or 2 (weekly plan on statutory workdays only)').transform((v) => WORK_TIME_MODES[v]);
  return z.object({
    Type: typeRequired ? type : type.optional(),
    TimeZone: z.string().optional(),
    Periods: z
      .array(
        z.object({
          Day: z.string(),
          PeriodsWithinOneDay: z.array(z.object({ Start: z.string(), End: z.string() })).optional(),
        }),
      )
      .optional(),
  });
};

/** Required by add_im_agent, optional in update_im_agent. */
const requiredOnAdd = {
  IMAgentNick: z.string(),
  IMAgentAvatarUrl: z.string(),
  WelcomeMessage: z.string(),
  ChatbotDisabled: chatbotDisabled,
  AgentGroupId: int,
  TransferToHumanPrompt: z.string(),
  TransferToHumanSuccessPrompt: z.string(),
  TransferToHumanFailPrompt: z.string(),
  QueueingPrompt: z.string(),
  UserTimeout: int,
  EndPrompt: z.string(),
  TimeoutEndPrompt: z.string(),
  NotWorkTimePrompt: z.string(),
};

const optional = {
  AssignmentStrategy: strategy.optional(),
  ChooseSkillGroupPrompt: z.string().optional(),
  DisplayGroupsChoices: z.array(int).optional(),
  AssignedByWebhookURL: z.string().optional(),
  RobotId: z.string().optional(),
  ...Object.fromEntries(PROMPTS.map((p) => [multilingualName(p), languageMap.optional()])),
};

const addSchema = z.object({ IMAgentUserID: z.string().optional(), ...requiredOnAdd, WorkTimeConfig: workTimeConfig(true), ...optional });
const updateSchema = z.object({
  IMAgentUserID: z.string(),
  ...z.object(requiredOnAdd).partial().shape,
  WorkTimeConfig: workTimeConfig(false).optional(),
  ...optional,
});
const idSchema = z.object({ IMAgentUserID: z.string() });

type WireAccount = z.infer<typeof updateSchema> & Record<string, unknown>;

/** The fields taken as they are (strings and integers), by Parley name. */
const PLAIN = ['nick', 'avatarUrl', 'agentGroupId', 'userTimeout', 'displayGroupsChoices', 'assignedByWebhookUrl', 'robotId', ...PROMPTS] as const;

function patchIn(input: WireAccount): AccountPatch {
  const patch: Record<string, unknown> = {
    chatbotDisabled: input.ChatbotDisabled,
    assignmentStrategy: input.AssignmentStrategy,
    workTime: input.WorkTimeConfig && workTimeIn(input.WorkTimeConfig),
    multilingual: multilingualIn(input),
  };
  for (const key of PLAIN) patch[key] = input[TENCENT_NAMES[key]];
  return patch as AccountPatch;
}

function workTimeIn(wire: z.infer<ReturnType<typeof workTimeConfig>>): Partial<WorkTime> {
  return {
    mode: wire.Type,
    timeZone: wire.TimeZone,
    periods: wire.Periods?.map((p) => ({
      day: p.Day as WorkTime['periods'][number]['day'], // checked by the service
      ranges: (p.PeriodsWithinOneDay ?? []).map((r) => ({ start: r.Start, end: r.End })),
    })),
  };
}

function multilingualIn(input: Record<string, unknown>): Multilingual {
  return Object.fromEntries(PROMPTS.filter((p) => input[multilingualName(p)] !== undefined).map((p) => [p, input[multilingualName(p)]]));
}

/** In the order of the spec's list sample, with both spellings of the id (spec 05 §9.3). */
function accountOut(a: Account) {
  return {
    IMAgentUserID: a.accountId,
    IMAgentUserId: a.accountId,
    IMAgentNick: a.nick,
    IMAgentAvatarUrl: a.avatarUrl,
    WelcomeMessage: a.welcomeMessage,
    ChatbotDisabled: a.chatbotDisabled ? 1 : 0,
    AgentGroupId: a.agentGroupId,
    TransferToHumanPrompt: a.transferToHumanPrompt,
    TransferToHumanSuccessPrompt: a.transferToHumanSuccessPrompt,
    TransferToHumanFailPrompt: a.transferToHumanFailPrompt,
    QueueingPrompt: a.queueingPrompt,
    UserTimeout: a.userTimeout,
    EndPrompt: a.endPrompt,
    TimeoutEndPrompt: a.timeoutEndPrompt,
    WorkTimeConfig: workTimeOut(a.workTime),
    NotWorkTimePrompt: a.notWorkTimePrompt,
    AssignmentStrategy: ASSIGNMENT_STRATEGIES.indexOf(a.assignmentStrategy),
    ChooseSkillGroupPrompt: a.chooseSkillGroupPrompt,
    DisplayGroupsChoices: a.displayGroupsChoices,
    AssignedByWebhookURL: a.assignedByWebhookUrl,
    ...Object.fromEntries(PROMPTS.map((p) => [multilingualName(p), a.multilingual[p] ?? {}])),
    IsDefault: a.isDefault ? 1 : 0,
    RobotId: a.robotId,
  };
}

/** Without periods as in the spec's list sample (`{ "Type": 0 }`), plus the zone the ranges are in. */
function workTimeOut(w: WorkTime) {
  const head = { Type: WORK_TIME_MODES.indexOf(w.mode), TimeZone: w.timeZone };
  if (!w.periods.length) return head;
  return {
    ...head,
    Periods: w.periods.map((p) => ({ Day: p.day, PeriodsWithinOneDay: p.ranges.map((r) => ({ Start: r.start, End: r.end })) })),
  };
}

export const accountCommands: CommandTable[string] = {
  add_im_agent: command({
    schema: addSchema,
    rateLimited: false,
    errorCode: deskErrorCode,
    handle: async (ctx, input) => {
      // The add schema made every required field present.
      const account = { ...patchIn(input as WireAccount), accountId: input.IMAgentUserID } as NewAccount;
      return { IMAgentUserID: await ctx.services.accounts.create(ctx.app, account) };
    },
  }),
  update_im_agent: command({
    schema: updateSchema,
    rateLimited: false,
    errorCode: deskErrorCode,
    handle: async (ctx, input) => {
      const account = await ctx.services.accounts.update(ctx.app.sdkAppId, input.IMAgentUserID, patchIn(input as WireAccount));
      return { IMAgentUserID: account.accountId }; // spec 05 §9.6: the sample returns it
    },
  }),
  delete_im_agent: command({
    schema: idSchema,
    rateLimited: false,
    errorCode: deskErrorCode,
    handle: async (ctx, input) => ctx.services.accounts.delete(ctx.app.sdkAppId, input.IMAgentUserID),
  }),
  get_im_agent_list: command({
    schema: z.object({}),
    rateLimited: false,
    errorCode: deskErrorCode,
    handle: async (ctx) => ({ Data: (await ctx.services.accounts.list(ctx.app.sdkAppId)).map(accountOut) }),
  }),
};
