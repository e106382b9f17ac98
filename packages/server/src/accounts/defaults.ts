import { DEFAULT_ROBOT_ID } from '../knowledge/index.ts';
import type { AccountConfig, Prompt } from './config.ts';

/** The account every app gets on creation (spec 05 §2.2: it may not be deleted). */
export const DEFAULT_ACCOUNT_ID = '@customer_service_account';

/** The console's observed default zone (spec 01 §8.6). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Field limits; they protect the system (the spec states none). */
export const ACCOUNT_LIMITS = {
  accountId: 32,
  nick: 50,
  prompt: 1000,
  url: 500,
  userTimeoutMax: 86_400,
  rangesPerDay: 5,
  displayGroups: 100,
} as const;

/** Tencent's private code for "too many customer-service accounts"; the REST gateway keeps it as is. */
export const ACCOUNT_QUOTA_CODE = 141007;

/** Texts of the spec's samples (05 §2.1, §2.4), so a new app behaves sensibly before anyone configures it. */
const PROMPT_DEFAULTS: Record<Prompt, string> = {
  welcomeMessage: '您好，请问有什么可以帮助您的？',
  transferToHumanPrompt: '正在为您转接，请稍候',
  transferToHumanSuccessPrompt: '转接人工成功，客服${StaffNickName}为您服务',
  transferToHumanFailPrompt: '抱歉，当前无客服在线，请稍后再试',
  queueingPrompt: '您的问题我们已经收到。当前咨询人数较多，您目前排在第${QueuePosition}位，前面还有${WaitNo}人，感谢您的耐心等待',
  endPrompt: '本次服务已结束，感谢您的支持',
  timeoutEndPrompt: '由于您长时间未回复，本次服务已自动结束，感谢您的支持',
  notWorkTimePrompt: '当前无客服在线，请您于工作时间咨询',
  chooseSkillGroupPrompt: '请选择您想咨询的客服分组',
};

/** The default account's configuration; also what add_im_agent's optional fields default to. */
export function defaultAccountConfig(): AccountConfig {
  return {
    ...PROMPT_DEFAULTS,
    nick: '在线客服',
    avatarUrl: '',
    chatbotDisabled: false,
    // 0: no particular group; any agent may serve.
    agentGroupId: 0,
    userTimeout: 600,
    workTime: { mode: 'off', timeZone: DEFAULT_TIME_ZONE, periods: [] },
    assignmentStrategy: 'auto',
    displayGroupsChoices: [],
    assignedByWebhookUrl: '',
    robotId: DEFAULT_ROBOT_ID,
    multilingual: {},
  };
}
