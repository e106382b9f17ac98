import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestClient, startTestServer, type TestServer } from '../harness.ts';
import { expectFail, expectOk } from '../tencent-rest/helpers.ts';
import { account, addAccount, desk, getAccount, listAccounts, SAMPLE_1, SAMPLE_2 } from './helpers.ts';

// Spec 05 §2.1 add_im_agent: samples, required fields, enums, working hours, conditional fields, limits.

const REQUIRED = [
  'IMAgentNick',
  'IMAgentAvatarUrl',
  'WelcomeMessage',
  'ChatbotDisabled',
  'AgentGroupId',
  'TransferToHumanPrompt',
  'TransferToHumanSuccessPrompt',
  'TransferToHumanFailPrompt',
  'QueueingPrompt',
  'UserTimeout',
  'EndPrompt',
  'TimeoutEndPrompt',
  'WorkTimeConfig',
  'NotWorkTimePrompt',
];

describe('add_im_agent', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  const fresh = () => createRestClient(test);
  /** Expects 141004 with a message containing every fragment, and no account created. */
  async function expectRefused(body: Record<string, unknown>, ...fragments: string[]) {
    const client = await fresh();
    const res = await desk(client, 'add_im_agent', body);
    expectFail(res, 141004);
    for (const fragment of fragments) expect(res.ErrorInfo).toContain(fragment);
    expect(await listAccounts(client)).toHaveLength(1);
  }

  it('sample request 1 verbatim: OK with the given id, stored faithfully', async () => {
    const client = await fresh();
    const res = await desk(client, 'add_im_agent', SAMPLE_1);
    expectOk(res);
    expect(res.IMAgentUserID).toBe('yourUserID');
    const { IMAgentUserID: _id, ...fields } = SAMPLE_1;
    expect(await getAccount(client, 'yourUserID')).toMatchObject({
      ...fields,
      IMAgentUserId: 'yourUserID',
      WorkTimeConfig: { Type: 0 },
      ChooseSkillGroupPrompt: expect.any(String),
      DisplayGroupsChoices: [],
      AssignedByWebhookURL: '',
      RobotId: '@RBT#DeskDefaultRobot',
      IsDefault: 0,
      WelcomeMessageMultilingual: {},
    });
  });

  it('sample request 2 verbatim: working hours and group choices are returned as sent', async () => {
    const client = await fresh();
    const res = await desk(client, 'add_im_agent', SAMPLE_2);
    expectOk(res);
    expect(res.IMAgentUserID).toBe('yourUserID');
    const { IMAgentUserID: _id, ...fields } = SAMPLE_2;
    const stored = await getAccount(client, 'yourUserID');
    expect(stored).toMatchObject(fields);
    expect(stored!.WorkTimeConfig).toEqual({ ...SAMPLE_2.WorkTimeConfig, TimeZone: 'Asia/Shanghai' });
  });

  it('without IMAgentUserID an id of 32 random alphanumerics is generated, different each time', async () => {
    const client = await fresh();
    const a = await addAccount(client);
    const b = await addAccount(client);
    expect(a).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(b).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(a).not.toBe(b);
  });

  it.each(REQUIRED)('missing %s → 141004 naming the field', async (field) => {
    const body = account();
    delete body[field];
    await expectRefused(body, field);
  });

  it('WorkTimeConfig without Type → 141004 naming WorkTimeConfig.Type', async () => {
    await expectRefused(account({ WorkTimeConfig: {} }), 'WorkTimeConfig.Type');
  });

  it('wrong types → 141004 (not -7), naming the field', async () => {
    await expectRefused(account({ UserTimeout: '600' }), 'UserTimeout');
    await expectRefused(account({ AgentGroupId: 1.5 }), 'AgentGroupId');
    await expectRefused(account({ DisplayGroupsChoices: ['1'] }), 'DisplayGroupsChoices');
    await expectRefused(account({ WelcomeMessageMultilingual: 'hello' }), 'WelcomeMessageMultilingual');
  });

  it('bad JSON → 141004', async () => {
    const client = await fresh();
    expectFail(await client.call('add_im_agent', undefined, { service: 'desk_http_svc', raw: '{"IMAgentNick":' }), 141004);
  });

  it('enums: ChatbotDisabled 0/1, WorkTimeConfig.Type 0/1/2, AssignmentStrategy 0/1/2, Day names', async () => {
    await expectRefused(account({ ChatbotDisabled: 2 }), 'ChatbotDisabled');
    await expectRefused(account({ ChatbotDisabled: -1 }), 'ChatbotDisabled');
    await expectRefused(account({ WorkTimeConfig: { Type: 3 } }), 'WorkTimeConfig.Type');
    await expectRefused(account({ AssignmentStrategy: 3 }), 'AssignmentStrategy');
    await expectRefused(account({ WorkTimeConfig: { Type: 1, Periods: [{ Day: 'monday', PeriodsWithinOneDay: [] }] } }), 'Day', 'Monday');
    const client = await fresh();
    const id = await addAccount(client, { ChatbotDisabled: 1, AssignmentStrategy: 2, AssignedByWebhookURL: 'https://example.com/assign' });
    expect(await getAccount(client, id)).toMatchObject({ ChatbotDisabled: 1, AssignmentStrategy: 2, AssignedByWebhookURL: 'https://example.com/assign' });
  });

  const day = (...ranges: Array<[string, string]>) => ({
    Type: 1,
    Periods: [{ Day: 'Monday', PeriodsWithinOneDay: ranges.map(([Start, End]) => ({ Start, End })) }],
  });

  it('times are HH:MM (24h) with Start before End; 24:00 is allowed as an End', async () => {
    await expectRefused(account({ WorkTimeConfig: day(['9:00', '11:00']) }), 'Start', '9:00');
    await expectRefused(account({ WorkTimeConfig: day(['09:00', '24:30']) }), 'End', '24:30');
    await expectRefused(account({ WorkTimeConfig: day(['24:00', '24:00']) }), 'Start');
    await expectRefused(account({ WorkTimeConfig: day(['09:60', '10:00']) }), 'Start');
    await expectRefused(account({ WorkTimeConfig: day(['12:00', '12:00']) }), 'before');
    await expectRefused(account({ WorkTimeConfig: day(['18:00', '09:00']) }), 'before');
    const client = await fresh();
    const id = await addAccount(client, { WorkTimeConfig: day(['00:00', '24:00']) });
    expect((await getAccount(client, id))!.WorkTimeConfig).toEqual({ ...day(['00:00', '24:00']), TimeZone: 'Asia/Shanghai' });
  });

  it('ranges of a day may touch but not overlap; at most 5 per day; a day appears once', async () => {
    await expectRefused(account({ WorkTimeConfig: day(['09:00', '12:00'], ['11:00', '13:00']) }), 'overlaps', '09:00-12:00', '11:00-13:00');
    await expectRefused(account({ WorkTimeConfig: day(['14:00', '18:00'], ['08:00', '20:00']) }), 'overlaps');
    const six = Array.from({ length: 6 }, (_, i) => [`0${i}:00`, `0${i}:30`] as [string, string]);
    await expectRefused(account({ WorkTimeConfig: day(...six) }), 'at most 5');
    const twice = { Type: 1, Periods: [day(['09:00', '10:00']).Periods[0], day(['11:00', '12:00']).Periods[0]] };
    await expectRefused(account({ WorkTimeConfig: twice }), 'Monday', 'twice');
    const client = await fresh();
    await addAccount(client, { WorkTimeConfig: day(...six.slice(0, 5)) });
    await addAccount(client, { WorkTimeConfig: day(['09:00', '12:00'], ['12:00', '13:00']) });
  });

  it('strategy 1 requires a non-empty DisplayGroupsChoices of distinct positive ids', async () => {
    await expectRefused(account({ AssignmentStrategy: 1 }), 'DisplayGroupsChoices', 'AssignmentStrategy is 1');
    await expectRefused(account({ AssignmentStrategy: 1, DisplayGroupsChoices: [] }), 'DisplayGroupsChoices');
    await expectRefused(account({ AssignmentStrategy: 1, DisplayGroupsChoices: [1, 1] }), 'twice');
    await expectRefused(account({ AssignmentStrategy: 1, DisplayGroupsChoices: [0] }), 'DisplayGroupsChoices');
  });

  it('strategy 2 requires AssignedByWebhookURL, an http(s) URL', async () => {
    await expectRefused(account({ AssignmentStrategy: 2 }), 'AssignedByWebhookURL', 'AssignmentStrategy is 2');
    await expectRefused(account({ AssignmentStrategy: 2, AssignedByWebhookURL: '' }), 'AssignedByWebhookURL');
    await expectRefused(account({ AssignmentStrategy: 2, AssignedByWebhookURL: 'ftp://test.com/assign' }), 'http');
    await expectRefused(account({ AssignmentStrategy: 2, AssignedByWebhookURL: 'test.com/assign' }), 'http');
    await expectRefused(account({ AssignedByWebhookURL: 'not a url' }), 'AssignedByWebhookURL');
    const client = await fresh();
    await addAccount(client, { AssignmentStrategy: 2, AssignedByWebhookURL: 'http://test.com/assign' });
  });

  it('limits: UserTimeout 1..86400, nick 1..50 characters, prompts ≤ 1000, URLs ≤ 500', async () => {
    await expectRefused(account({ UserTimeout: 0 }), 'UserTimeout');
    await expectRefused(account({ UserTimeout: 86_401 }), 'UserTimeout');
    await expectRefused(account({ IMAgentNick: '   ' }), 'IMAgentNick');
    await expectRefused(account({ IMAgentNick: '店'.repeat(51) }), 'IMAgentNick', '50');
    await expectRefused(account({ QueueingPrompt: '等'.repeat(1001) }), 'QueueingPrompt', '1000');
    await expectRefused(account({ IMAgentAvatarUrl: `https://a.com/${'x'.repeat(500)}` }), 'IMAgentAvatarUrl', '500');
    await expectRefused(account({ AgentGroupId: -1 }), 'AgentGroupId');
    const client = await fresh();
    await addAccount(client, { UserTimeout: 1, IMAgentNick: '店'.repeat(50), QueueingPrompt: '等'.repeat(1000) });
    await addAccount(client, { UserTimeout: 86_400 });
  });

  it('IMAgentUserID: 1..32 of [A-Za-z0-9_@#.-], unique per app', async () => {
    await expectRefused({ ...SAMPLE_1, IMAgentUserID: '' }, 'IMAgentUserID');
    await expectRefused({ ...SAMPLE_1, IMAgentUserID: 'x'.repeat(33) }, 'IMAgentUserID');
    await expectRefused({ ...SAMPLE_1, IMAgentUserID: 'has space' }, 'IMAgentUserID');
    const client = await fresh();
    expectOk(await desk(client, 'add_im_agent', { ...SAMPLE_1, IMAgentUserID: 'a_b@c#d.e-f'.padEnd(32, '9') }));
    const again = await desk(client, 'add_im_agent', { ...SAMPLE_1, IMAgentUserID: 'a_b@c#d.e-f'.padEnd(32, '9') });
    expectFail(again, 141004);
    expect(again.ErrorInfo).toContain('already taken');
    expectFail(await desk(client, 'add_im_agent', { ...SAMPLE_1, IMAgentUserID: '@customer_service_account' }), 141004);
    expect(await listAccounts(client)).toHaveLength(2);
  });

  it('RobotId must be a robot of this app; another app’s robot → 141004', async () => {
    const owner = await fresh();
    const other = await fresh();
    const { RobotId } = await owner.call('desk_add_robot', { RobotNickName: 'second' });
    const id = await addAccount(owner, { RobotId });
    expect((await getAccount(owner, id))!.RobotId).toBe(RobotId);
    const res = await desk(other, 'add_im_agent', account({ RobotId }));
    expectFail(res, 141004);
    expect(res.ErrorInfo).toContain('RobotId');
    await expectRefused(account({ RobotId: '@RBT#nope' }), 'RobotId');
  });

  it('multilingual maps: only languages added to the bound robot', async () => {
    const client = await fresh();
    const refused = await desk(client, 'add_im_agent', account({ WelcomeMessageMultilingual: { en: 'Hello' } }));
    expectFail(refused, 141004);
    expect(refused.ErrorInfo).toContain('WelcomeMessageMultilingual');
    expect(refused.ErrorInfo).toContain('robot_add_language');
    expectOk(await client.call('robot_add_language', { LanguageTag: 'en' }));
    const maps = {
      WelcomeMessageMultilingual: { en: 'Hello, may I help you with something' },
      QueueingPromptMultilingual: { en: 'You are number ${QueuePosition}, ${WaitNo} ahead' },
      ChooseSkillGroupPromptMultilingual: { en: 'Please select a group' },
    };
    const id = await addAccount(client, maps);
    expect(await getAccount(client, id)).toMatchObject({ ...maps, EndPromptMultilingual: {} });
    // the default language is the plain field; a second robot has only the default language
    expectFail(await desk(client, 'add_im_agent', account({ EndPromptMultilingual: { '': 'x' } })), 141004);
    const { RobotId } = await client.call('desk_add_robot', { RobotNickName: 'no english' });
    expectFail(await desk(client, 'add_im_agent', account({ RobotId, ...maps })), 141004);
    expectFail(await desk(client, 'add_im_agent', account({ WelcomeMessageMultilingual: { en: 'x'.repeat(1001) } })), 141004);
  });
});
