import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { createRestClient, startTestServer, type TestServer } from '../harness.ts';
import { addAgent, askForHuman, deskOf, newUser, sessionRow, type Desk } from './helpers.ts';

const ACCOUNT = '@customer_service_account';

/** Rating cards (src 9) of a session's conversation, oldest first. */
async function cards(d: Desk, userId: string) {
  const events = await d.test.server.services.events.log.read(d.appId, `conv:${ACCOUNT}:${userId}`, 0);
  return events
    .filter((e) => e.type === 'SystemSendMsg')
    .map((e) => (e.payload.msgBody as any[])[0]?.MsgContent?.Data as string | undefined)
    .filter((data): data is string => !!data && data.includes('"src":"9"'))
    .map((data) => JSON.parse(data));
}

describe('satisfaction ratings in human service', () => {
  let test: TestServer;
  let d: Desk;
  let agent: string;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));

  beforeAll(async () => {
    test = await startTestServer({ clock });
    d = deskOf(test, await createRestClient(test));
    agent = await addAgent(d, { maxConcurrent: 50 });
  });
  afterAll(() => test.close());
  beforeEach(() => test.server.services.satisfaction.update(d.appId, { enabled: true, invitationMethod: 3 }));

  const user = () => newUser('rater');
  const end = (sessionId: string) => test.server.services.agentWork.actions.end(d.appId, sessionId, { memberId: agent });
  const invite = (sessionId: string) => test.server.services.agentWork.actions.inviteRating(d.appId, sessionId, { memberId: agent });

  it('method 3: a card is sent after the end when the agent did not invite', async () => {
    const u = user();
    const sessionId = await askForHuman(d, u);
    expect((await sessionRow(d, sessionId)).agentId).toBe(agent);
    await end(sessionId);
    expect(await cards(d, u)).toHaveLength(1);
  });

  it('method 3: after an invitation, no second card at the end', async () => {
    const u = user();
    const sessionId = await askForHuman(d, u);
    await invite(sessionId);
    await end(sessionId);
    expect(await cards(d, u)).toHaveLength(1);
  });

  it('method 1: agents may not invite; the card comes after the end', async () => {
    await test.server.services.satisfaction.update(d.appId, { invitationMethod: 1 });
    const u = user();
    const sessionId = await askForHuman(d, u);
    await expect(invite(sessionId)).rejects.toMatchObject({ code: 141026 });
    await end(sessionId);
    expect(await cards(d, u)).toHaveLength(1);
  });

  it('method 2: invitation only, nothing after the end; ratings off: no card at all', async () => {
    await test.server.services.satisfaction.update(d.appId, { invitationMethod: 2 });
    const u = user();
    const s1 = await askForHuman(d, u);
    await end(s1);
    expect(await cards(d, u)).toHaveLength(0);
    await test.server.services.satisfaction.update(d.appId, { enabled: false });
    const v = user();
    const s2 = await askForHuman(d, v);
    await expect(invite(s2)).rejects.toMatchObject({ code: 141026 });
    await end(s2);
    expect(await cards(d, v)).toHaveLength(0);
  });

  it('the user rates the card after the end within its validity, and not after it expired', async () => {
    const u = user();
    const sessionId = await askForHuman(d, u);
    await end(sessionId);
    const [card] = await cards(d, u);
    const select = (levelId: string) =>
      test.server.services.conversations.customerSend({
        appId: d.appId,
        accountId: ACCOUNT,
        userId: u,
        msgRandom: `r-${levelId}-${Math.random()}`,
        body: [
          {
            MsgType: 'TIMCustomElem',
            MsgContent: { Data: JSON.stringify({ customerServicePlugin: 0, src: '10', menuSelected: { id: levelId, content: 'x', sessionId: card.menuContent.sessionId } }) },
          },
        ],
      });
    await select('105');
    expect((await sessionRow(d, sessionId)).satisfaction).toBe(5);

    const v = user();
    const other = await askForHuman(d, v);
    await end(other);
    const [late] = await cards(d, v);
    clock.advance((late.menuContent.effectiveHour * 3600 + 1) * 1000);
    await expect(
      test.server.services.conversations.customerSend({
        appId: d.appId,
        accountId: ACCOUNT,
        userId: v,
        msgRandom: 'late',
        body: [
          { MsgType: 'TIMCustomElem', MsgContent: { Data: JSON.stringify({ customerServicePlugin: 0, src: '10', menuSelected: { id: '101', content: 'x', sessionId: late.menuContent.sessionId } }) } },
        ],
      }),
    ).rejects.toMatchObject({ code: 141026 });
    expect((await sessionRow(d, other)).satisfaction).toBeNull();
  });

  it('a session only the robot served gets no card at its end', async () => {
    const u = user();
    const { sessionId } = await test.server.services.conversations.enter({ appId: d.appId, accountId: ACCOUNT, userId: u });
    await test.server.services.conversations.endSession(d.appId, sessionId, 'user');
    expect(await cards(d, u)).toHaveLength(0);
  });
});
