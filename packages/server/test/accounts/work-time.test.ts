import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csAccounts } from '../../src/accounts/schema.ts';
import { isWorkingTime } from '../../src/routing/working-hours.ts';
import { createRestClient, startTestServer, type RestClient, type TestServer } from '../harness.ts';
import { expectFail, expectOk } from '../tencent-rest/helpers.ts';
import { account, addAccount, desk, getAccount, listAccounts } from './helpers.ts';

// Parley's WorkTimeConfig extensions: Type 2 (statutory workdays) and TimeZone (an IANA zone, default
// Asia/Shanghai); and rows stored before them ({ enabled } without a mode or zone).

const MONDAY = [{ Day: 'Monday', PeriodsWithinOneDay: [{ Start: '09:00', End: '17:00' }] }];

describe('WorkTimeConfig: Type 2 and TimeZone', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  const fresh = () => createRestClient(test);
  const workTimeOf = async (client: RestClient, id: string) => (await getAccount(client, id))!.WorkTimeConfig;

  it('the default account and an account added without TimeZone are in Asia/Shanghai', async () => {
    const client = await fresh();
    const id = await addAccount(client);
    expect((await listAccounts(client))[0].WorkTimeConfig).toEqual({ Type: 0, TimeZone: 'Asia/Shanghai' });
    expect(await workTimeOf(client, id)).toEqual({ Type: 0, TimeZone: 'Asia/Shanghai' });
  });

  it('Type 2 and a TimeZone round-trip through add, list and the typed account', async () => {
    const client = await fresh();
    const sent = { Type: 2, TimeZone: 'America/New_York', Periods: MONDAY };
    const id = await addAccount(client, { WorkTimeConfig: sent });
    expect(await workTimeOf(client, id)).toEqual(sent);
    const typed = await test.server.services.accounts.getAccount(client.sdkAppId, id);
    expect(typed!.workTime).toEqual({ mode: 'statutory', timeZone: 'America/New_York', periods: [{ day: 'Monday', ranges: [{ start: '09:00', end: '17:00' }] }] });
  });

  it('the stored zone is what working hours are computed in', async () => {
    const client = await fresh();
    const id = await addAccount(client, { WorkTimeConfig: { Type: 1, TimeZone: 'America/New_York', Periods: MONDAY } });
    const { workTime } = (await test.server.services.accounts.getAccount(client.sdkAppId, id))!;
    const calendar = { holidays: [], workdays: [] };
    expect(isWorkingTime(workTime, calendar, new Date('2026-03-02T14:00:00Z'))).toBe(true); // Monday 09:00 EST
    expect(isWorkingTime(workTime, calendar, new Date('2026-03-02T02:00:00Z'))).toBe(false); // Monday 10:00 in Shanghai
  });

  it('update changes Type, TimeZone and Periods each on its own', async () => {
    const client = await fresh();
    const id = await addAccount(client, { WorkTimeConfig: { Type: 1, Periods: MONDAY } });
    const update = async (WorkTimeConfig: Record<string, unknown>) => expectOk(await desk(client, 'update_im_agent', { IMAgentUserID: id, WorkTimeConfig }));
    await update({ TimeZone: 'Europe/Berlin' });
    expect(await workTimeOf(client, id)).toEqual({ Type: 1, TimeZone: 'Europe/Berlin', Periods: MONDAY });
    await update({ Type: 2 });
    expect(await workTimeOf(client, id)).toEqual({ Type: 2, TimeZone: 'Europe/Berlin', Periods: MONDAY });
    await update({ Periods: [] });
    expect(await workTimeOf(client, id)).toEqual({ Type: 2, TimeZone: 'Europe/Berlin' });
    await update({ Type: 0, TimeZone: 'Asia/Kolkata' });
    expect(await workTimeOf(client, id)).toEqual({ Type: 0, TimeZone: 'Asia/Kolkata' });
    // another field leaves working hours as they are
    expectOk(await desk(client, 'update_im_agent', { IMAgentUserID: id, WelcomeMessage: 'hi' }));
    expect(await workTimeOf(client, id)).toEqual({ Type: 0, TimeZone: 'Asia/Kolkata' });
  });

  it('a TimeZone that is not an IANA zone → 141004 naming WorkTimeConfig.TimeZone; nothing is created', async () => {
    for (const TimeZone of ['Mars/Olympus', 'Asia/Beijing', 'GMT+8', '+08:00', '', 'Asia/Shanghai ']) {
      const client = await fresh();
      const res = await desk(client, 'add_im_agent', account({ WorkTimeConfig: { Type: 1, TimeZone } }));
      expectFail(res, 141004);
      expect(res.ErrorInfo, TimeZone).toContain('WorkTimeConfig.TimeZone');
      expect(await listAccounts(client)).toHaveLength(1);
    }
    for (const TimeZone of [8, null, ['Asia/Shanghai']]) {
      const res = await desk(await fresh(), 'add_im_agent', account({ WorkTimeConfig: { Type: 1, TimeZone } }));
      expectFail(res, 141004);
      expect(res.ErrorInfo).toContain('TimeZone');
    }
  });

  it('update with a bad zone or Type → 141004 and the account keeps its setting', async () => {
    const client = await fresh();
    const sent = { Type: 2, TimeZone: 'Pacific/Auckland', Periods: MONDAY };
    const id = await addAccount(client, { WorkTimeConfig: sent });
    for (const WorkTimeConfig of [{ TimeZone: 'Pacific/Atlantis' }, { Type: 3 }, { Type: -1 }, { Type: 1, TimeZone: 'Nowhere' }]) {
      const res = await desk(client, 'update_im_agent', { IMAgentUserID: id, WorkTimeConfig });
      expectFail(res, 141004);
      expect(res.ErrorInfo).toContain(Object.keys(WorkTimeConfig).at(-1) === 'TimeZone' ? 'WorkTimeConfig.TimeZone' : 'WorkTimeConfig.Type');
    }
    expect(await workTimeOf(client, id)).toEqual(sent);
  });

  it('the old IANA aliases that luxon accepts are stored as sent', async () => {
    const client = await fresh();
    const id = await addAccount(client, { WorkTimeConfig: { Type: 1, TimeZone: 'Asia/Calcutta' } });
    expect((await workTimeOf(client, id)).TimeZone).toBe('Asia/Calcutta');
  });
});

describe('working-time rows stored before modes and zones', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  const periods = [{ day: 'Monday' as const, ranges: [{ start: '09:00', end: '17:00' }] }];

  /** Writes the column as the first release did. */
  async function storeOld(client: RestClient, id: string, workTime: unknown) {
    const { db } = test.server.services;
    await db
      .update(csAccounts)
      .set({ workTime: workTime as never })
      .where(and(eq(csAccounts.appId, client.sdkAppId), eq(csAccounts.accountId, id)));
  }
  const stored = async (client: RestClient, id: string) =>
    (
      await test.server.services.db
        .select({ w: csAccounts.workTime })
        .from(csAccounts)
        .where(and(eq(csAccounts.appId, client.sdkAppId), eq(csAccounts.accountId, id)))
    )[0].w;

  it('{ enabled: true } reads as the weekly plan in Asia/Shanghai; { enabled: false } as off', async () => {
    const client = await createRestClient(test);
    const on = await addAccount(client);
    const off = await addAccount(client);
    await storeOld(client, on, { enabled: true, periods });
    await storeOld(client, off, { enabled: false, periods: [] });
    expect((await getAccount(client, on))!.WorkTimeConfig).toEqual({ Type: 1, TimeZone: 'Asia/Shanghai', Periods: MONDAY });
    expect((await getAccount(client, off))!.WorkTimeConfig).toEqual({ Type: 0, TimeZone: 'Asia/Shanghai' });
    expect((await test.server.services.accounts.getAccount(client.sdkAppId, on))!.workTime).toEqual({ mode: 'weekly', timeZone: 'Asia/Shanghai', periods });
  });

  it('an update of one member keeps the others and stores the current shape', async () => {
    const client = await createRestClient(test);
    const id = await addAccount(client);
    await storeOld(client, id, { enabled: true, periods });
    expectOk(await desk(client, 'update_im_agent', { IMAgentUserID: id, WorkTimeConfig: { TimeZone: 'Europe/Berlin' } }));
    expect((await getAccount(client, id))!.WorkTimeConfig).toEqual({ Type: 1, TimeZone: 'Europe/Berlin', Periods: MONDAY });
    expect(await stored(client, id)).toEqual({ mode: 'weekly', timeZone: 'Europe/Berlin', periods });
  });

  it('the default account too (it is read through the same path)', async () => {
    const client = await createRestClient(test);
    const { accounts } = test.server.services;
    await storeOld(client, accounts.defaultAccountId, { enabled: true, periods });
    expect((await listAccounts(client))[0].WorkTimeConfig).toEqual({ Type: 1, TimeZone: 'Asia/Shanghai', Periods: MONDAY });
    expectOk(await desk(client, 'update_im_agent', { IMAgentUserID: accounts.defaultAccountId, WorkTimeConfig: { Type: 2 } }));
    expect(await stored(client, accounts.defaultAccountId)).toEqual({ mode: 'statutory', timeZone: 'Asia/Shanghai', periods });
  });
});
