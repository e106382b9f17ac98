import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationTx, Session } from '../../src/conversations/conversation-tx.ts';
import { assertChange, canMove, NO_SESSION, SESSION_TRANSITIONS, type SessionStateOrNone } from '../../src/conversations/session-states.ts';
import type { SessionState } from '../../src/conversations/schema.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { addAgent, desk, enter, expectOk, newDesk, newUser, served, sessionRow, stream, type Desk } from '../human-rest/helpers.ts';

// The session state machine (spec 05 §6.2): the moves as data, and ConversationTx.change() refusing
// the others with 141026 before anything is written.

const STATES: SessionState[] = ['Chatbot', 'Queueing', 'WaitingForAgentAnswering', 'Agent', 'Ended'];

const codeOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return (error as { code?: number }).code;
  }
  return undefined;
};

describe('the session state table', () => {
  it('allows the moves the code takes', () => {
    const taken: Array<[SessionStateOrNone, SessionState]> = [
      [NO_SESSION, 'Chatbot'],
      ['Chatbot', 'Queueing'],
      ['Chatbot', 'Agent'],
      ['Chatbot', 'Ended'],
      ['Queueing', 'Chatbot'],
      ['Queueing', 'WaitingForAgentAnswering'],
      ['Queueing', 'Agent'],
      ['Queueing', 'Ended'],
      ['WaitingForAgentAnswering', 'Agent'],
      ['WaitingForAgentAnswering', 'Queueing'],
      ['WaitingForAgentAnswering', 'Ended'],
      ['Agent', 'Agent'],
      ['Agent', 'Queueing'],
      ['Agent', 'Ended'],
    ];
    for (const [from, to] of taken)
      expect(
        codeOf(() => assertChange(from, to, ['state'])),
        `${from} → ${to}`,
      ).toBeUndefined();
  });

  it('refuses every other move with 141026', () => {
    const refused: Array<[SessionStateOrNone, SessionState]> = [
      [NO_SESSION, 'Queueing'],
      [NO_SESSION, 'Agent'],
      [NO_SESSION, 'Ended'],
      ['Chatbot', 'WaitingForAgentAnswering'], // an offer comes only from routing, out of the queue
      ['WaitingForAgentAnswering', 'Chatbot'],
      ['Agent', 'Chatbot'],
      ['Agent', 'WaitingForAgentAnswering'],
      ...STATES.filter((to) => to !== 'Ended').map((to): [SessionStateOrNone, SessionState] => ['Ended', to]),
    ];
    for (const [from, to] of refused) {
      expect(canMove(from, to), `${from} → ${to}`).toBe(false);
      expect(
        codeOf(() => assertChange(from, to, ['state'])),
        `${from} → ${to}`,
      ).toBe(141026);
    }
    expect(SESSION_TRANSITIONS.Ended).toEqual([]);
  });

  it('a change that keeps the state is no move; an ended session takes only its rating', () => {
    for (const state of STATES.filter((s) => s !== 'Ended')) expect(codeOf(() => assertChange(state, undefined, ['mark']))).toBeUndefined();
    expect(codeOf(() => assertChange('Queueing', 'Queueing', ['state', 'priority']))).toBeUndefined();
    expect(codeOf(() => assertChange('Ended', undefined, ['satisfaction']))).toBeUndefined();
    expect(codeOf(() => assertChange('Ended', undefined, ['mark']))).toBe(141026);
    expect(codeOf(() => assertChange('Ended', undefined, ['suspended']))).toBe(141026);
    expect(codeOf(() => assertChange('Ended', 'Ended', ['state', 'endStatus']))).toBe(141026);
  });
});

describe('ConversationTx.change', () => {
  let test: TestServer;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));

  beforeAll(async () => {
    test = await startTestServer({ clock });
  });
  afterAll(() => test.close());

  const onSession = <T>(d: Desk, sessionId: string, work: (ctx: ConversationTx, session: Session) => Promise<T>) =>
    test.server.services.conversations.runner.onSession(d.appId, sessionId, work, { allowEnded: true });

  /** Runs `work` and expects 141026 with the session row and the conversation's events untouched. */
  async function expectRefusedUntouched(d: Desk, sessionId: string, userId: string, work: (ctx: ConversationTx, session: Session) => Promise<unknown>) {
    const row = await sessionRow(d, sessionId);
    const events = (await stream(d, userId)).map((e) => e.id);
    await expect(onSession(d, sessionId, work)).rejects.toMatchObject({ code: 141026 });
    expect(await sessionRow(d, sessionId)).toEqual(row);
    expect((await stream(d, userId)).map((e) => e.id)).toEqual(events);
  }

  it('refuses an offer straight from the robot, and writes nothing', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d);
    const userId = newUser();
    const sessionId = await enter(d, userId);
    await expectRefusedUntouched(d, sessionId, userId, (ctx, session) => ctx.change(session, { state: 'WaitingForAgentAnswering', agentId: agent }, { type: 'SessionOfferedToAgent' }));
    expect((await sessionRow(d, sessionId)).state).toBe('Chatbot');
  });

  it('refuses to move or mark an ended session, but records its rating', async () => {
    const d = await newDesk(test);
    const s = await served(d, await addAgent(d));
    expectOk(await desk(d.client, 'end_session', { SessionId: s.sessionId }));
    await expectRefusedUntouched(d, s.sessionId, s.userId, (ctx, session) => ctx.change(session, { state: 'Agent' }, { type: 'TransferToHumanSuccess' }));
    await expectRefusedUntouched(d, s.sessionId, s.userId, (ctx, session) => ctx.change(session, { mark: 'late note' }, { type: 'SessionMarked', payload: { mark: 'late note' } }));

    await onSession(d, s.sessionId, (ctx, session) => ctx.change(session, { satisfaction: 4 }, { type: 'SatisfactionSelected', payload: { satisfactionSelected: 4 } }));
    expect((await sessionRow(d, s.sessionId)).satisfaction).toBe(4);
    expect((await stream(d, s.userId)).at(-1)).toMatchObject({ type: 'SatisfactionSelected', payload: { satisfactionSelected: 4 } });
  });

  it('the row and its event commit together: a failure later in the transaction undoes both', async () => {
    const d = await newDesk(test);
    const s = await served(d, await addAgent(d));
    const events = (await stream(d, s.userId)).length;
    const failure = new Error('something after the change failed');
    await expect(
      onSession(d, s.sessionId, async (ctx, session) => {
        await ctx.change(session, { suspended: true }, { type: 'SessionSuspended' });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect((await sessionRow(d, s.sessionId)).suspended).toBe(false);
    expect(await stream(d, s.userId)).toHaveLength(events);
  });

  it('bookkeeping fields change without an event; any other field through note() is a programming error', async () => {
    const d = await newDesk(test);
    const userId = newUser();
    const sessionId = await enter(d, userId);
    const events = (await stream(d, userId)).length;
    await onSession(d, sessionId, (ctx, session) => ctx.note(session, { announcedPosition: 3 }));
    expect((await sessionRow(d, sessionId)).announcedPosition).toBe(3);
    expect(await stream(d, userId)).toHaveLength(events);
    await expect(onSession(d, sessionId, (ctx, session) => ctx.note(session, { suspended: true } as never))).rejects.toThrow(/change\(\)/);
    expect((await sessionRow(d, sessionId)).suspended).toBe(false);
  });
});
