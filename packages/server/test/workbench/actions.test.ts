import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { ACCOUNT, customer, userSig } from '../chat/helpers.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { askForHuman, expectError, expectOk, loadOf, loginAgent, newUser, said, sessionRow, text, workbenchApp, type Agent, type WorkbenchApp } from './helpers.ts';

// What an agent does to a session from the workbench: reply, type, suspend, mark, invite a rating,
// transfer, end, and contact a user (spec 03 §1.5–1.10).

describe('workbench session actions', () => {
  let test: TestServer;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    test = await startTestServer({ clock });
  });
  afterAll(() => test?.close());

  /** An app with Ann serving one customer. */
  async function served(): Promise<{ d: WorkbenchApp; ann: Agent; userId: string; sessionId: string }> {
    const d = await workbenchApp(test);
    const ann = await loginAgent(d, { nick: 'Ann', status: 'idle' });
    const userId = newUser();
    const sessionId = await askForHuman(d, userId);
    expect((await sessionRow(d, sessionId)).agentId).toBe(ann.memberId);
    return { d, ann, userId, sessionId };
  }

  it('replies once per msgRandom, and the typing signal reaches the customer without being stored', async () => {
    const { d, ann, userId, sessionId } = await served();
    const first = await expectOk(ann.api('POST', `/workbench/sessions/${sessionId}/messages`, { msgRandom: 77, body: text('One moment') }));
    const again = await expectOk(ann.api('POST', `/workbench/sessions/${sessionId}/messages`, { msgRandom: '77', body: text('One moment') }));
    expect(again).toMatchObject({ msgKey: first.msgKey, duplicate: true });
    expect((await said(d, userId)).filter((line) => line === 'Human.AgentSendMsg One moment')).toHaveLength(1);
    const [message] = (await expectOk(ann.api('GET', `/workbench/sessions/${sessionId}/messages?limit=1`))).messages;
    expect(message).toMatchObject({ msgKey: first.msgKey, fromAccount: ann.memberId, fromRole: 2 });

    const chat = await customer(test, d.client, userId);
    await chat.subscribe(ACCOUNT);
    const from = chat.mark();
    const before = (await said(d, userId)).length;
    expect((await ann.api('POST', `/workbench/sessions/${sessionId}/typing`)).status).toBe(200);
    const signal = await chat.waitFor((f) => f.type === 'signal', { from });
    expect(JSON.parse((signal as any).msgBody[0].MsgContent.Data)).toMatchObject({ src: '12' });
    expect((await said(d, userId)).length).toBe(before);
    await chat.close();
  });

  it('suspend frees capacity, unsuspend takes it again; mark and star; invite a rating; end', async () => {
    const { d, ann, userId, sessionId } = await served();
    expect(await loadOf(d, ann.memberId)).toBe(1);
    expect(await expectOk(ann.api('POST', `/workbench/sessions/${sessionId}/suspend`))).toMatchObject({ suspended: true });
    expect(await loadOf(d, ann.memberId)).toBe(0);
    expect(await expectOk(ann.api('POST', `/workbench/sessions/${sessionId}/unsuspend`))).toMatchObject({ suspended: false });
    expect(await loadOf(d, ann.memberId)).toBe(1);

    expect(await expectOk(ann.api('POST', `/workbench/sessions/${sessionId}/mark`, { mark: 'VIP 客户', starred: true }))).toMatchObject({ mark: 'VIP 客户', starred: true, userTimeoutEnabled: true });
    expect(await expectOk(ann.api('POST', `/workbench/sessions/${sessionId}/mark`, { userTimeoutEnabled: false }))).toMatchObject({ mark: 'VIP 客户', starred: true, userTimeoutEnabled: false });
    await expectError(ann.api('POST', `/workbench/sessions/${sessionId}/mark`, { mark: '字'.repeat(67) }), 400, 141004); // 201 bytes
    await expectError(ann.api('POST', `/workbench/sessions/${sessionId}/mark`, {}), 400);
    expect((await sessionRow(d, sessionId)).mark).toBe('VIP 客户');

    await expectOk(ann.api('POST', `/workbench/sessions/${sessionId}/invite-rating`));
    expect((await said(d, userId)).filter((line) => line === 'SystemSendMsg src9')).toHaveLength(1);
    expect((await sessionRow(d, sessionId)).ratingInvitedAt).not.toBeNull();

    expect(await expectOk(ann.api('POST', `/workbench/sessions/${sessionId}/end`))).toMatchObject({ state: 'Ended', endStatus: 'AgentEndedSession' });
    expect(await loadOf(d, ann.memberId)).toBe(0);
    await expectError(ann.api('POST', `/workbench/sessions/${sessionId}/end`), 404, 141005);
    await expectError(ann.api('POST', `/workbench/sessions/${sessionId}/messages`, { msgRandom: 9, body: text('late') }), 404, 141005);
  });

  it('transfers to an online member or a group; refuses offline members, oneself and strangers', async () => {
    const { d, ann, sessionId } = await served();
    const offline = await loginAgent(d, { nick: 'Olga' });
    const resting = await loginAgent(d, { nick: 'Rita', status: 'rest' });
    await expectError(ann.api('POST', `/workbench/sessions/${sessionId}/transfer`, { memberId: offline.memberId }), 409, 141001);
    await expectError(ann.api('POST', `/workbench/sessions/${sessionId}/transfer`, { memberId: ann.memberId }), 409, 141024);
    await expectError(ann.api('POST', `/workbench/sessions/${sessionId}/transfer`, { memberId: 'nobody@example.com' }), 400, 141004);
    await expectError(ann.api('POST', `/workbench/sessions/${sessionId}/transfer`, { groupId: 999_999 }), 404, 141020);
    await expectError(ann.api('POST', `/workbench/sessions/${sessionId}/transfer`, { memberId: offline.memberId, groupId: 1 }), 400);
    await expectError(ann.api('POST', `/workbench/sessions/${sessionId}/transfer`, {}), 400);
    expect((await sessionRow(d, sessionId)).agentId).toBe(ann.memberId);

    // Resting members are online: a named transfer may reach them (WB-TR-02 asks only for 在线).
    expect(await expectOk(ann.api('POST', `/workbench/sessions/${sessionId}/transfer`, { memberId: resting.memberId }))).toMatchObject({ agentId: resting.memberId });
    expect(await loadOf(d, ann.memberId)).toBe(0);
    expect(await loadOf(d, resting.memberId)).toBe(1);
    // Now the session is Rita's: Ann may no longer act on it.
    await expectError(ann.api('POST', `/workbench/sessions/${sessionId}/transfer`, { memberId: offline.memberId }), 404, 141005);

    const group = await expectOk(d.admin.request('POST', '/team/groups', { name: 'Billing', memberIds: [ann.memberId] }));
    expect(await expectOk(resting.api('POST', `/workbench/sessions/${sessionId}/transfer`, { groupId: group.groupId }))).toMatchObject({ agentId: ann.memberId });
  });

  it('an agent cannot act on another agent’s session', async () => {
    const { d, sessionId } = await served();
    const bob = await loginAgent(d, { nick: 'Bob', status: 'busy' });
    for (const action of ['end', 'suspend', 'unsuspend', 'invite-rating', 'typing', 'accept']) {
      const { status, body } = await bob.api('POST', `/workbench/sessions/${sessionId}/${action}`);
      expect([status, action]).toEqual([action === 'accept' ? 409 : 404, action]);
      expect(body.error.code).toBe(action === 'accept' ? 141026 : 141005);
    }
    await expectError(bob.api('POST', `/workbench/sessions/${sessionId}/mark`, { starred: true }), 404, 141005);
    await expectError(bob.api('POST', `/workbench/sessions/${sessionId}/transfer`, { memberId: bob.memberId }), 404, 141005);
    await expectError(bob.api('POST', `/workbench/sessions/${sessionId}/messages`, { msgRandom: 1, body: text('mine now') }), 404, 141005);
    const row = await sessionRow(d, sessionId);
    expect(row).toMatchObject({ state: 'Agent', suspended: false, starred: false });
  });

  it('refuses bad message input with nothing written', async () => {
    const { d, ann, userId, sessionId } = await served();
    const before = (await said(d, userId)).length;
    const url = `/workbench/sessions/${sessionId}/messages`;
    await expectError(ann.api('POST', url, { body: text('no id') }), 400);
    await expectError(ann.api('POST', url, { msgRandom: 1, body: 'just text' }), 400, 90007);
    await expectError(ann.api('POST', url, { msgRandom: 1, body: [] }), 400, 90002);
    await expectError(ann.api('POST', url, { msgRandom: 1, body: text('x'.repeat(13_000)) }), 400, 93000);
    await expectError(ann.api('POST', url, { msgRandom: 1, body: text('hi'), extra: true }), 400);
    expect((await ann.browser.request('POST', url, undefined, { raw: '{"msgRandom": 1, "body": [' })).status).toBe(400);
    expect((await said(d, userId)).length).toBe(before);
  });

  it('contacts a user: a human session with the caller; refusals with their codes', async () => {
    const d = await workbenchApp(test);
    const ann = await loginAgent(d, { nick: 'Ann' });
    const userId = newUser();
    await test.server.services.customers.authenticate(d.appId, userId, userSig(d.client, userId), { nick: 'Known' });
    await expectError(ann.api('POST', '/workbench/contact', { userId }), 409, 141011); // Ann is offline
    await expectOk(ann.api('PUT', '/workbench/status', { status: 'busy' }));
    await expectError(ann.api('POST', '/workbench/contact', { userId: 'never-seen' }), 404, 141015);
    await expectError(ann.api('POST', '/workbench/contact', { userId, accountId: 'no-such-account' }), 400, 141004);
    await expectError(ann.api('POST', '/workbench/contact', { userId, memberId: 'someone@else.com' }), 400); // always the caller

    const contact = await expectOk(ann.api('POST', '/workbench/contact', { userId }));
    expect(contact.memberId).toBe(ann.memberId);
    expect(await sessionRow(d, contact.sessionId)).toMatchObject({ state: 'Agent', agentId: ann.memberId, isContactUser: true, userId });
    await expectError(ann.api('POST', '/workbench/contact', { userId }), 409, 141016);

    await expectOk(ann.api('POST', `/workbench/sessions/${contact.sessionId}/end`));
    await expectOk(d.admin.request('PUT', '/settings/service', { contactUserEnabled: false }));
    await expectError(ann.api('POST', '/workbench/contact', { userId }), 409, 141014);
  });
});
