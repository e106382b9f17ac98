import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '@parley/protocol';
import { ConversationStore } from '../../src/client/conversation-store.ts';
import { canRequestRating } from '../../src/client/session-state.ts';
import { desk, text } from './fake-chat-server.ts';

let seq = 0;
const ev = (fields: Partial<ChatEvent> & { type: string } & Record<string, unknown>): ChatEvent => ({ seq: ++seq, at: 1_700_000_000_000 + seq, sessionId: 's1', ...fields });
type Content = { Text?: string; Data?: string };
const contentOf = (body: { MsgContent: unknown }[]) => body[0].MsgContent as Content;
const textOf = (store: ConversationStore) => store.list().map((m) => contentOf(m.body).Text ?? JSON.parse(String(contentOf(m.body).Data)).src);
const streamOf = (store: ConversationStore, key: string) => JSON.parse(String(contentOf(store.list().find((m) => m.msgKey === key)!.body).Data));

describe('ConversationStore', () => {
  it('applies a replay and then live events in seq order, keyed by MsgKey', () => {
    seq = 0;
    const store = new ConversationStore();
    const replay = [
      ev({ type: 'SessionBegin' }),
      ev({ type: 'SystemSendMsg', role: 3, msgKey: 'k1', msgBody: text('Hello') }),
      ev({ type: 'ChatBot.UserSendMsg', role: 1, msgKey: 'k2', msgBody: text('Price?') }),
    ];
    for (const event of replay) expect(store.apply(event).applied).toBe(true);
    const live = store.apply(ev({ type: 'ChatBot.RobotSendMsg', role: 2, msgKey: 'k3', msgBody: text('10 yuan') }));
    expect(live.added?.msgKey).toBe('k3');
    expect(textOf(store)).toEqual(['Hello', 'Price?', '10 yuan']);
    expect(store.list().map((m) => m.role)).toEqual([3, 1, 2]);
    expect(store.cursor).toBe(4);
    expect(store.session).toMatchObject({ sessionId: 's1', phase: 'robot' });
  });

  it('ignores events at or below the cursor, so a replay after reconnect doubles nothing', () => {
    seq = 0;
    const store = new ConversationStore();
    const events = [
      ev({ type: 'SessionBegin' }),
      ev({ type: 'ChatBot.UserSendMsg', role: 1, msgKey: 'a', msgBody: text('one') }),
      ev({ type: 'ChatBot.RobotSendMsg', role: 2, msgKey: 'b', msgBody: text('two') }),
    ];
    for (const event of events) store.apply(event);
    // The server replays from an older cursor (e.g. the snapshot was saved before the last events).
    for (const event of events) expect(store.apply(event).applied).toBe(false);
    expect(textOf(store)).toEqual(['one', 'two']);
    // A restored snapshot resumes at its cursor too.
    const restored = new ConversationStore(store.snapshot());
    expect(restored.apply(events[2]).applied).toBe(false);
    expect(restored.apply(ev({ type: 'ChatBot.RobotSendMsg', role: 2, msgKey: 'c', msgBody: text('three') })).applied).toBe(true);
    expect(textOf(restored)).toEqual(['one', 'two', 'three']);
  });

  it('replaces a body on MessageModified (a rating card gets its selection)', () => {
    seq = 0;
    const store = new ConversationStore();
    const card = { menuContent: { head: 'Rate us', menu: [{ id: '105', content: 'Great' }], type: 1, sessionId: 'r1' } };
    store.apply(ev({ type: 'SystemSendMsg', role: 3, msgKey: 'r1', msgBody: desk('9', card) }));
    store.apply(ev({ type: 'MessageModified', msgKey: 'r1', msgBody: desk('9', { menuContent: { ...card.menuContent, selected: { id: '105', content: 'Great' } } }) }));
    expect(store.list()).toHaveLength(1);
    expect(streamOf(store, 'r1').menuContent.selected).toEqual({ id: '105', content: 'Great' });
    // A modification of a message this client never saw is ignored, not invented.
    store.apply(ev({ type: 'MessageModified', msgKey: 'unknown', msgBody: text('x') }));
    expect(store.list()).toHaveLength(1);
  });

  it('grows a src 31 message chunk by chunk and closes it on StreamEnd', () => {
    seq = 0;
    const store = new ConversationStore();
    store.apply(ev({ type: 'ChatBot.RobotSendMsg', role: 2, msgKey: 's', msgBody: desk('31', { chunks: ['You '], isFinished: 0 }) }));
    expect(store.list()[0].streaming).toBe(true);
    store.apply(ev({ type: 'StreamChunk', msgKey: 's', chunk: 'can ', chunkIndex: 1 }));
    store.apply(ev({ type: 'StreamChunk', msgKey: 's', chunk: 'do it', chunkIndex: 2 }));
    expect(streamOf(store, 's')).toMatchObject({ chunks: ['You ', 'can ', 'do it'], isFinished: 0 });
    store.apply(ev({ type: 'StreamEnd', msgKey: 's', reason: 'finished' }));
    expect(streamOf(store, 's').isFinished).toBe(1);
    expect(store.list()[0].streaming).toBe(false);
    expect(store.list()).toHaveLength(1);
  });

  it('derives the session from events and flags, and keeps flags out of the list', () => {
    seq = 0;
    const store = new ConversationStore();
    store.apply(ev({ type: 'SessionBegin' }));
    store.apply(ev({ type: 'SystemSendMsg', role: 3, msgKey: 'f1', msgBody: desk('23', { content: { menuSendRuleFlag: 7 } }) }));
    store.apply(ev({ type: 'SystemSendMsg', role: 3, msgKey: 'f2', msgBody: desk('26', { content: { command: 'updateSeatStatus', content: 'outSeat' } }) }));
    expect(store.session).toMatchObject({ phase: 'robot', inSeat: false, ratingRuleFlag: 7 });
    expect(canRequestRating(store.session)).toBe(false);
    store.apply(ev({ type: 'TransferringToHuman' }));
    expect(store.session.phase).toBe('queueing');
    store.apply(ev({ type: 'TransferringToHumanWait', queuePosition: 3 }));
    expect(store.session.queuePosition).toBe(3);
    store.apply(ev({ type: 'TransferToHumanSuccess', agentNick: 'Alice' }));
    store.apply(ev({ type: 'SystemSendMsg', role: 3, msgKey: 'f3', msgBody: desk('26', { content: { command: 'updateSeatStatus', content: 'inSeat' } }) }));
    expect(store.session).toMatchObject({ phase: 'agent', inSeat: true, agentName: 'Alice' });
    expect(canRequestRating(store.session)).toBe(true);
    store.apply(ev({ type: 'Human.AgentSendMsg', role: 2, msgKey: 'm1', msgBody: text('Hi, Alice here') }));
    expect(store.list().at(-1)?.senderName).toBe('Alice');
    store.apply(ev({ type: 'SessionAgentEnd' }));
    store.apply(ev({ type: 'SystemSendMsg', role: 3, msgKey: 'f4', msgBody: desk('19') }));
    store.apply(ev({ type: 'SystemSendMsg', role: 3, msgKey: 'f5', msgBody: desk('26', { content: { command: 'updateSeatStatus', content: 'outSeat' } }) }));
    store.apply(ev({ type: 'SessionEnd' }));
    expect(store.session).toMatchObject({ phase: 'ended', inSeat: false });
    // src 19 (session ended) is shown; 23 and 26 are not.
    expect(store.list().map((m) => m.msgKey)).toEqual(['m1', 'f4']);
    store.apply(ev({ type: 'SessionBegin', sessionId: 's2' }));
    expect(store.session).toMatchObject({ sessionId: 's2', phase: 'robot', ratingRuleFlag: 7 });
  });

  it('goes back to the robot when nobody is online', () => {
    seq = 0;
    const store = new ConversationStore();
    store.apply(ev({ type: 'SessionBegin' }));
    store.apply(ev({ type: 'TransferringToHuman' }));
    store.apply(ev({ type: 'NoAgentOnline' }));
    expect(store.session.phase).toBe('robot');
  });
});

describe('ConversationStore older messages (history)', () => {
  const older = (seq: number, msgKey: string, body = text(`m${seq}`)) => ({ seq, msgKey, role: 2 as const, at: 1_700_000_000_000 + seq, msgBody: body });

  it('inserts older messages by seq, once per MsgKey, without moving the cursor', () => {
    seq = 100;
    const store = new ConversationStore();
    store.apply(ev({ type: 'ChatBot.RobotSendMsg', role: 2, msgKey: 'k101', msgBody: text('m101') }));
    store.apply(ev({ type: 'ChatBot.RobotSendMsg', role: 2, msgKey: 'k102', msgBody: text('m102') }));
    expect(store.cursor).toBe(102);
    expect(store.oldestSeq()).toBe(101);

    // Newest first, as the server pages; one of them the store already has (a page overlapping the replay).
    expect(store.insertOlder([older(101, 'k101', text('stale copy')), older(99, 'k99'), older(97, 'k97')])).toBe(2);
    expect(textOf(store)).toEqual(['m97', 'm99', 'm101', 'm102']);
    expect(store.cursor).toBe(102);
    expect(store.oldestSeq()).toBe(97);
    // The same page again changes nothing.
    expect(store.insertOlder([older(99, 'k99'), older(97, 'k97')])).toBe(0);
    expect(textOf(store)).toEqual(['m97', 'm99', 'm101', 'm102']);

    // The snapshot keeps the cursor: a reload resumes after 102, not from the older messages.
    expect(store.snapshot().cursor).toBe(102);
    // Live events still apply after the inserted history.
    store.apply(ev({ type: 'ChatBot.RobotSendMsg', role: 2, msgKey: 'k103', msgBody: text('m103') }));
    expect(textOf(store)).toEqual(['m97', 'm99', 'm101', 'm102', 'm103']);
    expect(store.cursor).toBe(103);
  });

  it('leaves state flags out and marks an unfinished stream as streaming, like apply does', () => {
    const store = new ConversationStore();
    const openStream = desk('31', { chunks: ['Hal'], isFinished: 0 });
    expect(store.insertOlder([older(5, 'flag', desk('26', { content: { command: 'updateSeatStatus', content: 'inSeat' } })), older(4, 'stream', openStream)])).toBe(1);
    expect(store.list()).toEqual([expect.objectContaining({ msgKey: 'stream', streaming: true })]);
    expect(store.cursor).toBe(0);
  });
});
