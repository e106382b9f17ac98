import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { userSig } from '../chat/helpers.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { askForHuman, expectError, expectOk, loginAgent, newUser, type Agent, type WorkbenchApp, workbenchApp } from './helpers.ts';

// Session lists (我的 / 待分配 / 服务记录), a session's history and customer panel, and who may read them.

describe('workbench session lists and history', () => {
  let test: TestServer;
  let d: WorkbenchApp;
  let ann: Agent;
  let bob: Agent;
  const clock = new ManualClock(new Date());
  const users = { alice: newUser('alice'), bobby: newUser('bobby'), carol: newUser('carol'), dave: newUser('dave') };
  const ids: Record<keyof typeof users, string> = { alice: '', bobby: '', carol: '', dave: '' };

  /** A customer with a nick (as the chat's hello records it) who asks for a person. */
  const arrive = async (name: keyof typeof users, nick: string) => {
    await test.server.services.customers.authenticate(d.appId, users[name], userSig(d.client, users[name]), { nick });
    clock.advance(1000);
    ids[name] = await askForHuman(d, users[name]);
  };
  const list = (agent: Agent, query: string) => expectOk(agent.api('GET', `/workbench/sessions?${query}`));

  beforeAll(async () => {
    test = await startTestServer({ clock });
    d = await workbenchApp(test);
    ann = await loginAgent(d, { nick: 'Ann', status: 'idle', maxConcurrent: 2 });
    bob = await loginAgent(d, { nick: 'Bob', status: 'offline' });
    await arrive('alice', 'Alice Wonder');
    await arrive('bobby', 'Bobby Tables');
    await arrive('carol', 'Carol');
    await arrive('dave', 'Dave 100%');
  });
  afterAll(() => test?.close());

  it('mine: the agent’s open sessions with nick, last message and the counts of every view', async () => {
    const mine = await list(ann, 'view=mine');
    expect(mine).toMatchObject({ total: 2, page: 1, pageSize: 20, counts: { mine: 2, queue: 2, history: 0 } });
    expect(mine.items.map((i: any) => i.sessionId).sort()).toEqual([ids.alice, ids.bobby].sort());
    const alice = mine.items.find((i: any) => i.sessionId === ids.alice);
    expect(alice).toMatchObject({ userId: users.alice, nick: 'Alice Wonder', state: 'Agent', agentId: ann.memberId, acceptDeadline: null, suspended: false });
    expect(alice.lastMessage.preview).toContain('Ann'); // the success prompt names the agent
    expect(alice.lastMessage.fromRole).toBe(3);

    const second = await list(ann, 'view=mine&page=2&pageSize=1');
    expect(second).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(second.items).toHaveLength(1);
    expect((await list(ann, 'view=mine&q=WONDER')).items.map((i: any) => i.sessionId)).toEqual([ids.alice]);
    expect((await list(ann, `view=mine&q=${users.bobby.slice(0, 9)}`)).items.map((i: any) => i.sessionId)).toEqual([ids.bobby]);
    expect((await list(ann, 'view=mine&q=nobody-like-this')).total).toBe(0);
  });

  it('queue: waiting sessions in order with their places, which a search keeps', async () => {
    const queue = await list(bob, 'view=queue');
    expect(queue.items.map((i: any) => [i.sessionId, i.position, i.state])).toEqual([
      [ids.carol, 1, 'Queueing'],
      [ids.dave, 2, 'Queueing'],
    ]);
    const found = await list(bob, 'view=queue&q=100%25');
    expect(found.items.map((i: any) => [i.nick, i.position])).toEqual([['Dave 100%', 2]]); // % is literal
    expect((await list(bob, 'view=queue&q=_')).total).toBe(0); // so is _
    expect(await list(bob, 'view=queue&pageSize=1&page=2')).toMatchObject({ total: 2, items: [{ sessionId: ids.dave, position: 2 }] });
  });

  it('history: ended sessions the agent served; the next in line moves up', async () => {
    await expectOk(ann.api('POST', `/workbench/sessions/${ids.alice}/end`));
    const history = await list(ann, 'view=history');
    expect(history.items.map((i: any) => [i.sessionId, i.state, i.endStatus])).toEqual([[ids.alice, 'Ended', 'AgentEndedSession']]);
    expect(history.counts).toEqual({ mine: 2, queue: 1, history: 1 });
    expect((await list(ann, 'view=mine')).items.map((i: any) => i.sessionId).sort()).toEqual([ids.bobby, ids.carol].sort());
    expect((await list(bob, 'view=queue')).items.map((i: any) => [i.sessionId, i.position])).toEqual([[ids.dave, 1]]);
    expect((await list(bob, 'view=history')).total).toBe(0);
    // The super admin (the app administrator here) sees every service record.
    expect((await expectOk(d.admin.request('GET', '/workbench/sessions?view=history'))).items.map((i: any) => i.sessionId)).toEqual([ids.alice]);
  });

  it('messages: the whole session, robot part first, flags left out, paged backwards', async () => {
    const all = await expectOk(ann.api('GET', `/workbench/sessions/${ids.alice}/messages?limit=200`));
    expect(all.more).toBe(false);
    const texts = all.messages.map((m: any) => (m.body[0].MsgType === 'TIMTextElem' ? m.body[0].MsgContent.Text : `custom:${m.body[0].MsgContent.Data}`));
    expect(texts).toContain('转人工');
    expect(texts.indexOf('转人工')).toBeLessThan(texts.findIndex((t: string) => t.includes('Ann')));
    expect(texts.some((t: string) => t.includes('"src":"26"'))).toBe(false); // src 26 is a flag
    const seqs = all.messages.map((m: any) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    const last = await expectOk(ann.api('GET', `/workbench/sessions/${ids.alice}/messages?limit=2`));
    expect(last).toMatchObject({ more: true });
    expect(last.messages.map((m: any) => m.seq)).toEqual(seqs.slice(-2));
    const before = await expectOk(ann.api('GET', `/workbench/sessions/${ids.alice}/messages?limit=2&before=${seqs.at(-2)}`));
    expect(before.messages.map((m: any) => m.seq)).toEqual(seqs.slice(-4, -2));
    await expectError(ann.api('GET', `/workbench/sessions/${ids.alice}/messages?limit=0`), 400);
  });

  it('the customer panel: user id, nick, source and earlier sessions', async () => {
    await test.server.services.conversations.customerSend({
      appId: d.appId,
      accountId: '@customer_service_account',
      userId: users.alice,
      msgRandom: 'again',
      body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hello again' } }],
    });
    const info = await expectOk(ann.api('GET', `/workbench/sessions/${ids.bobby}`));
    expect(info).toMatchObject({
      session: { sessionId: ids.bobby, state: 'Agent', nick: 'Bobby Tables' },
      customer: { userId: users.bobby, nick: 'Bobby Tables', channelType: 'SDK', pastSessions: 0 },
      account: { accountId: '@customer_service_account' },
    });
    expect(info.account.nick).toBeTruthy();
    expect((await expectOk(ann.api('GET', `/workbench/sessions/${ids.alice}`))).customer.pastSessions).toBe(1);
  });

  it('who may read: the agent with it, agents who served it, the super admin; nobody else', async () => {
    // Bob never had these sessions: the open one, the ended one and the queued one are unknown to him.
    for (const id of [ids.bobby, ids.alice, ids.dave, 'no-such-session']) {
      await expectError(bob.api('GET', `/workbench/sessions/${id}/messages`), 404, 141005);
      await expectError(bob.api('GET', `/workbench/sessions/${id}`), 404, 141005);
    }
    expect((await d.admin.request('GET', `/workbench/sessions/${ids.dave}/messages`)).status).toBe(200);
    // The administrator's UserSig has no agent: no "mine".
    await expectError(d.admin.request('GET', '/workbench/sessions?view=mine'), 403, 'forbidden');

    // Ann transfers Bobby to Bob: both may read it afterwards, Bob because he has it, Ann because she served it.
    await expectOk(bob.api('PUT', '/workbench/status', { status: 'busy' }));
    await expectOk(ann.api('POST', `/workbench/sessions/${ids.bobby}/transfer`, { memberId: bob.memberId }));
    expect((await bob.api('GET', `/workbench/sessions/${ids.bobby}/messages`)).status).toBe(200);
    expect((await ann.api('GET', `/workbench/sessions/${ids.bobby}/messages`)).status).toBe(200);
    await expectOk(bob.api('POST', `/workbench/sessions/${ids.bobby}/end`));
    expect((await list(ann, 'view=history')).items.map((i: any) => i.sessionId)).toContain(ids.bobby);
    expect((await list(bob, 'view=history')).items.map((i: any) => i.sessionId)).toEqual([ids.bobby]);
  });

  it('staff of another app see nothing of this one', async () => {
    const other = await workbenchApp(test, 'Other app');
    const stranger = await loginAgent(other, { status: 'idle' });
    await expectError(stranger.api('GET', `/workbench/sessions/${ids.carol}/messages`), 404, 141005);
    await expectError(stranger.api('GET', `/workbench/sessions/${ids.carol}`), 404, 141005);
    await expectError(stranger.api('POST', `/workbench/sessions/${ids.carol}/end`), 404, 141005);
    await expectError(stranger.api('POST', `/workbench/sessions/${ids.carol}/messages`, { msgRandom: 1, body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'x' } }] }), 404, 141005);
    expect(await list(stranger, 'view=queue')).toMatchObject({ total: 0, counts: { mine: 0, queue: 0, history: 0 } });
    expect((await expectOk(stranger.api('GET', '/workbench/agents'))).items.map((a: any) => a.memberId)).toEqual([stranger.memberId]);
  });

  it('rejects bad list queries', async () => {
    await expectError(ann.api('GET', '/workbench/sessions?view=everything'), 400);
    await expectError(ann.api('GET', '/workbench/sessions?pageSize=101'), 400);
    await expectError(ann.api('GET', '/workbench/sessions?page=0'), 400);
    await expectError(ann.api('GET', `/workbench/sessions?q=${'x'.repeat(101)}`), 400);
  });
});
