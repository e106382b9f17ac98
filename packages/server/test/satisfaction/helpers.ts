import { expect } from 'vitest';
import type { RestClient } from '../harness.ts';
import { expectOk, type Envelope } from '../tencent-rest/helpers.ts';

/** Calls a desk_http_svc command. */
export const desk = (client: RestClient, command: string, body: unknown = {}) => client.call(command, body, { service: 'desk_http_svc' });

/** E26: the `Data` object, asserting success. */
export async function getSettings(client: RestClient): Promise<Envelope> {
  const res = await desk(client, 'get_satisfaction_settings');
  expectOk(res);
  expect(Object.keys(res).sort()).toEqual(['ActionStatus', 'Data', 'ErrorCode', 'ErrorInfo']);
  return res.Data;
}

/** A content object in wire names; `overrides` replace fields, `undefined` drops one. */
export function content(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    RatingInvitationMessage: 'Please rate our service!',
    SubmissionMessage: 'Thank you for your feedback!',
    OneStarContent: 'Very dissatisfied',
    TwoStarContent: 'Dissatisfied',
    ThreeStarContent: 'Neutral',
    FourStarContent: 'Satisfied',
    FiveStarContent: 'Very satisfied',
    SubmissionValidityPeriod: 12,
  };
  const merged = { ...base, ...overrides };
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined));
}

/** Spec 04 E27 sample request, verbatim (trailing spaces included, S7). */
export const E27_SAMPLE = {
  SatisfactionEnabled: 1,
  InvitationMethod: 3,
  SatisfactionContent: {
    RatingInvitationMessage: '感谢您使用我们的服务，请对此次服务进行评价。',
    SubmissionMessage: '感谢您对此次服务作出评价，祝您生活愉快，再见。',
    OneStarContent: '非常不满意。',
    TwoStarContent: '不满意。',
    ThreeStarContent: '一般。',
    FourStarContent: '满意。',
    FiveStarContent: '非常满意。',
    SubmissionValidityPeriod: 12,
  },
  SatisfactionContentMultilingual: {
    en: {
      RatingInvitationMessage: 'Please rate our service! ',
      SubmissionMessage: 'Thank you for your feedback! ',
      OneStarContent: 'Very dissatisfied',
      TwoStarContent: 'Dissatisfied',
      ThreeStarContent: 'Neutral',
      FourStarContent: 'Satisfied',
      FiveStarContent: 'Very satisfied',
      SubmissionValidityPeriod: 12,
    },
    zh: {
      RatingInvitationMessage: '请您对我们的服务进行评价! ',
      SubmissionMessage: '感谢您的评价! ',
      OneStarContent: '非常不满意',
      TwoStarContent: '不满意',
      ThreeStarContent: '一般',
      FourStarContent: '满意',
      FiveStarContent: '非常满意',
      SubmissionValidityPeriod: 12,
    },
  },
};
