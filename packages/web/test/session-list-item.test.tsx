// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionItem } from '../src/api/types';
import { setLocale } from '../src/i18n';
import '../src/i18n/strings';
import { SessionListItem } from '../src/sessions/SessionListItem';
import { click, mount } from './support/dom';

// A row of the session lists: what the agent needs to pick the next conversation at a glance.

const NOW = new Date('2026-03-02T09:00:00Z').getTime();
const ME = 'ann@example.com';

function item(patch: Partial<SessionItem> = {}): SessionItem {
  return {
    sessionId: 's-1',
    accountId: 'account-1',
    userId: 'visitor_abc',
    nick: 'Lena',
    channelType: 'Web(H5)',
    state: 'Agent',
    agentId: ME,
    startedAt: '2026-03-02T08:50:00Z',
    endedAt: null,
    endStatus: null,
    queuedAt: '2026-03-02T08:55:00Z',
    assignedAt: '2026-03-02T08:56:00Z',
    acceptedAt: '2026-03-02T08:56:10Z',
    acceptDeadline: null,
    suspended: false,
    mark: '',
    starred: false,
    satisfaction: null,
    isContactUser: false,
    lastMessage: { msgKey: 'k1', fromAccount: 'visitor_abc', fromRole: 1, preview: 'Where is my parcel?', at: '2026-03-02T08:58:00Z' },
    ...patch,
  };
}

describe('SessionListItem', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
    setLocale('en-US');
  });
  afterEach(() => vi.useRealTimers());

  it('shows the customer, the last message, its time, and opens on click', () => {
    const onSelect = vi.fn();
    const view = mount(<SessionListItem item={item()} tab="mine" me={ME} selected={false} unread={0} now={NOW} onSelect={onSelect} />);
    const row = view.get('session-item');
    expect(row.dataset.sessionId).toBe('s-1');
    expect(row.querySelector('.session-name')!.textContent).toBe('Lena');
    expect(row.querySelector('.session-preview')!.textContent).toBe('Where is my parcel?');
    expect(row.querySelector('time')!.getAttribute('datetime')).toBe('2026-03-02T08:58:00.000Z');
    expect(row.textContent).toContain('Web (H5)');
    expect(view.all('accept-button')).toHaveLength(0);
    expect(view.all('unread-dot')).toHaveLength(0);
    click(row.querySelector('button.session-main')!);
    expect(onSelect).toHaveBeenCalledWith('s-1');
    view.unmount();
  });

  it('falls back to the user id when the customer has no nickname', () => {
    const view = mount(<SessionListItem item={item({ nick: '' })} tab="mine" me={ME} selected={false} unread={0} now={NOW} />);
    expect(view.container.querySelector('.session-name')!.textContent).toBe('visitor_abc');
    view.unmount();
  });

  it('an offer has a countdown to its deadline and an accept button of its own', () => {
    const onAccept = vi.fn();
    const onSelect = vi.fn();
    const offer = item({ state: 'WaitingForAgentAnswering', acceptDeadline: new Date(NOW + 42_000).toISOString() });
    const view = mount(<SessionListItem item={offer} tab="pending" me={ME} selected={false} unread={0} now={NOW} onSelect={onSelect} onAccept={onAccept} />);
    expect(view.get('accept-countdown').dataset.seconds).toBe('42');
    click(view.get('accept-button'));
    expect(onAccept).toHaveBeenCalledWith('s-1');
    expect(onSelect).not.toHaveBeenCalled();
    view.unmount();
  });

  it('marks unread messages, the star and the mark (with its text)', () => {
    const view = mount(<SessionListItem item={item({ starred: true, mark: 'VIP: call back' })} tab="mine" me={ME} selected unread={12} now={NOW} />);
    expect(view.get('unread-dot').textContent).toBe('9+');
    expect(view.get('unread-dot').getAttribute('aria-label')).toBe('12 unread');
    expect(view.container.querySelector('.flag-star')).not.toBeNull();
    expect(view.container.querySelector('.flag-mark')!.getAttribute('title')).toBe('VIP: call back');
    expect(view.get('session-item').className).toContain('selected');
    view.unmount();
  });

  it('says who wrote the last message: nobody for the customer, "You", the robot, the system', () => {
    const preview = (last: Partial<NonNullable<SessionItem['lastMessage']>>) => {
      const view = mount(<SessionListItem item={item({ lastMessage: { ...item().lastMessage!, ...last } })} tab="mine" me={ME} selected={false} unread={0} now={NOW} />);
      const text = view.container.querySelector('.session-preview')!.textContent;
      view.unmount();
      return text;
    };
    expect(preview({ fromRole: 2, fromAccount: ME, preview: 'On my way' })).toBe('You: On my way');
    expect(preview({ fromRole: 2, fromAccount: 'account-1', preview: 'Hello!' })).toBe('Robot: Hello!');
    expect(preview({ fromRole: 2, fromAccount: 'bob@example.com', preview: 'Hi' })).toBe('Agent: Hi');
    expect(preview({ fromRole: 3, fromAccount: 'account-1', preview: 'Connecting you' })).toBe('System: Connecting you');
    // The server's placeholders, in the agent's language.
    expect(preview({ fromRole: 1, preview: '[image]' })).toBe('[Image]');
    expect(preview({ fromRole: 1, preview: '[file] invoice.pdf' })).toBe('[File] invoice.pdf');
    expect(preview({ fromRole: 3, preview: '[src 9]' })).toBe('System: [Rating]');
    setLocale('zh-CN');
    expect(preview({ fromRole: 2, fromAccount: ME, preview: '[image]' })).toBe('我: [图片]');
  });

  it('queued sessions show their place and wait and cannot be opened; history shows how it ended', () => {
    const queued = mount(<SessionListItem item={item({ state: 'Queueing', position: 3, agentId: '' })} tab="queue" me={ME} selected={false} unread={0} now={NOW} onSelect={vi.fn()} />);
    expect(queued.container.querySelector('button.session-main')).toBeNull();
    expect(queued.get('session-item').textContent).toContain('No. 3');
    expect(queued.get('session-item').textContent).toContain('waiting 5 min');
    queued.unmount();

    const ended = mount(
      <SessionListItem item={item({ state: 'Ended', endStatus: 'UserEndedSession', endedAt: '2026-03-01T17:00:00Z', satisfaction: 4 })} tab="history" me={ME} selected={false} unread={0} now={NOW} />,
    );
    const text = ended.get('session-item').textContent!;
    expect(text).toContain('Ended by the customer');
    expect(text).toContain('Rated 4/5');
    ended.unmount();
  });
});
