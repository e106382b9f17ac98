import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { deliver } from '../callbacks/fixture.ts';
import { startReceiver, type Receiver } from '../callbacks/receiver.ts';
import { createApiClient, startTestServer, type TestServer } from '../harness.ts';
import { ACCOUNT, addAgent, desk, enter, expectOk, newDesk, newUser, stream, type Desk } from './helpers.ts';

// Desk.SessionEventNotify (spec 05 §7.2) for sessions driven by the human-service commands: the
// transfer events with their agents, AgentForward with ForwardFromAgentId, the end events, and
// IsContactUser on a contact_user session — each delivered once, in log order.

const WATCHED = ['TransferringToHuman', 'TransferToHumanSuccess', 'AgentForward', 'SessionAgentEnd', 'SessionEnd'];

describe('session-event callbacks of human service', () => {
  let test: TestServer;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
  let d: Desk;
  let hook: Receiver;

  beforeAll(async () => {
    test = await startTestServer({ clock, config: { allowPrivateOutbound: true } });
    d = await newDesk(test);
    hook = await startReceiver();
    const saved = await createApiClient(test, d.client).request('PUT', '/callbacks', { url: hook.url, enabled: true });
    expect(saved.status).toBe(200);
  });
  afterAll(async () => {
    await hook?.close();
    await test?.close();
  });

  /** The delivered bodies of one session's watched events, in log (event id) order. */
  function deliveredFor(sessionId: string) {
    return hook.received
      .filter((r) => r.body.SessionId === sessionId && WATCHED.includes(r.body.Event))
      .sort((a, b) => Number(a.headers['x-parley-event-id']) - Number(b.headers['x-parley-event-id']))
      .map((r) => r.body);
  }

  it('transfer_to_human, transfer_session and end_session: each event once, with its agents', async () => {
    const a = await addAgent(d);
    const b = await addAgent(d);
    const user = newUser();
    const sessionId = await enter(d, user);
    expectOk(await desk(d.client, 'transfer_to_human', { SessionId: sessionId, AgentIdList: [a] }));
    expectOk(await desk(d.client, 'transfer_session', { SessionId: sessionId, MemberId: b }));
    expectOk(await desk(d.client, 'end_session', { SessionId: sessionId }));

    // The contact_user session of another user, started by `a` and ended by the app.
    const key = await test.server.services.customers.publicKeyOf(d.appId, ACCOUNT);
    const visitor = (await test.server.services.customers.visitor(key!)).userId;
    const contacted = await desk(d.client, 'contact_user', { IMAgentUserID: ACCOUNT, ClientUserID: visitor, MemberId: a });
    expectOk(contacted);
    expectOk(await desk(d.client, 'end_session', { SessionId: contacted.SessionId }));

    await deliver(test, clock, d.appId, 3);

    const transferred = deliveredFor(sessionId);
    expect(transferred.map((e) => e.Event)).toEqual(WATCHED);
    const [transferring, success, forward, agentEnd, end] = transferred;
    for (const e of transferred) {
      expect(e).toMatchObject({ CallbackCommand: 'Desk.SessionEventNotify', SessionId: sessionId, ClientUserId: user, CustomerServiceId: ACCOUNT, ChannelType: 'SDK', IsContactUser: false });
    }
    expect(transferring.AgentId).toBe('');
    expect(success).toMatchObject({ AgentId: a, ForwardFromAgentId: '' });
    expect(forward).toMatchObject({ AgentId: b, ForwardFromAgentId: a });
    expect(agentEnd).toMatchObject({ AgentId: b, ForwardFromAgentId: '' });
    expect(end.AgentId).toBe(b);

    const contactEvents = hook.received.filter((r) => r.body.SessionId === contacted.SessionId).map((r) => r.body);
    expect(contactEvents.map((e) => e.Event)).toEqual(expect.arrayContaining(['SessionBegin', 'TransferToHumanSuccess', 'SessionAgentEnd', 'SessionEnd']));
    expect(contactEvents.map((e) => e.Event)).not.toContain('TransferringToHuman');
    for (const e of contactEvents) expect(e, e.Event).toMatchObject({ IsContactUser: true, ClientUserId: visitor, ChannelType: 'Web(H5)' });
    expect(contactEvents.find((e) => e.Event === 'TransferToHumanSuccess')).toMatchObject({ AgentId: a });

    // Exactly one delivery per logged Desk event of these sessions.
    const logged = [...(await stream(d, user)), ...(await stream(d, visitor))].filter((e) => WATCHED.includes(e.type) || e.type === 'SessionBegin');
    const deliveredIds = hook.received.map((r) => Number(r.headers['x-parley-event-id']));
    for (const e of logged)
      expect(
        deliveredIds.filter((id) => id === e.id),
        e.type,
      ).toHaveLength(1);
  });
});
