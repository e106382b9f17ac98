import { expect } from 'vitest';
import type { RestClient } from '../harness.ts';
import { expectOk, type Envelope } from '../tencent-rest/helpers.ts';

/** Calls a desk_http_svc command. */
export const desk = (client: RestClient, command: string, body: unknown = {}) => client.call(command, body, { service: 'desk_http_svc' });

/** Spec 05 §2.1 sample request 1, verbatim (automatic assignment, working hours off). */
export const SAMPLE_1 = {
  IMAgentUserID: 'yourUserID',
  IMAgentNick: '衣服官方旗舰店',
  IMAgentAvatarUrl: 'your avatar',
  WelcomeMessage: '欢迎咨询衣服官方旗舰店，很高兴为您服务！',
  ChatbotDisabled: 0,
  AgentGroupId: 1234,
  TransferToHumanPrompt: '正在为您转接，请稍候',
  TransferToHumanSuccessPrompt: '转接人工成功，客服${StaffNickName}为您服务',
  TransferToHumanFailPrompt: '抱歉，当前无客服在线，请稍后再试',
  QueueingPrompt: '您的问题我们已经收到。当前咨询人数较多，您目前排在第${QueuePosition}位，前面还有${WaitNo}人，感谢您的耐心等待',
  UserTimeout: 600,
  EndPrompt: '本次服务已结束，感谢您的支持',
  TimeoutEndPrompt: '由于您长时间未回复，本次服务已自动结束，感谢您的支持',
  WorkTimeConfig: {
    Type: 0,
  },
  NotWorkTimePrompt: '当前无客服在线，请您于工作时间咨询',
  AssignmentStrategy: 0,
};

/** Spec 05 §2.1 sample request 2, verbatim (user chooses a group, working hours on). */
export const SAMPLE_2 = {
  IMAgentUserID: 'yourUserID',
  IMAgentNick: '衣服官方旗舰店',
  IMAgentAvatarUrl: 'your avatar',
  WelcomeMessage: '欢迎咨询衣服官方旗舰店，很高兴为您服务！',
  ChatbotDisabled: 0,
  AgentGroupId: 1234,
  TransferToHumanPrompt: '正在为您转接，请稍候',
  TransferToHumanSuccessPrompt: '转接人工成功，客服${StaffNickName}为您服务',
  TransferToHumanFailPrompt: '抱歉，当前无客服在线，请稍后再试',
  QueueingPrompt: '您的问题我们已经收到。当前咨询人数较多，您目前排在第${QueuePosition}位，前面还有${WaitNo}人，感谢您的耐心等待',
  UserTimeout: 600,
  EndPrompt: '本次服务已结束，感谢您的支持',
  TimeoutEndPrompt: '由于您长时间未回复, 本次服务已自动结束, 感谢您的支持',
  WorkTimeConfig: {
    Type: 1,
    Periods: [
      {
        Day: 'Monday',
        PeriodsWithinOneDay: [
          { Start: '09:00', End: '11:30' },
          { Start: '14:00', End: '18:00' },
        ],
      },
      {
        Day: 'Friday',
        PeriodsWithinOneDay: [{ Start: '09:00', End: '12:00' }],
      },
    ],
  },
  NotWorkTimePrompt: '当前无客服在线, 请您于工作时间咨询',
  AssignmentStrategy: 1,
  ChooseSkillGroupPrompt: '请选择分组',
  DisplayGroupsChoices: [1, 2, 3, 4],
};

/** Sample 1 without an id (one is generated), with overrides. */
export function account(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { IMAgentUserID: _id, ...rest } = SAMPLE_1;
  return { ...rest, ...overrides };
}

/** Creates an account and returns its id. */
export async function addAccount(client: RestClient, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await desk(client, 'add_im_agent', account(overrides));
  expectOk(res);
  return res.IMAgentUserID;
}

export async function listAccounts(client: RestClient): Promise<Envelope[]> {
  const res = await desk(client, 'get_im_agent_list');
  expectOk(res);
  expect(Array.isArray(res.Data)).toBe(true);
  return res.Data;
}

export async function getAccount(client: RestClient, id: string): Promise<Envelope | undefined> {
  return (await listAccounts(client)).find((a) => a.IMAgentUserID === id);
}
