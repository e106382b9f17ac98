import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../src/conversations/schema.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import {
  ACCOUNT,
  addAgent,
  addGroup,
  agentSays,
  desk,
  enter,
  eventsOf,
  expectOk,
  expectRefused,
  expectServedBy,
  newDesk,
  newUser,
  queued,
  served,
  sessionRow,
  setStatus,
  stream,
  updateSettings,
  type Desk,
} from './helpers.ts';

// Spec 05 §3.3 contact_user: an agent starts a human session with a user the app knows. The new
// session is marked IsContactUser in every event; every documented refusal leaves things as they were.

describe('contact_user', () => {
  let test: TestServer;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));

  beforeAll(async () => {
    test = await startTestServer({ clock });
  });
  afterAll(() => test.close());

  /** A web visitor the app has recorded but who never chatted: known, without any session. */
  async function visitor(d: Desk): Promise<string> {
    const key = await test.server.services.customers.publicKeyOf(d.appId, ACCOUNT);
    return (await test.server.services.customers.visitor(key!)).userId;
  }

  const sessionsOf = async (d: Desk, userId: string) =>
    test.server.services.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.appId, d.appId), eq(sessions.userId, userId)));

  it("with MemberId: a new session in that agent's service, marked IsContactUser; the answer names the member", async () => {
    const d = await newDesk(test);
    await addAgent(d);
    const agent = await addAgent(d, { nick: '小刘' });
    const user = await visitor(d);
    const res = await desk(d.client, 'contact_user', { IMAgentUserId: ACCOUNT, ClientUserId: user, MemberId: agent });
    expectOk(res);
    expect(res.MemberId).toBe(agent);
    const [session] = await sessionsOf(d, user);
    expect(res.SessionId).toBe(session.sessionId);
    expect(session).toMatchObject({ state: 'Agent', agentId: agent, isContactUser: true, channelType: 'Web(H5)' });
    await expectServedBy(d, session.sessionId, agent);

    await agentSays(d, session.sessionId, agent, 'Hello, about your order');
    const events = await stream(d, user);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['SessionBegin', 'TransferToHumanSuccess', 'Human.AgentSendMsg']));
    for (const e of events) expect(e.payload.isContactUser, e.type).toBe(true);
    expect((await eventsOf(d, user, 'TransferToHumanSuccess'))[0].payload).toMatchObject({ agentId: agent, sessionId: session.sessionId });
    expect(await desk(d.client, 'get_session_state', { ClientUserId: user, CustomerServiceId: ACCOUNT })).toMatchObject({ CurrentState: 'Agent', AgentId: agent });
  });

  it('a user chatting with the robot: the open session goes to the agent and is marked IsContactUser from then on', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d);
    const user = newUser();
    const sessionId = await enter(d, user);
    const res = await desk(d.client, 'contact_user', { IMAgentUserId: ACCOUNT, ClientUserId: user });
    expectOk(res);
    expect(res).toMatchObject({ MemberId: agent, SessionId: sessionId });
    expect(await sessionRow(d, sessionId)).toMatchObject({ state: 'Agent', agentId: agent, isContactUser: true });
    expect((await eventsOf(d, user, 'SessionBegin'))[0].payload.isContactUser).toBeUndefined();
    expect((await eventsOf(d, user, 'TransferToHumanSuccess'))[0].payload.isContactUser).toBe(true);
  });

  it('a user whose earlier session ended is known: a new session starts', async () => {
    const d = await newDesk(test);
    const user = newUser();
    const old = await enter(d, user);
    clock.advance(601_000);
    await test.server.services.events.jobs.runDue(); // the robot session times out
    expect((await sessionRow(d, old)).state).toBe('Ended');
    const agent = await addAgent(d);
    const res = await desk(d.client, 'contact_user', { IMAgentUserId: ACCOUNT, ClientUserId: user });
    expectOk(res);
    expect(res.SessionId).not.toBe(old);
    await expectServedBy(d, res.SessionId, agent);
  });

  it('the keys of the sample (IMAgentUserID, ClientUserID) and of the table, in any case', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d, { maxConcurrent: 10 });
    for (const keys of [
      ['IMAgentUserID', 'ClientUserID'],
      ['IMAgentUserId', 'ClientUserId'],
      ['imagentuserid', 'clientuserid'],
    ]) {
      const user = await visitor(d);
      const res = await desk(d.client, 'contact_user', { [keys[0]]: ACCOUNT, [keys[1]]: user, memberid: agent });
      expectOk(res);
      expect(res.MemberId).toBe(agent);
    }
  });

  it('without MemberId the default strategy picks an idle agent with room; GroupId limits it to the group', async () => {
    const d = await newDesk(test);
    const full = await addAgent(d, { maxConcurrent: 1 });
    await served(d, full);
    await addAgent(d, { status: 'busy' });
    const free = await addAgent(d);
    const grouped = await addAgent(d);
    const group = await addGroup(d, [grouped]);
    const first = await desk(d.client, 'contact_user', { IMAgentUserId: ACCOUNT, ClientUserId: await visitor(d), GroupId: group });
    expectOk(first);
    expect(first.MemberId).toBe(grouped);
    const second = await desk(d.client, 'contact_user', { IMAgentUserId: ACCOUNT, ClientUserId: await visitor(d) });
    expectOk(second);
    expect(second.MemberId).toBe(free); // least recently assigned: `grouped` just got one
  });

  it('turned off in the service settings → 141014', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d);
    await updateSettings(d, { contactUserEnabled: false });
    const user = await visitor(d);
    await expectRefused(d, user, 'contact_user', { IMAgentUserId: ACCOUNT, ClientUserId: user, MemberId: agent }, 141014);
  });

  it('a user the app has never seen → 141015', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d);
    const user = newUser('stranger');
    await expectRefused(d, user, 'contact_user', { IMAgentUserId: ACCOUNT, ClientUserId: user, MemberId: agent }, 141015);
  });

  it('a user already queued or in a human session → 141016', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d, { maxConcurrent: 1 });
    const other = await addAgent(d, { status: 'busy' });
    const inService = await served(d, agent);
    const waiting = await queued(d);
    for (const s of [inService, waiting]) {
      await expectRefused(d, s.userId, 'contact_user', { IMAgentUserId: ACCOUNT, ClientUserId: s.userId, MemberId: other }, 141016);
    }
  });

  it('the member is offline → 141011, full → 141012, on a break → 141013', async () => {
    const d = await newDesk(test);
    const offline = await addAgent(d, { status: 'offline' });
    const full = await addAgent(d, { maxConcurrent: 1 });
    await served(d, full);
    const resting = await addAgent(d, { status: 'rest' });
    const user = await visitor(d);
    const body = (MemberId: string) => ({ IMAgentUserId: ACCOUNT, ClientUserId: user, MemberId });
    await expectRefused(d, user, 'contact_user', body(offline), 141011);
    await expectRefused(d, user, 'contact_user', body(full), 141012);
    await expectRefused(d, user, 'contact_user', body(resting), 141013);
  });

  it('no MemberId: nobody online → 141001; online but nobody free → 141017', async () => {
    const d = await newDesk(test);
    const user = await visitor(d);
    const body = { IMAgentUserId: ACCOUNT, ClientUserId: user };
    await addAgent(d, { status: 'offline' });
    await expectRefused(d, user, 'contact_user', body, 141001);
    const busy = await addAgent(d, { status: 'busy' });
    await expectRefused(d, user, 'contact_user', body, 141017);
    const group = await addGroup(d, [busy]);
    await expectRefused(d, user, 'contact_user', { ...body, GroupId: group }, 141017);
    await setStatus(d, busy, 'offline');
    await expectRefused(d, user, 'contact_user', { ...body, GroupId: group }, 141001);
  });

  it("an unknown group or another app's group → 141019", async () => {
    const d = await newDesk(test);
    await addAgent(d);
    const theirs = await addGroup(await newDesk(test, 'other'), []);
    const user = await visitor(d);
    for (const GroupId of [31_337, theirs, -2]) await expectRefused(d, user, 'contact_user', { IMAgentUserId: ACCOUNT, ClientUserId: user, GroupId }, 141019);
  });

  it('an unknown account, an unknown member or a non-agent, and bad parameters → 141004', async () => {
    const d = await newDesk(test);
    await addAgent(d);
    const admin = await addAgent(d, { roles: ['admin'] });
    const user = await visitor(d);
    for (const bad of [
      { IMAgentUserId: 'no_such_account', ClientUserId: user },
      { IMAgentUserId: ACCOUNT, ClientUserId: user, MemberId: 'nobody@example.com' },
      { IMAgentUserId: ACCOUNT, ClientUserId: user, MemberId: admin },
      { ClientUserId: user },
      { IMAgentUserId: ACCOUNT },
      { IMAgentUserId: ACCOUNT, ClientUserId: '' },
      { IMAgentUserId: ACCOUNT, ClientUserId: 12345 },
      { IMAgentUserId: ACCOUNT, ClientUserId: user, GroupId: '9465' },
    ]) {
      await expectRefused(d, user, 'contact_user', bad, 141004);
    }
  });
});
