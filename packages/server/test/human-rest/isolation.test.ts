import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { ACCOUNT, addAgent, addGroup, desk, enter, expectFail, expectOk, expectServedBy, newDesk, served, snapshot, type Desk } from './helpers.ts';

// Every human-service command is scoped to the calling app: another app's sessions, members,
// groups and users behave as unknown, and nothing of the other app changes.

describe('human-service commands are scoped to the app', () => {
  let test: TestServer;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
  let mine: Desk;
  let theirs: Desk;

  beforeAll(async () => {
    test = await startTestServer({ clock });
    mine = await newDesk(test, 'mine');
    theirs = await newDesk(test, 'theirs');
  });
  afterAll(() => test.close());

  it("another app's session id → 141005 for every session command; that session is unchanged", async () => {
    const theirAgent = await addAgent(theirs);
    await addAgent(theirs);
    const myAgent = await addAgent(mine);
    const s = await served(theirs, theirAgent);
    const before = await snapshot(theirs, s.userId);
    for (const [command, body] of [
      ['transfer_to_human', { SessionId: s.sessionId }],
      ['transfer_session', { SessionId: s.sessionId, MemberId: myAgent }],
      ['transfer_session', { SessionId: s.sessionId }],
      ['end_session', { SessionId: s.sessionId }],
      ['suspend_session', { SessionId: s.sessionId }],
      ['unsuspend_session', { SessionId: s.sessionId }],
      ['mark_session', { SessionId: s.sessionId, Mark: 'mine now', StarStatus: 1, UserTimeoutSwitch: 0 }],
    ] as const) {
      expectFail(await desk(mine.client, command, body), 141005);
    }
    expect(await snapshot(theirs, s.userId)).toEqual(before);
    await expectServedBy(theirs, s.sessionId, theirAgent);
  });

  it("another app's agents are not candidates: AgentIdList finds nobody online, MemberId is unknown", async () => {
    const theirAgent = await addAgent(theirs);
    const myAgent = await addAgent(mine);
    const sessionId = await enter(mine);
    expectFail(await desk(mine.client, 'transfer_to_human', { SessionId: sessionId, AgentIdList: [theirAgent] }), 141001);
    const s = await served(mine, myAgent);
    expectFail(await desk(mine.client, 'transfer_session', { SessionId: s.sessionId, MemberId: theirAgent }), 141004);
    await expectServedBy(mine, s.sessionId, myAgent);
  });

  it("contact_user: another app's user is unknown (141015), its member unknown (141004), its group invalid (141019)", async () => {
    const theirAgent = await addAgent(theirs);
    await addAgent(mine);
    const theirGroup = await addGroup(theirs, [theirAgent]);
    const theirUser = await (async () => {
      const key = await test.server.services.customers.publicKeyOf(theirs.appId, ACCOUNT);
      return (await test.server.services.customers.visitor(key!)).userId;
    })();
    const before = await snapshot(theirs, theirUser);
    expectFail(await desk(mine.client, 'contact_user', { IMAgentUserId: ACCOUNT, ClientUserId: theirUser }), 141015);
    const myKey = await test.server.services.customers.publicKeyOf(mine.appId, ACCOUNT);
    const myUser = (await test.server.services.customers.visitor(myKey!)).userId;
    expectFail(await desk(mine.client, 'contact_user', { IMAgentUserId: ACCOUNT, ClientUserId: myUser, MemberId: theirAgent }), 141004);
    expectFail(await desk(mine.client, 'contact_user', { IMAgentUserId: ACCOUNT, ClientUserId: myUser, GroupId: theirGroup }), 141019);
    expect(await snapshot(theirs, theirUser)).toEqual(before);
    // My own user with my own agents still works.
    expectOk(await desk(mine.client, 'contact_user', { IMAgentUserId: ACCOUNT, ClientUserId: myUser }));
  });
});
