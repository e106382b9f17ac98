import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csAccounts } from '../../src/accounts/schema.ts';
import { createRestClient, startTestServer, type TestServer } from '../harness.ts';
import { expectFail, expectOk } from '../tencent-rest/helpers.ts';
import { account, addAccount, desk, getAccount, listAccounts, SAMPLE_2 } from './helpers.ts';

// Spec 05 §2.4 get_im_agent_list, the account quota (01 §13), app isolation and the service API.

const ITEM_FIELDS = [
  'IMAgentUserID',
  'IMAgentUserId',
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
  'AssignmentStrategy',
  'ChooseSkillGroupPrompt',
  'DisplayGroupsChoices',
  'AssignedByWebhookURL',
  'WelcomeMessageMultilingual',
  'TransferToHumanPromptMultilingual',
  'TransferToHumanSuccessPromptMultilingual',
  'TransferToHumanFailPromptMultilingual',
  'QueueingPromptMultilingual',
  'EndPromptMultilingual',
  'TimeoutEndPromptMultilingual',
  'NotWorkTimePromptMultilingual',
  'ChooseSkillGroupPromptMultilingual',
  'IsDefault',
  'RobotId',
];

describe('get_im_agent_list', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  const fresh = () => createRestClient(test);

  it('a new app has exactly the default account, with Chinese prompts, bound to the default robot', async () => {
    const client = await fresh();
    const [item] = await listAccounts(client);
    expect(await listAccounts(client)).toHaveLength(1);
    expect(Object.keys(item).sort()).toEqual([...ITEM_FIELDS].sort());
    expect(item).toMatchObject({
      IMAgentUserID: '@customer_service_account',
      IMAgentUserId: '@customer_service_account',
      IsDefault: 1,
      RobotId: '@RBT#DeskDefaultRobot',
      ChatbotDisabled: 0,
      UserTimeout: 600,
      WorkTimeConfig: { Type: 0 },
      AssignmentStrategy: 0,
      TransferToHumanSuccessPrompt: expect.stringContaining('${StaffNickName}'),
      QueueingPrompt: expect.stringMatching(/\$\{QueuePosition\}.*\$\{WaitNo\}/),
    });
    for (const field of ITEM_FIELDS.filter((f) => /Prompt$|^WelcomeMessage$/.test(f))) expect(item[field], field).toMatch(/[\u4e00-\u9fff]/);
  });

  it('lists the default account first, then created ones with every field; the body may be empty', async () => {
    const client = await fresh();
    const a = await addAccount(client);
    const b = await addAccount(client, { ...SAMPLE_2, IMAgentUserID: undefined, AssignedByWebhookURL: 'https://hooks.example.com/a' });
    const res = await client.call('get_im_agent_list', undefined, { service: 'desk_http_svc', raw: '' });
    expectOk(res);
    expect(res.Data.map((x: any) => x.IMAgentUserID)).toEqual(['@customer_service_account', a, b]);
    for (const item of res.Data) expect(Object.keys(item).sort()).toEqual([...ITEM_FIELDS].sort());
    const { IMAgentUserID: _id, ...fields } = SAMPLE_2;
    expect(res.Data[2]).toMatchObject({ ...fields, IsDefault: 0, AssignedByWebhookURL: 'https://hooks.example.com/a' });
  });
});

describe('account quota (maxAccounts, default account included)', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  it('the default quota is 200', async () => {
    const client = await createRestClient(test);
    const app = await test.server.services.apps.get(client.sdkAppId);
    expect(app!.quotas.maxAccounts).toBe(200);
  });

  it('with maxAccounts 3: two more accounts, the third → 141007; after a delete there is room again', async () => {
    const client = await createRestClient(test);
    await test.server.services.apps.setQuotas(client.sdkAppId, { maxAccounts: 3 });
    const first = await addAccount(client);
    await addAccount(client);
    const res = await desk(client, 'add_im_agent', account());
    expectFail(res, 141007);
    expect(res.ErrorInfo).toContain('3');
    expect(await listAccounts(client)).toHaveLength(3);
    expectOk(await desk(client, 'delete_im_agent', { IMAgentUserID: first }));
    await addAccount(client);
  });

  it('20 concurrent creates with maxAccounts 5: exactly 4 succeed, the rest → 141007', async () => {
    const client = await createRestClient(test);
    await test.server.services.apps.setQuotas(client.sdkAppId, { maxAccounts: 5 });
    const results = await Promise.all(Array.from({ length: 20 }, () => desk(client, 'add_im_agent', account())));
    const ok = results.filter((r) => r.ErrorCode === 0);
    expect(ok).toHaveLength(4);
    for (const r of results.filter((x) => x.ErrorCode !== 0)) expectFail(r, 141007);
    const ids = (await listAccounts(client)).map((a) => a.IMAgentUserID);
    expect(ids).toHaveLength(5);
    expect(ids.slice(1).sort()).toEqual(ok.map((r) => r.IMAgentUserID).sort());
  });

  it('10 concurrent creates of the same IMAgentUserID: exactly one succeeds, the others → 141004', async () => {
    const client = await createRestClient(test);
    const results = await Promise.all(Array.from({ length: 10 }, () => desk(client, 'add_im_agent', { ...SAMPLE_2, IMAgentUserID: 'same' })));
    expect(results.filter((r) => r.ErrorCode === 0)).toHaveLength(1);
    for (const r of results.filter((x) => x.ErrorCode !== 0)) expectFail(r, 141004);
    expect(await listAccounts(client)).toHaveLength(2);
  });
});

describe('isolation between apps', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  it('app B cannot see, update or delete app A’s accounts; the same id may exist in both', async () => {
    const a = await createRestClient(test, 'A');
    const b = await createRestClient(test, 'B');
    const id = await addAccount(a, { IMAgentNick: 'A store' });
    expect((await listAccounts(b)).map((x) => x.IMAgentUserID)).toEqual(['@customer_service_account']);
    expectFail(await desk(b, 'update_im_agent', { IMAgentUserID: id, IMAgentNick: 'hijacked' }), 141004);
    expectFail(await desk(b, 'delete_im_agent', { IMAgentUserID: id }), 141004);
    expect((await getAccount(a, id))!.IMAgentNick).toBe('A store');
    // B's changes to its own default account leave A's alone
    expectOk(await desk(b, 'update_im_agent', { IMAgentUserID: '@customer_service_account', IMAgentNick: 'B default' }));
    expect((await getAccount(a, '@customer_service_account'))!.IMAgentNick).not.toBe('B default');
    expectOk(await desk(b, 'add_im_agent', account({ IMAgentUserID: id })));
  });

  it('the commands require the app administrator (-20)', async () => {
    const client = await createRestClient(test);
    expectFail(await client.call('get_im_agent_list', {}, { service: 'desk_http_svc', identifier: 'someone' }), -20);
  });
});

describe('AccountService for later features', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  it('getAccount returns the typed config; defaultAccountId names the default account', async () => {
    const client = await createRestClient(test);
    const id = await addAccount(client, { ...SAMPLE_2, IMAgentUserID: undefined });
    const { accounts } = test.server.services;
    expect(accounts.defaultAccountId).toBe('@customer_service_account');
    expect(await accounts.getAccount(client.sdkAppId, id)).toMatchObject({
      accountId: id,
      isDefault: false,
      chatbotDisabled: false,
      assignmentStrategy: 'choose-group',
      displayGroupsChoices: [1, 2, 3, 4],
      workTime: {
        mode: 'weekly',
        timeZone: 'Asia/Shanghai',
        periods: [
          {
            day: 'Monday',
            ranges: [
              { start: '09:00', end: '11:30' },
              { start: '14:00', end: '18:00' },
            ],
          },
          { day: 'Friday', ranges: [{ start: '09:00', end: '12:00' }] },
        ],
      },
    });
    expect(await accounts.getAccount(client.sdkAppId, 'nope')).toBeUndefined();
    expect((await accounts.getAccount(client.sdkAppId, accounts.defaultAccountId))!.isDefault).toBe(true);
  });

  it('an app without a default account (created before accounts existed) gets one on first use', async () => {
    const client = await createRestClient(test);
    const { db, accounts } = test.server.services;
    await db.delete(csAccounts).where(and(eq(csAccounts.appId, client.sdkAppId)));
    expect((await listAccounts(client)).map((a) => a.IsDefault)).toEqual([1]);
    await db.delete(csAccounts).where(and(eq(csAccounts.appId, client.sdkAppId)));
    expect((await accounts.getAccount(client.sdkAppId, accounts.defaultAccountId))?.isDefault).toBe(true);
    await db.delete(csAccounts).where(and(eq(csAccounts.appId, client.sdkAppId)));
    await addAccount(client);
    expect(await listAccounts(client)).toHaveLength(2);
  });
});
