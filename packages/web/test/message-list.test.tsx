// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryMessage } from '../src/api/types';
import { agentsStore } from '../src/agents/agents-store';
import { conversationStore } from '../src/chat/conversation-store';
import { MessageList } from '../src/chat/MessageList';
import { setLocale } from '../src/i18n';
import '../src/i18n/strings';
import { click, fakeFetch, mount, settle } from './support/dom';

// The conversation as the agent reads it: the robot part before the handoff, who said what, day
// separators, flags left out, and earlier pages on demand.

const ACCOUNT = 'acc';
const ME = 'ann@example.com';
const text = (words: string) => [{ MsgType: 'TIMTextElem' as const, MsgContent: { Text: words } }];
const flag = [{ MsgType: 'TIMCustomElem' as const, MsgContent: { Data: JSON.stringify({ customerServicePlugin: 0, src: '26', content: { command: 'updateSeatStatus', content: 'inSeat' } }) } }];

function row(seq: number, fromRole: 1 | 2 | 3, fromAccount: string, body: HistoryMessage['body'], at: string): HistoryMessage {
  return { msgKey: `k${seq}`, seq, fromAccount, fromRole, body, cloudCustomData: '', at, modifiedAt: null };
}

// Two days: yesterday the robot, today the agents.
const HISTORY: HistoryMessage[] = [
  row(1, 1, 'visitor_1', text('my parcel is late'), '2026-03-01T10:00:00'),
  row(2, 2, ACCOUNT, text('Sorry! Let me find a person.'), '2026-03-01T10:00:05'),
  row(5, 1, 'visitor_1', text('hello again'), '2026-03-02T08:00:00'),
  row(6, 3, ACCOUNT, text('Connecting you to Bob'), '2026-03-02T08:00:10'),
  row(7, 3, ACCOUNT, flag, '2026-03-02T08:00:10'),
  row(8, 2, 'bob@example.com', text('Hi, Bob here'), '2026-03-02T08:00:20'),
  row(9, 2, ME, text('Ann taking over'), '2026-03-02T08:05:00'),
];

describe('MessageList', () => {
  let api: ReturnType<typeof fakeFetch>;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-03-02T09:00:00').getTime(), toFake: ['Date'] });
    setLocale('en-US');
    conversationStore.set({ byId: {} });
    agentsStore.set({
      items: [
        { memberId: 'bob@example.com', nick: 'Bob' },
        { memberId: ME, nick: 'Ann' },
      ] as never,
      loading: false,
    });
    api = fakeFetch({
      'GET /api/workbench/sessions/s-1/messages': (url) => {
        const before = Number(url.searchParams.get('before') ?? Infinity);
        const limit = Number(url.searchParams.get('limit'));
        const older = HISTORY.filter((m) => m.seq < before);
        // Newest page first; five rows per page here so paging is visible.
        const page = older.slice(-Math.min(limit, 5));
        return { messages: page, more: older.length > page.length };
      },
    });
    vi.stubGlobal('fetch', api.fetch);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('shows the newest page, names every speaker, and loads earlier pages on demand', async () => {
    const view = mount(<MessageList sessionId="s-1" accountId={ACCOUNT} customerName="Lena" me={ME} />);
    await settle();
    const lines = () =>
      view.all('wb-message').map((el) => [el.dataset.role, `${el.querySelector('.msg-sender')?.textContent ?? ''}${(el.querySelector('.bubble, .msg-system .pl-body') ?? el).textContent!.trim()}`]);
    // The src 26 flag is not chat history.
    expect(lines()).toEqual([
      ['customer', 'Lenahello again'],
      ['system', 'Connecting you to Bob'],
      ['agent', 'BobHi, Bob here'],
      ['agent', 'Ann (you)Ann taking over'],
    ]);
    expect(view.get('wb-message-list').getAttribute('aria-live')).toBe('polite');
    expect(view.container.querySelectorAll('.day-separator')).toHaveLength(1);

    click(view.get('load-older'));
    await settle();
    expect(api.calls.at(-1)!.path).toContain('before=5');
    expect(lines().slice(0, 2)).toEqual([
      ['customer', 'Lenamy parcel is late'],
      ['robot', 'RobotSorry! Let me find a person.'],
    ]);
    expect([...view.container.querySelectorAll('.day-separator')].map((el) => el.textContent)).toEqual(['Yesterday', 'Today']);
    expect(view.container.textContent).toContain('Start of the conversation');
    view.unmount();
  });
});
