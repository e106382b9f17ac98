import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { desk, expectOk } from '../sessions/helpers.ts';
import { ACCOUNT, addAgent, askForHuman, enter, newDesk, newUser, said, sessionRow, updateSettings, type Desk } from './helpers.ts';

// Working hours on the way to a person (spec 01 §8.6, spec 05 §6.7): the account's WorkTimeConfig
// (Parley's TimeZone and Type 2 extensions included) and the app's holiday calendar, checked when
// a customer says "转人工". The rules themselves are tested on the pure module
// (working-hours.test.ts); here each case proves the wiring with an instant on either side.

const NOT_WORK_TIME = 'SystemSendMsg 当前无客服在线，请您于工作时间咨询';

type Ranges = Array<[string, string]>;
const periods = (plan: Record<string, Ranges>) => Object.entries(plan).map(([Day, ranges]) => ({ Day, PeriodsWithinOneDay: ranges.map(([Start, End]) => ({ Start, End })) }));
const weekdays = (ranges: Ranges) => Object.fromEntries(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'].map((day) => [day, ranges]));

describe('working hours on the transfer to a person', () => {
  let test: TestServer;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));

  beforeAll(async () => {
    test = await startTestServer({ clock });
  });
  afterAll(() => test?.close());

  /** An app whose default account has these working hours (through update_im_agent), and one idle agent. */
  async function deskWithHours(workTime: Record<string, unknown>): Promise<Desk> {
    const d = await newDesk(test);
    expectOk(await desk(d.client, 'update_im_agent', { IMAgentUserID: ACCOUNT, WorkTimeConfig: workTime }));
    await addAgent(d, { maxConcurrent: 100 });
    return d;
  }

  /** At `iso`, a customer says "转人工": whether they reached an agent; outside hours, checks what they saw. */
  async function reachesAgent(d: Desk, iso: string): Promise<boolean> {
    clock.set(new Date(iso));
    const user = newUser();
    const sessionId = await askForHuman(d, user);
    const row = await sessionRow(d, sessionId);
    const lines = await said(d, user);
    if (row.state === 'Agent') return true;
    expect(row.state, `${iso}: neither served nor left with the robot`).toBe('Chatbot');
    expect(lines, iso).toContain(NOT_WORK_TIME);
    expect(lines, iso).not.toContain('TransferringToHuman');
    expect(lines, iso).not.toContain('NoAgentOnline');
    return false;
  }

  it('outside the weekly plan the user gets NotWorkTimePrompt and stays with the robot; inside, an agent', async () => {
    // 2026-03-02 is a Monday. Default zone Asia/Shanghai (UTC+8).
    const d = await deskWithHours({
      Type: 1,
      Periods: periods(
        weekdays([
          ['09:00', '12:00'],
          ['14:00', '18:00'],
        ]),
      ),
    });
    expect(await reachesAgent(d, '2026-03-02T00:59:00Z')).toBe(false); // 08:59
    expect(await reachesAgent(d, '2026-03-02T01:00:00Z')).toBe(true); // 09:00
    expect(await reachesAgent(d, '2026-03-02T04:30:00Z')).toBe(false); // 12:30, lunch
    expect(await reachesAgent(d, '2026-03-02T09:59:00Z')).toBe(true); // 17:59
    expect(await reachesAgent(d, '2026-03-02T10:00:00Z')).toBe(false); // 18:00
    expect(await reachesAgent(d, '2026-03-07T02:00:00Z')).toBe(false); // Saturday 10:00: no Saturday plan
    // Type 0 turns the check off.
    expectOk(await desk(d.client, 'update_im_agent', { IMAgentUserID: ACCOUNT, WorkTimeConfig: { Type: 0 } }));
    expect(await reachesAgent(d, '2026-03-07T02:00:00Z')).toBe(true);
  });

  it("the NotWorkTimePrompt is the account's own text", async () => {
    const d = await deskWithHours({ Type: 1, Periods: periods({ Monday: [['09:00', '18:00']] }) });
    expectOk(await desk(d.client, 'update_im_agent', { IMAgentUserID: ACCOUNT, NotWorkTimePrompt: '我们的工作时间是周一 9:00–18:00' }));
    clock.set(new Date('2026-03-03T02:00:00Z')); // Tuesday
    const user = newUser();
    const sessionId = await askForHuman(d, user);
    expect((await sessionRow(d, sessionId)).state).toBe('Chatbot');
    expect(await said(d, user)).toContain('SystemSendMsg 我们的工作时间是周一 9:00–18:00');
  });

  it('transfer_to_human checks hours only when asked to, and sends the prompt only when asked to (spec 05 §3.1)', async () => {
    const d = await deskWithHours({ Type: 1, Periods: periods({ Monday: [['09:00', '18:00']] }) });
    clock.set(new Date('2026-03-02T12:00:00Z')); // Monday 20:00 in Shanghai: closed
    const { conversations } = test.server.services;
    const transfer = async (options: Parameters<typeof conversations.transferToHuman>[2]) => {
      const user = newUser();
      const sessionId = await enter(d, user);
      const result = await conversations.transferToHuman(d.appId, sessionId, options);
      return { result, state: (await sessionRow(d, sessionId)).state, lines: await said(d, user) };
    };

    const unchecked = await transfer({});
    expect(unchecked.result.outcome).toBe('assigned');
    expect(unchecked.state).toBe('Agent');

    const silent = await transfer({ checkWorkingHours: true });
    expect(silent.result).toMatchObject({ outcome: 'closed', agentId: '', queued: false });
    expect(silent.state).toBe('Chatbot');
    expect(silent.lines).not.toContain(NOT_WORK_TIME);
    expect(silent.lines).not.toContain('TransferringToHuman');

    const told = await transfer({ checkWorkingHours: true, sendPromptOutsideHours: true });
    expect(told.result.outcome).toBe('closed');
    expect(told.lines).toContain(NOT_WORK_TIME);

    // The REST flags map onto the same options.
    const user = newUser();
    const sessionId = await enter(d, user);
    const res = await desk(d.client, 'transfer_to_human', { SessionId: sessionId, CheckIfDuringWorkingHours: 1, SendPromptNotDuringWorkingHours: 1 });
    expect(res, JSON.stringify(res)).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 141001 });
    expect(res.ErrorInfo).toContain('working hours');
    expect((await sessionRow(d, sessionId)).state).toBe('Chatbot');
    expect(await said(d, user)).toContain(NOT_WORK_TIME);
  });

  it("the ranges are wall-clock times in the account's TimeZone", async () => {
    const d = await deskWithHours({ Type: 1, TimeZone: 'America/New_York', Periods: periods({ Monday: [['09:00', '17:00']] }) });
    expect(await reachesAgent(d, '2026-03-02T13:59:00Z')).toBe(false); // 08:59 EST (21:59 in Shanghai)
    expect(await reachesAgent(d, '2026-03-02T14:00:00Z')).toBe(true); // 09:00 EST
    expect(await reachesAgent(d, '2026-03-02T21:59:00Z')).toBe(true); // 16:59 EST
    expect(await reachesAgent(d, '2026-03-02T22:00:00Z')).toBe(false); // 17:00 EST
    expect(await reachesAgent(d, '2026-03-02T02:00:00Z')).toBe(false); // Monday 10:00 in Shanghai is Sunday 21:00 there
  });

  it('a night shift across midnight: Monday 22:00–24:00 and Tuesday 00:00–06:00, by the local date', async () => {
    const d = await deskWithHours({ Type: 1, Periods: periods({ Monday: [['22:00', '24:00']], Tuesday: [['00:00', '06:00']] }) });
    expect(await reachesAgent(d, '2026-03-02T13:59:00Z')).toBe(false); // Monday 21:59
    expect(await reachesAgent(d, '2026-03-02T15:59:00Z')).toBe(true); // Monday 23:59
    expect(await reachesAgent(d, '2026-03-02T16:30:00Z')).toBe(true); // Tuesday 00:30 (still Monday in UTC)
    expect(await reachesAgent(d, '2026-03-02T21:59:00Z')).toBe(true); // Tuesday 05:59
    expect(await reachesAgent(d, '2026-03-02T22:00:00Z')).toBe(false); // Tuesday 06:00
    expect(await reachesAgent(d, '2026-03-03T16:30:00Z')).toBe(false); // Wednesday 00:30
  });

  it("around a DST change the zone's new offset applies (New York springs forward on Sunday 2026-03-08)", async () => {
    const plan = { Saturday: [['09:00', '17:00']] as Ranges, Sunday: [['09:00', '17:00']] as Ranges };
    const d = await deskWithHours({ Type: 1, TimeZone: 'America/New_York', Periods: periods(plan) });
    expect(await reachesAgent(d, '2026-03-07T14:00:00Z')).toBe(true); // Saturday 09:00 EST (UTC−5)
    expect(await reachesAgent(d, '2026-03-07T13:59:00Z')).toBe(false); // Saturday 08:59 EST
    expect(await reachesAgent(d, '2026-03-08T12:59:00Z')).toBe(false); // Sunday 08:59 EDT (UTC−4)
    expect(await reachesAgent(d, '2026-03-08T13:00:00Z')).toBe(true); // Sunday 09:00 EDT; with the old offset it would be 08:00
    expect(await reachesAgent(d, '2026-03-08T20:59:00Z')).toBe(true); // Sunday 16:59 EDT
    expect(await reachesAgent(d, '2026-03-08T21:00:00Z')).toBe(false); // Sunday 17:00 EDT
  });

  it('statutory workdays (Type 2): holidays are closed, make-up weekend days open with the weekday hours', async () => {
    // 2026-10-01 is a Thursday, 2026-10-10 a Saturday, 2026-10-11 a Sunday.
    const d = await deskWithHours({ Type: 2, Periods: periods(weekdays([['09:00', '18:00']])) });
    await updateSettings(d, { calendar: { holidays: ['2026-10-01', '2026-10-02'], workdays: ['2026-10-10'] } });
    expect(await reachesAgent(d, '2026-10-01T02:00:00Z')).toBe(false); // Thursday 10:00, a holiday
    expect(await reachesAgent(d, '2026-10-09T02:00:00Z')).toBe(true); // Friday 10:00, an ordinary workday
    expect(await reachesAgent(d, '2026-10-10T02:00:00Z')).toBe(true); // Saturday 10:00, a make-up workday
    expect(await reachesAgent(d, '2026-10-10T10:00:00Z')).toBe(false); // Saturday 18:00, after the weekday hours
    expect(await reachesAgent(d, '2026-10-11T02:00:00Z')).toBe(false); // Sunday 10:00
    // Calendar dates are dates in the account's zone.
    expectOk(await desk(d.client, 'update_im_agent', { IMAgentUserID: ACCOUNT, WorkTimeConfig: { TimeZone: 'America/New_York' } }));
    expect(await reachesAgent(d, '2026-09-30T17:00:00Z')).toBe(true); // Wednesday 09-30 13:00 EDT (already the 10-01 holiday in Shanghai)
    expect(await reachesAgent(d, '2026-10-02T14:00:00Z')).toBe(false); // Friday 10-02 10:00 EDT, a holiday
    expect(await reachesAgent(d, '2026-10-10T14:00:00Z')).toBe(true); // Saturday 10-10 10:00 EDT, the make-up day
  });

  it('the weekly plan (Type 1) ignores the holiday calendar', async () => {
    const d = await deskWithHours({ Type: 1, Periods: periods(weekdays([['09:00', '18:00']])) });
    await updateSettings(d, { calendar: { holidays: ['2026-10-01'], workdays: ['2026-10-10'] } });
    expect(await reachesAgent(d, '2026-10-01T02:00:00Z')).toBe(true); // Thursday 10:00
    expect(await reachesAgent(d, '2026-10-10T02:00:00Z')).toBe(false); // Saturday 10:00
  });
});
