import { beforeEach, describe, expect, it } from 'vitest';
import type { MsgElement } from '../src/api/types';
import { fromEvent, fromHistory, growStream, type ChatMessage } from '../src/chat/chat-message';
import { addSending, applyConversationEvent, conversationOf, conversationStore, failSending, merge, resumeCursors, settleSending } from '../src/chat/conversation-store';

// A session's lines from two sources (history pages and live events) merge by msgKey in seq order;
// the agent's own line is shown at once and replaced by the server's, never doubled.

const text = (words: string): MsgElement[] => [{ MsgType: 'TIMTextElem', MsgContent: { Text: words } }];
const stream = (chunks: string[], finished: 0 | 1): MsgElement[] => [
  { MsgType: 'TIMCustomElem', MsgContent: { Data: JSON.stringify({ customerServicePlugin: 0, src: '31', chunks, isFinished: finished }) } },
];
const event = (seq: number, type: string, payload: Record<string, unknown>) => ({ seq, type, at: 1_000 * seq, payload: { sessionId: 's', ...payload } });

describe('chat lines', () => {
  it('tells the customer, the robot, an agent and the system apart', () => {
    const row = (fromRole: 1 | 2 | 3, fromAccount: string) =>
      fromHistory({ msgKey: 'k', seq: 1, fromAccount, fromRole, body: text('x'), cloudCustomData: '', at: '2026-03-02T09:00:00Z', modifiedAt: null }, 'acc');
    expect(row(1, 'visitor_1').speaker).toBe('customer');
    expect(row(2, 'acc')).toMatchObject({ speaker: 'robot' });
    expect(row(2, 'ann@example.com')).toMatchObject({ speaker: 'agent', agentId: 'ann@example.com' });
    expect(row(3, 'acc').speaker).toBe('system');
    expect(fromEvent(event(4, 'Human.AgentSendMsg', { msgKey: 'a', msgBody: text('hi'), agentId: 'bob@example.com', fromAccountRole: 2 }))).toMatchObject({
      speaker: 'agent',
      agentId: 'bob@example.com',
      seq: 4,
    });
    expect(fromEvent(event(5, 'SessionEnd', {}))).toBeUndefined();
  });

  it('grows a streaming answer and finishes it', () => {
    const grown = growStream(stream(['Hel'], 0), { chunk: 'lo' });
    expect(JSON.parse((grown[0].MsgContent as { Data: string }).Data)).toMatchObject({ chunks: ['Hel', 'lo'], isFinished: 0 });
    expect(JSON.parse((growStream(grown, { finished: true })[0].MsgContent as { Data: string }).Data).isFinished).toBe(1);
    expect(growStream(text('plain'), { chunk: 'x' })).toEqual(text('plain'));
  });

  it('merges by key, in seq order', () => {
    const line = (key: string, seq: number, words = key): ChatMessage => ({ key, seq, role: 1, speaker: 'customer', at: seq, body: text(words) });
    const merged = merge([line('b', 2), line('d', 4)], [line('a', 1), line('c', 3), line('b', 2, 'b edited')]);
    expect(merged.map((m) => m.key)).toEqual(['a', 'b', 'c', 'd']);
    expect(merged[1].body).toEqual(text('b edited'));
  });
});

describe('conversation store', () => {
  beforeEach(() => conversationStore.set({ byId: {} }));

  it('applies live events: new lines once, edits, stream chunks; and keeps the resume cursor', () => {
    expect(applyConversationEvent('s', event(3, 'ChatBot.UserSendMsg', { msgKey: 'u1', msgBody: text('hi'), fromAccountRole: 1 }))?.key).toBe('u1');
    expect(applyConversationEvent('s', event(3, 'ChatBot.UserSendMsg', { msgKey: 'u1', msgBody: text('hi'), fromAccountRole: 1 }))).toBeUndefined();
    applyConversationEvent('s', event(4, 'ChatBot.RobotSendMsg', { msgKey: 'r1', msgBody: stream(['Hello'], 0), fromAccountRole: 2 }));
    expect(conversationOf('s').messages[1].streaming).toBe(true);
    applyConversationEvent('s', event(5, 'StreamChunk', { msgKey: 'r1', chunk: ', world' }));
    applyConversationEvent('s', event(6, 'StreamEnd', { msgKey: 'r1', reason: 'finished' }));
    const robot = conversationOf('s').messages[1];
    expect(robot.streaming).toBe(false);
    expect(JSON.parse((robot.body[0].MsgContent as { Data: string }).Data)).toMatchObject({ chunks: ['Hello', ', world'], isFinished: 1 });
    applyConversationEvent('s', event(7, 'MessageModified', { msgKey: 'u1', msgBody: text('hi (edited)') }));
    expect(conversationOf('s').messages[0].body).toEqual(text('hi (edited)'));
    applyConversationEvent('s', event(8, 'TransferToHumanSuccess', {}));
    expect(resumeCursors(['s', 'other'])).toEqual(['s:8']);
  });

  it('the agent’s line is replaced by its echo from the socket, or settled by the ack, never both', () => {
    addSending('s', 'r-1', 'ann', text('On it'));
    expect(conversationOf('s').messages).toMatchObject([{ key: 'local:r-1', delivery: 'sending' }]);
    // The socket is faster than the HTTP answer.
    applyConversationEvent('s', event(10, 'Human.AgentSendMsg', { msgKey: 'srv-1', msgBody: text('On it'), agentId: 'ann', fromAccountRole: 2 }));
    settleSending('s', 'r-1', 'srv-1', 10);
    expect(conversationOf('s').messages.map((m) => [m.key, m.delivery])).toEqual([['srv-1', undefined]]);

    // The ack first, then the echo.
    addSending('s', 'r-2', 'ann', text('Done'));
    settleSending('s', 'r-2', 'srv-2', 11);
    applyConversationEvent('s', event(11, 'Human.AgentSendMsg', { msgKey: 'srv-2', msgBody: text('Done'), agentId: 'ann', fromAccountRole: 2 }));
    expect(conversationOf('s').messages.map((m) => m.key)).toEqual(['srv-1', 'srv-2']);
  });

  it('a failed line keeps its error and goes back to sending on retry', () => {
    addSending('s', 'r-3', 'ann', text('Hello?'));
    failSending('s', 'r-3', new Error('offline'));
    expect(conversationOf('s').messages[0]).toMatchObject({ delivery: 'failed' });
    addSending('s', 'r-3', 'ann', text('Hello?'));
    expect(conversationOf('s').messages).toHaveLength(1);
    expect(conversationOf('s').messages[0]).toMatchObject({ delivery: 'sending', error: undefined });
  });
});
