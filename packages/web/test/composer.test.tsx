// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Composer, opensQuickReplies, throttle } from '../src/composer/Composer';
import { setLocale } from '../src/i18n';
import '../src/i18n/strings';
import { click, fakeFetch, key, mount, settle, type } from './support/dom';

// The reply box: Enter sends, Shift+Enter does not, `#` opens the quick replies and choosing one
// replaces the `#`; the typing signal is throttled.

const REPLIES = {
  categories: [
    { categoryId: 1, name: 'Greetings', personal: false, sort: 1 },
    { categoryId: 2, name: 'Mine', personal: true, sort: 2 },
  ],
  total: 2,
  page: 1,
  pageSize: 100,
  items: [
    { replyId: 10, categoryId: 1, title: 'Hello', content: 'Hello! How can I help you today?' },
    { replyId: 11, categoryId: 2, title: 'Bye', content: 'Have a nice day!' },
  ],
};

describe('throttle and the # trigger', () => {
  it('signals at most once per period', () => {
    let now = 0;
    const signal = vi.fn();
    const typing = throttle(signal, 3000, () => now);
    typing();
    now = 1000;
    typing();
    now = 2999;
    typing();
    expect(signal).toHaveBeenCalledTimes(1);
    now = 3000;
    typing();
    expect(signal).toHaveBeenCalledTimes(2);
  });

  it('opens on a # at the start or after a space, not inside a word', () => {
    expect(opensQuickReplies('#', 1)).toBe(true);
    expect(opensQuickReplies('hi #', 4)).toBe(true);
    expect(opensQuickReplies('issue#', 6)).toBe(false);
    expect(opensQuickReplies('#x', 2)).toBe(false);
  });
});

describe('Composer', () => {
  let api: ReturnType<typeof fakeFetch>;

  beforeEach(() => {
    setLocale('en-US');
    api = fakeFetch({
      'GET /api/workbench/quick-replies': (url) => {
        const categoryId = url.searchParams.get('categoryId');
        const q = (url.searchParams.get('q') ?? '').toLowerCase();
        const items = REPLIES.items.filter((r) => (!categoryId || String(r.categoryId) === categoryId) && (!q || `${r.title} ${r.content}`.toLowerCase().includes(q)));
        return { ...REPLIES, items, total: items.length };
      },
    });
    vi.stubGlobal('fetch', api.fetch);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('Enter sends the trimmed text and clears the box; Shift+Enter and blank text do not send', () => {
    const onSend = vi.fn(async () => undefined);
    const view = mount(<Composer sessionId="s-1" onSend={onSend} onTyping={vi.fn()} />);
    const input = view.get('composer-input') as HTMLTextAreaElement;
    type(input, '   ');
    key(input, 'Enter');
    expect(onSend).not.toHaveBeenCalled();
    type(input, '  Hello there \n');
    key(input, 'Enter', { shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
    key(input, 'Enter');
    expect(onSend).toHaveBeenCalledWith([{ MsgType: 'TIMTextElem', MsgContent: { Text: 'Hello there' } }]);
    expect(input.value).toBe('');
    view.unmount();
  });

  it('the typing signal goes out once while the agent keeps typing', () => {
    const onTyping = vi.fn();
    const view = mount(<Composer sessionId="s-2" onSend={vi.fn(async () => undefined)} onTyping={onTyping} />);
    const input = view.get('composer-input') as HTMLTextAreaElement;
    type(input, 'H');
    type(input, 'He');
    type(input, 'Hel');
    expect(onTyping).toHaveBeenCalledTimes(1);
    view.unmount();
  });

  it('keeps a draft per session', () => {
    const view = mount(<Composer sessionId="s-3" onSend={vi.fn(async () => undefined)} onTyping={vi.fn()} />);
    type(view.get('composer-input') as HTMLTextAreaElement, 'half a thought');
    view.unmount();
    const again = mount(<Composer sessionId="s-3" onSend={vi.fn(async () => undefined)} onTyping={vi.fn()} />);
    expect((again.get('composer-input') as HTMLTextAreaElement).value).toBe('half a thought');
    again.unmount();
  });

  it('# opens the quick replies; a category narrows them; choosing one replaces the #', async () => {
    const view = mount(<Composer sessionId="s-4" onSend={vi.fn(async () => undefined)} onTyping={vi.fn()} />);
    const input = view.get('composer-input') as HTMLTextAreaElement;
    type(input, 'Hi #');
    await vi.waitFor(() => expect(view.all('quick-reply-item')).toHaveLength(2));
    expect(view.get('quick-replies').textContent).toContain('Greetings');

    const mineCategory = [...view.get('quick-replies').querySelectorAll('.chip-button')].find((b) => b.textContent!.startsWith('Mine'))!;
    click(mineCategory);
    await vi.waitFor(() => expect(view.all('quick-reply-item').map((el) => el.textContent)).toEqual([expect.stringContaining('Have a nice day!')]));
    expect(api.calls.some((c) => c.path.includes('categoryId=2'))).toBe(true);

    click(view.all('quick-reply-item')[0]);
    await settle();
    expect(input.value).toBe('Hi Have a nice day!');
    expect(view.all('quick-replies')).toHaveLength(0);
    view.unmount();
  });

  it('the quick replies search and the keyboard: arrows choose, Enter inserts, Esc closes', async () => {
    const view = mount(<Composer sessionId="s-5" onSend={vi.fn(async () => undefined)} onTyping={vi.fn()} />);
    click(view.get('quick-replies-button'));
    await vi.waitFor(() => expect(view.all('quick-reply-item')).toHaveLength(2));
    const search = view.get('quick-reply-search') as HTMLInputElement;
    key(search, 'ArrowDown');
    expect(view.all('quick-reply-item')[1].getAttribute('aria-selected')).toBe('true');
    type(search, 'hello');
    await vi.waitFor(() => expect(view.all('quick-reply-item')).toHaveLength(1));
    key(search, 'Enter');
    await settle();
    expect((view.get('composer-input') as HTMLTextAreaElement).value).toBe('Hello! How can I help you today?');

    click(view.get('quick-replies-button'));
    await vi.waitFor(() => expect(view.all('quick-replies')).toHaveLength(1));
    key(view.get('quick-reply-search'), 'Escape');
    expect(view.all('quick-replies')).toHaveLength(0);
    view.unmount();
  });
});
