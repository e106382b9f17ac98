// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionItem, SocketFrame, StreamEvent } from '../src/api/types';
import { appEvents, type WorkbenchEvent } from '../src/app-events';
import { conversationOf, conversationStore } from '../src/chat/conversation-store';
import { Live, onSessionChanged } from '../src/realtime/live';
import { socketUrl, backoffDelay } from '../src/realtime/connection';
import { patchItem, resetSessions, select, sessionStore } from '../src/sessions/session-store';
import { statusStore } from '../src/status/status-store';
import { fakeFetch, settle } from './support/dom';

// What the workbench makes of its socket's frames: lists, conversations, status, and the events the
// outside hears (callIn, userAccessed, transfer, autoTransfer, sessionEnded, statusChanged, newMessage).

const ME = 'ann@example.com';
const T0 = Date.now();
let seq = 0;
const agentFrame = (type: string, payload: Record<string, unknown>, at = T0): SocketFrame => ({ type: 'agent', event: { seq: ++seq, type, at, payload } });
const conversationFrame = (sessionId: string, type: string, payload: Record<string, unknown>, at = T0): SocketFrame => ({
  type: 'conversation',
  sessionId,
  event: { seq: ++seq, type, at, payload: { sessionId, ...payload } } as StreamEvent,
});
const text = (words: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: words } }];

function sessionItem(sessionId: string, state: SessionItem['state'], nick = 'Lena'): SessionItem {
  return {
    sessionId,
    accountId: 'acc',
    userId: `user-${sessionId}`,
    nick,
    channelType: 'Web(H5)',
    state,
    agentId: ME,
    startedAt: new Date(T0).toISOString(),
    endedAt: null,
    endStatus: null,
    queuedAt: null,
    assignedAt: new Date(T0).toISOString(),
    acceptedAt: null,
    acceptDeadline: state === 'WaitingForAgentAnswering' ? new Date(Date.now() + 60_000).toISOString() : null,
    suspended: false,
    mark: '',
    starred: false,
    satisfaction: null,
    isContactUser: false,
    lastMessage: null,
  };
}

describe('Live', () => {
  let mine: SessionItem[];
  let events: WorkbenchEvent[];
  let stop: () => void;
  let notices: string[];
  let live: Live;

  beforeEach(() => {
    resetSessions();
    conversationStore.set({ byId: {} });
    mine = [];
    events = [];
    notices = [];
    stop = appEvents.on((event) => events.push(event));
    vi.stubGlobal('fetch', fakeFetch({ 'GET /api/workbench/sessions': () => ({ items: mine, total: mine.length, page: 1, pageSize: 30, counts: { mine: mine.length, queue: 0, history: 0 } }) }).fetch);
    live = new Live({ memberId: ME, sdkAppId: 1400000001, preview: (m) => JSON.stringify(m.body), notice: (key) => notices.push(key) }, vi.fn());
  });
  afterEach(() => {
    stop();
    vi.unstubAllGlobals();
  });

  const open = async () => {
    live.onFrame({ type: 'ready', memberId: ME, after: 0, head: 0, sessions: [] });
    await settle();
  };

  it('an offer is a callIn with the nickname and the seconds left; accepting it is userAccessed', async () => {
    await open();
    expect(events).toEqual([{ type: 'ready', memberId: ME, sdkAppId: 1400000001 }]);
    mine = [sessionItem('s1', 'WaitingForAgentAnswering')];
    live.onFrame(agentFrame('SessionOffered', { sessionId: 's1', state: 'WaitingForAgentAnswering' }));
    await vi.waitFor(() => expect(events.some((e) => e.type === 'callIn')).toBe(true));
    const callIn = events.find((e) => e.type === 'callIn') as Extract<WorkbenchEvent, { type: 'callIn' }>;
    expect(callIn).toMatchObject({ sessionId: 's1', nickname: 'Lena', peerSource: 'Web(H5)' });
    expect(callIn.timeout).toBeGreaterThan(50);
    expect(callIn.timeout).toBeLessThanOrEqual(60);
    expect(sessionStore.get().lists.mine.items.map((i) => i.sessionId)).toEqual(['s1']);

    // The accept button's answer may update the list before the socket's SessionAssigned arrives.
    mine = [sessionItem('s1', 'Agent')];
    patchItem('s1', { state: 'Agent' });
    live.onFrame(agentFrame('SessionAssigned', { sessionId: 's1', state: 'Agent' }));
    await vi.waitFor(() => expect(events.at(-1)).toEqual({ type: 'userAccessed', sessionId: 's1' }));
    expect(events.filter((e) => e.type === 'callIn')).toHaveLength(1);
  });

  it('a session assigned straight away is a callIn without a timeout', async () => {
    await open();
    mine = [sessionItem('s2', 'Agent', 'Max')];
    live.onFrame(agentFrame('SessionAssigned', { sessionId: 's2', state: 'Agent' }));
    await vi.waitFor(() => expect(events.at(-1)).toMatchObject({ type: 'callIn', sessionId: 's2', nickname: 'Max', timeout: 0 }));
    expect(notices).toContain('live.assigned');
  });

  it('the robot part replayed with a new session is history; later customer messages are news and unread', async () => {
    await open();
    mine = [sessionItem('s3', 'Agent')];
    live.onFrame(agentFrame('SessionAssigned', { sessionId: 's3' }, T0 + 10_000));
    await settle();
    // The conversation replays from the session's start: before the assignment.
    live.onFrame(conversationFrame('s3', 'ChatBot.UserSendMsg', { msgKey: 'm1', msgBody: text('where is my parcel'), fromAccountRole: 1 }, T0 + 1_000));
    live.onFrame(conversationFrame('s3', 'ChatBot.RobotSendMsg', { msgKey: 'm2', msgBody: text('Let me check'), fromAccountRole: 2 }, T0 + 2_000));
    expect(events.filter((e) => e.type === 'newMessage')).toEqual([]);
    expect(sessionStore.get().unread).toEqual({});
    expect(conversationOf('s3').messages.map((m) => [m.key, m.speaker])).toEqual([
      ['m1', 'customer'],
      ['m2', 'robot'],
    ]);

    live.onFrame(conversationFrame('s3', 'Human.UserSendMsg', { msgKey: 'm3', msgBody: text('hello?'), fromAccountRole: 1 }, T0 + 20_000));
    expect(events.filter((e) => e.type === 'newMessage')).toEqual([{ type: 'newMessage', sessionId: 's3', preview: JSON.stringify(text('hello?')) }]);
    expect(sessionStore.get().unread).toEqual({ s3: 1 });
    expect(sessionStore.get().lists.mine.items[0].lastMessage?.msgKey).toBe('m3');

    // The same event again (a resumed socket): no second line, no second alert.
    live.onFrame({
      type: 'conversation',
      sessionId: 's3',
      event: { seq: 999, type: 'Human.UserSendMsg', at: T0 + 20_000, payload: { sessionId: 's3', msgKey: 'm3', msgBody: text('hello?'), fromAccountRole: 1 } },
    });
    expect(events.filter((e) => e.type === 'newMessage')).toHaveLength(1);
    expect(conversationOf('s3').messages).toHaveLength(3);
  });

  it('a message in the open session is not unread', async () => {
    await open();
    mine = [sessionItem('s4', 'Agent')];
    live.onFrame(agentFrame('SessionAssigned', { sessionId: 's4' }, T0));
    await settle();
    select('s4');
    live.onFrame(conversationFrame('s4', 'Human.UserSendMsg', { msgKey: 'n1', msgBody: text('hi'), fromAccountRole: 1 }, T0 + 1000));
    expect(sessionStore.get().unread).toEqual({});
    expect(events.some((e) => e.type === 'newMessage')).toBe(true);
  });

  it('tells who ended a session, and what happened to sessions that left', async () => {
    await open();
    live.onFrame(conversationFrame('s5', 'SessionUserEnd', {}));
    live.onFrame(conversationFrame('s5', 'SessionEnd', {}));
    live.onFrame(conversationFrame('s6', 'SessionAgentEnd', {}));
    live.onFrame(conversationFrame('s6', 'SessionEnd', {}));
    live.onFrame(conversationFrame('s7', 'SessionUserTimeoutEnd', {}));
    live.onFrame(conversationFrame('s7', 'SessionEnd', {}));
    expect(events.filter((e) => e.type === 'sessionEnded')).toEqual([
      { type: 'sessionEnded', sessionId: 's5', closeBy: 'client' },
      { type: 'sessionEnded', sessionId: 's6', closeBy: 'seat' },
      { type: 'sessionEnded', sessionId: 's7', closeBy: 'timer' },
    ]);

    mine = [sessionItem('s8', 'WaitingForAgentAnswering'), sessionItem('s9', 'Agent')];
    live.onFrame(agentFrame('SessionOffered', { sessionId: 's8' }));
    await vi.waitFor(() => expect(sessionStore.get().lists.mine.items).toHaveLength(2));
    live.onFrame(agentFrame('SessionWithdrawn', { sessionId: 's8' }));
    live.onFrame(agentFrame('SessionTransferredAway', { sessionId: 's9' }));
    await settle();
    expect(events.filter((e) => e.type === 'autoTransfer' || e.type === 'transfer')).toEqual([
      { type: 'autoTransfer', sessionId: 's8' },
      { type: 'transfer', sessionId: 's9' },
    ]);
    // Gone from Mine at once.
    expect(sessionStore.get().lists.mine.items).toEqual([]);
  });

  it('suspension, resumption and marks made elsewhere (REST) change the listed session at once and tell its views', async () => {
    await open();
    mine = [sessionItem('s10', 'Agent')];
    live.onFrame(agentFrame('SessionAssigned', { sessionId: 's10', state: 'Agent' }));
    await vi.waitFor(() => expect(sessionStore.get().lists.mine.items).toHaveLength(1));
    const changed: string[] = [];
    const unlisten = onSessionChanged((sessionId) => changed.push(sessionId));
    const row = () => sessionStore.get().lists.mine.items[0];

    live.onFrame(conversationFrame('s10', 'SessionSuspended', {}));
    expect(row().suspended).toBe(true);
    live.onFrame(conversationFrame('s10', 'SessionMarked', { starred: true }));
    expect(row()).toMatchObject({ suspended: true, starred: true, mark: '' });
    live.onFrame(conversationFrame('s10', 'SessionMarked', { mark: 'VIP, call back' }));
    expect(row()).toMatchObject({ starred: true, mark: 'VIP, call back' });
    live.onFrame(conversationFrame('s10', 'SessionUnsuspended', {}));
    expect(row().suspended).toBe(false);
    expect(changed).toEqual(['s10', 's10', 's10', 's10']);
    // Other events leave the row alone; no message, no line.
    live.onFrame(conversationFrame('s10', 'RoutingDecisionApplied', { priority: 1 }));
    expect(row()).toMatchObject({ suspended: false, starred: true, mark: 'VIP, call back' });
    expect(conversationOf('s10').messages).toEqual([]);
    unlisten();
  });

  it('follows status changes the system makes and relays internal messages', async () => {
    await open();
    live.onFrame(agentFrame('AgentStatusChanged', { memberId: ME, status: 'rest', restReason: 'accept-timeout', changedBy: 'system:accept-timeout' }));
    expect(statusStore.get()).toMatchObject({ status: 'rest', restReason: 'accept-timeout', changedBy: 'system:accept-timeout' });
    expect(events.at(-1)).toEqual({ type: 'statusChanged', status: 'rest', reason: 'accept-timeout' });

    const payload = { id: 5, threadId: `${ME}|bob@example.com`, from: 'bob@example.com', to: ME, body: text('lunch?'), at: new Date(T0).toISOString() };
    live.onFrame(agentFrame('InternalMessage', payload));
    expect(events.slice(-2)).toEqual([
      { type: 'internalMessage', payload },
      { type: 'newMessage', fromMemberId: 'bob@example.com', preview: JSON.stringify(text('lunch?')) },
    ]);
    // My own internal message is relayed but is no news to me.
    live.onFrame(agentFrame('InternalMessage', { ...payload, id: 6, from: ME, to: 'bob@example.com' }));
    expect(events.at(-1)).toMatchObject({ type: 'internalMessage' });
  });
});

describe('the socket address and backoff', () => {
  it('carries the resume cursors', () => {
    expect(socketUrl({ protocol: 'https:', host: 'desk.example' }, { resume: [] })).toBe('wss://desk.example/api/workbench/ws');
    expect(socketUrl({ protocol: 'http:', host: 'localhost:3000' }, { after: 42, resume: ['s1:7', 's2:19'] })).toBe('ws://localhost:3000/api/workbench/ws?after=42&resume=s1%3A7%2Cs2%3A19');
  });

  it('waits longer after each failure, up to 30 s, with jitter', () => {
    expect(backoffDelay(0, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, () => 0.5)).toBe(8000);
    expect(backoffDelay(50, () => 0.5)).toBe(30_000);
    expect(backoffDelay(50, () => 1)).toBe(36_000);
    expect(backoffDelay(0, () => 0)).toBe(800);
  });
});
