import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestClient, startTestServer, type RestClient, type TestServer } from '../harness.ts';
import { expectFail, expectOk } from '../tencent-rest/helpers.ts';
import { content, desk, E27_SAMPLE, getSettings } from './helpers.ts';

// Spec 04 E26 get_satisfaction_settings and E27 update_satisfaction_settings (gap notes S1-S5).

describe('satisfaction settings over REST (E26, E27)', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  const fresh = () => createRestClient(test);
  const update = (client: RestClient, body: unknown) => desk(client, 'update_satisfaction_settings', body);

  it('E26 on a new app: the defaults, inside Data (S1), in wire names', async () => {
    const client = await fresh();
    expect(await getSettings(client)).toEqual({
      SatisfactionEnabled: 1,
      InvitationMethod: 3,
      SatisfactionContent: {
        RatingInvitationMessage: '感谢您使用我们的服务，请对此次服务进行评价。',
        SubmissionMessage: '感谢您对此次服务作出评价，祝您生活愉快，再见。',
        OneStarContent: '非常不满意',
        TwoStarContent: '不满意',
        ThreeStarContent: '一般',
        FourStarContent: '满意',
        FiveStarContent: '非常满意',
        SubmissionValidityPeriod: 12,
      },
      SatisfactionContentMultilingual: { en: content() },
    });
  });

  it('E27 sample: answers with the bare envelope; E26 then returns exactly what was sent', async () => {
    const client = await fresh();
    const res = await update(client, E27_SAMPLE);
    expectOk(res);
    expect(Object.keys(res).sort()).toEqual(['ActionStatus', 'ErrorCode', 'ErrorInfo']);
    expect(await getSettings(client)).toEqual(E27_SAMPLE);
  });

  it('omitted fields stay; the switch and the method change alone', async () => {
    const client = await fresh();
    expectOk(await update(client, E27_SAMPLE));
    expectOk(await update(client, { SatisfactionEnabled: 0 }));
    expect(await getSettings(client)).toEqual({ ...E27_SAMPLE, SatisfactionEnabled: 0 });
    expectOk(await update(client, { InvitationMethod: 2 }));
    expect(await getSettings(client)).toEqual({ ...E27_SAMPLE, SatisfactionEnabled: 0, InvitationMethod: 2 });
    expectOk(await update(client, {}));
    expect(await getSettings(client)).toEqual({ ...E27_SAMPLE, SatisfactionEnabled: 0, InvitationMethod: 2 });
  });

  it('S4: SatisfactionContent without RatingInvitationMessage keeps the stored invitation', async () => {
    const client = await fresh();
    const before = await getSettings(client);
    const next = content({ RatingInvitationMessage: undefined, SubmissionMessage: '谢谢！', FiveStarContent: '棒', SubmissionValidityPeriod: 24 });
    expectOk(await update(client, { SatisfactionContent: next }));
    const after = await getSettings(client);
    expect(after.SatisfactionContent).toEqual({ ...next, RatingInvitationMessage: before.SatisfactionContent.RatingInvitationMessage });
    expect(after.SatisfactionContentMultilingual).toEqual(before.SatisfactionContentMultilingual);
  });

  it('S5: each given language is replaced whole, the others kept; null removes one', async () => {
    const client = await fresh();
    expectOk(await update(client, E27_SAMPLE));
    const en = content({ RatingInvitationMessage: undefined, OneStarContent: 'Awful', SubmissionValidityPeriod: 48 });
    expectOk(await update(client, { SatisfactionContentMultilingual: { en } }));
    const merged = await getSettings(client);
    expect(merged.SatisfactionContentMultilingual).toEqual({
      // The omitted invitation is the language's stored one, not the default content's.
      en: { ...en, RatingInvitationMessage: 'Please rate our service! ' },
      zh: E27_SAMPLE.SatisfactionContentMultilingual.zh,
    });
    expect(merged.SatisfactionContent).toEqual(E27_SAMPLE.SatisfactionContent);

    expectOk(await update(client, { SatisfactionContentMultilingual: { zh: null } }));
    expect(Object.keys((await getSettings(client)).SatisfactionContentMultilingual)).toEqual(['en']);
  });

  it('languages: zh and en always; others once added to a robot of the app (any robot)', async () => {
    const client = await fresh();
    const ja = content({ RatingInvitationMessage: '評価をお願いします', OneStarContent: '非常に不満' });
    const refused = await update(client, { SatisfactionContentMultilingual: { ja } });
    expectFail(refused, 141004);
    expect(refused.ErrorInfo).toContain('language "ja" has not been added');
    expect(refused.ErrorInfo).toContain('robot_add_language');
    expect((await getSettings(client)).SatisfactionContentMultilingual).not.toHaveProperty('ja');

    expectOk(await client.call('robot_add_language', { LanguageTag: 'ja' }));
    expectOk(await update(client, { SatisfactionContentMultilingual: { ja } }));
    expect((await getSettings(client)).SatisfactionContentMultilingual.ja).toEqual(ja);

    const robot = await client.call('desk_add_robot', { RobotNickName: 'Second' });
    expectOk(robot);
    expectOk(await client.call('robot_add_language', { LanguageTag: 'vi', RobotId: robot.RobotId }));
    expectOk(await update(client, { SatisfactionContentMultilingual: { vi: content() } }));
    expect(Object.keys((await getSettings(client)).SatisfactionContentMultilingual).sort()).toEqual(['en', 'ja', 'vi']);
  });

  it('a new language needs its invitation; a language that has one may omit it', async () => {
    const client = await fresh();
    expectOk(await client.call('robot_add_language', { LanguageTag: 'id' }));
    const before = await getSettings(client);
    const refused = await update(client, { SatisfactionContentMultilingual: { id: content({ RatingInvitationMessage: undefined }) } });
    expectFail(refused, 141004);
    expect(refused.ErrorInfo).toContain('multilingual.id.invitation (RatingInvitationMessage) is required');
    expect(await getSettings(client)).toEqual(before);
  });

  const LONG_LABEL = 'x'.repeat(51);
  const LONG_MESSAGE = '好'.repeat(501);
  it.each([
    ['SatisfactionEnabled 2', { SatisfactionEnabled: 2 }, 'SatisfactionEnabled'],
    ['SatisfactionEnabled "1"', { SatisfactionEnabled: '1' }, 'SatisfactionEnabled'],
    ['InvitationMethod 0', { InvitationMethod: 0 }, 'InvitationMethod: must be 1'],
    ['InvitationMethod 4', { InvitationMethod: 4 }, 'InvitationMethod: must be 1'],
    ['InvitationMethod 1.5', { InvitationMethod: 1.5 }, 'InvitationMethod'],
    ['SatisfactionContent a string', { SatisfactionContent: 'text' }, 'SatisfactionContent must be an object'],
    ['no SubmissionMessage', { SatisfactionContent: content({ SubmissionMessage: undefined }) }, 'SatisfactionContent.SubmissionMessage is required'],
    ['no FiveStarContent', { SatisfactionContent: content({ FiveStarContent: undefined }) }, 'SatisfactionContent.FiveStarContent is required'],
    ['no SubmissionValidityPeriod', { SatisfactionContent: content({ SubmissionValidityPeriod: undefined }) }, 'SatisfactionContent.SubmissionValidityPeriod is required'],
    ['an empty label', { SatisfactionContent: content({ TwoStarContent: '  ' }) }, 'SatisfactionContent.TwoStarContent: must not be empty'],
    ['a 51-character label', { SatisfactionContent: content({ ThreeStarContent: LONG_LABEL }) }, 'SatisfactionContent.ThreeStarContent: is at most 50 characters'],
    ['a 501-character message', { SatisfactionContent: content({ SubmissionMessage: LONG_MESSAGE }) }, 'SatisfactionContent.SubmissionMessage: is at most 500 characters'],
    ['a 501-character invitation', { SatisfactionContent: content({ RatingInvitationMessage: LONG_MESSAGE }) }, 'RatingInvitationMessage: is at most 500'],
    ['validity 0 hours', { SatisfactionContent: content({ SubmissionValidityPeriod: 0 }) }, 'SubmissionValidityPeriod: must be from 1 to 720 (hours)'],
    ['validity 721 hours', { SatisfactionContent: content({ SubmissionValidityPeriod: 721 }) }, 'SubmissionValidityPeriod: must be from 1 to 720 (hours)'],
    ['validity 1.5 hours', { SatisfactionContent: content({ SubmissionValidityPeriod: 1.5 }) }, 'SubmissionValidityPeriod'],
    ['multilingual an array', { SatisfactionContentMultilingual: [content()] }, 'SatisfactionContentMultilingual'],
    ['a "" language key', { SatisfactionContentMultilingual: { '': content() } }, 'language tag'],
    ['a malformed language key', { SatisfactionContentMultilingual: { 'en_US!': content() } }, 'language tag'],
    ['an unknown language', { SatisfactionContentMultilingual: { fil: content() } }, 'language "fil" has not been added'],
    ['a language missing a label', { SatisfactionContentMultilingual: { en: content({ OneStarContent: undefined }) } }, 'SatisfactionContentMultilingual.en.OneStarContent is required'],
    ['a good content with one bad language', { SatisfactionContent: content(), SatisfactionContentMultilingual: { zh: content({ SubmissionValidityPeriod: -1 }) } }, 'zh.SubmissionValidityPeriod'],
  ])('refuses %s with 141004 and changes nothing', async (_label, body, message) => {
    const client = await fresh();
    expectOk(await update(client, E27_SAMPLE));
    const before = await getSettings(client);
    const res = await update(client, body);
    expectFail(res, 141004);
    expect(res.ErrorInfo).toContain(message);
    expect(await getSettings(client)).toEqual(before);
  });

  it('refuses a body that is not JSON with 141004', async () => {
    const client = await fresh();
    const res = await client.call('update_satisfaction_settings', undefined, { service: 'desk_http_svc', raw: '{"SatisfactionEnabled": ' });
    expectFail(res, 141004);
    expect(res.ErrorInfo).toContain('not valid JSON');
  });

  it('keys are case-insensitive, nested ones too; lengths count characters, not UTF-16 units', async () => {
    const client = await fresh();
    const fifty = '😀'.repeat(50);
    const res = await update(client, {
      satisfactionenabled: 0,
      INVITATIONMETHOD: 1,
      satisfactionContent: { submissionmessage: 'ok', onestarcontent: fifty, TWOSTARCONTENT: '2', threeStarContent: '3', fourstarcontent: '4', FiveStarContent: '5', submissionvalidityperiod: 1 },
      satisfactioncontentmultilingual: {
        en: {
          ratinginvitationmessage: 'Rate us',
          submissionMessage: 'Thanks',
          oneStarContent: '1',
          twoStarContent: '2',
          threeStarContent: '3',
          fourStarContent: '4',
          fiveStarContent: '5',
          SUBMISSIONVALIDITYPERIOD: 720,
        },
      },
    });
    expectOk(res);
    const after = await getSettings(client);
    expect(after).toMatchObject({ SatisfactionEnabled: 0, InvitationMethod: 1 });
    expect(after.SatisfactionContent).toMatchObject({ SubmissionMessage: 'ok', OneStarContent: fifty, SubmissionValidityPeriod: 1 });
    expect(after.SatisfactionContentMultilingual.en).toMatchObject({ RatingInvitationMessage: 'Rate us', SubmissionValidityPeriod: 720 });
  });

  it("keeps apps apart: one app's update leaves another at the defaults", async () => {
    const first = await fresh();
    const second = await fresh();
    const defaults = await getSettings(second);
    expectOk(await update(first, { ...E27_SAMPLE, SatisfactionEnabled: 0 }));
    expect(await getSettings(second)).toEqual(defaults);
    expect((await getSettings(first)).SatisfactionEnabled).toBe(0);
  });

  it('needs the app administrator', async () => {
    const client = await fresh();
    const res = await client.call('update_satisfaction_settings', { SatisfactionEnabled: 0 }, { service: 'desk_http_svc', identifier: 'someone_else' });
    expectFail(res, -20);
    expect((await getSettings(client)).SatisfactionEnabled).toBe(1);
  });
});
