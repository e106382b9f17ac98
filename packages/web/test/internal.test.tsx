// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appEvents } from '../src/app-events';
import { setLocale } from '../src/i18n';
import '../src/i18n/strings'; // the workbench's own strings (errors), as main.tsx loads them
import type { InternalMessage, InternalThread } from '../src/internal/internal-api';
import { InternalChat, useInternalUnread } from '../src/internal/InternalChat';

// Internal chat (spec 03 §1.11) against an in-memory imitation of the workbench API: threads with
// unread, paging, sending (once, even when the socket echoes it), live messages, hide, a new
// conversation from the directory, and uploads.

vi.mock('../src/api/upload', () => ({
  uploadFile: (file: File, kind: 'image' | 'file', onProgress: (fraction: number) => void) => {
    onProgress(0.5);
    const element =
      kind === 'image'
        ? {
            MsgType: 'TIMImageElem',
            MsgContent: { UUID: 'f1', ImageFormat: 3, ImageInfoArray: [1, 2, 3].map((Type) => ({ Type, Size: 10, Width: 3, Height: 2, URL: `/chat/v1/files/${file.name}` })) },
          }
        : { MsgType: 'TIMFileElem', MsgContent: { Url: `/chat/v1/files/${file.name}`, UUID: 'f2', FileSize: 5, FileName: file.name, Download_Flag: 2 } };
    uploads.push({ name: file.name, kind });
    return { done: Promise.resolve({ fileId: 'f', url: '/x', kind, contentType: file.type, name: file.name, size: file.size, element }), cancel() {} };
  },
}));

const uploads: { name: string; kind: string }[] = [];
const text = (words: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: words } }];

/** The workbench API for one agent: threads, histories, the directory; records every call. */
class FakeApi {
  calls: { method: string; url: string; body?: any }[] = [];
  histories = new Map<string, InternalMessage[]>();
  nicks = new Map<string, string>();
  hidden = new Set<string>();
  directory: { memberId: string; nick: string; email: string; roles: string[] }[] = [];
  failSends = 0;
  /** Set: sends are stored at once but answered only when released (the socket can be faster). */
  held?: { release(): void; stored: InternalMessage[] };
  private nextId = 1000;

  constructor(readonly me: string) {}

  /** Stores a message between `me` and `other` (from either). */
  add(other: string, from: string, words: string, at = '2026-03-02T09:00:00.000Z'): InternalMessage {
    const to = from === this.me ? other : this.me;
    const message = { id: this.nextId++, threadId: [this.me, other].sort().join('|'), from, to, body: text(words) as any, at };
    this.histories.set(other, [...(this.histories.get(other) ?? []), message]);
    this.hidden.delete(other);
    return message;
  }

  fetch = async (input: string, init: RequestInit = {}): Promise<Response> => {
    const method = init.method ?? 'GET';
    const url = new URL(input, 'http://parley.test');
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    this.calls.push({ method, url: url.pathname + url.search, body });
    const thread = /^\/api\/workbench\/internal\/([^/]+)\/(messages|hide)$/.exec(url.pathname);
    if (url.pathname === '/api/workbench/internal/threads') return json(this.threads());
    if (url.pathname === '/api/team/directory') {
      const q = (url.searchParams.get('q') ?? '').toLowerCase();
      return json({ items: this.directory.filter((d) => d.nick.toLowerCase().includes(q) || d.email.includes(q)) });
    }
    if (thread && thread[2] === 'messages' && method === 'GET') {
      const all = this.histories.get(decodeURIComponent(thread[1])) ?? [];
      const before = Number(url.searchParams.get('before') ?? Infinity);
      const limit = Number(url.searchParams.get('limit'));
      const older = all.filter((m) => m.id < before);
      return json({ messages: older.slice(-limit), more: older.length > limit });
    }
    if (thread && thread[2] === 'messages') {
      if (this.failSends > 0) {
        this.failSends--;
        return json({ error: { code: 90002, message: 'MsgBody is larger than 12288 bytes' } }, 400);
      }
      const other = decodeURIComponent(thread[1]);
      const message = this.add(other, this.me, '');
      message.body = body.body;
      if (this.held) {
        this.held.stored.push(message);
        await new Promise<void>((resolve) => (this.held!.release = resolve));
      }
      return json(message, 201);
    }
    if (thread && thread[2] === 'hide') {
      this.hidden.add(decodeURIComponent(thread[1]));
      return json({ ok: true });
    }
    return json({ error: { code: 404, message: `no route ${url.pathname}` } }, 404);
  };

  private threads() {
    const items: InternalThread[] = [...this.histories.entries()]
      .filter(([other, messages]) => messages.length && !this.hidden.has(other))
      .map(([other, messages]) => ({ threadId: messages[0].threadId, member: { memberId: other, nick: this.nicks.get(other) ?? other }, lastMessage: messages[messages.length - 1] }))
      .sort((a, b) => b.lastMessage.id - a.lastMessage.id);
    return { items, total: items.length, page: 1, pageSize: 50 };
  }
}

const json = (value: unknown, status = 200) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

let agents = 0;
let root: HTMLElement;
let server: FakeApi;
let me: { memberId: string; nick: string };

function UnreadBadge() {
  return <output data-testid="tab-unread">{useInternalUnread()}</output>;
}

async function mount(): Promise<void> {
  await act(async () => {
    render(
      <>
        <UnreadBadge />
        <InternalChat me={me} />
      </>,
      root,
    );
  });
}

/** Waits (re-rendering) until `check` holds. */
async function until<T>(check: () => T | undefined | null | false, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = check();
    if (value) return value;
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
  }
  throw new Error(`waited in vain for ${what}; the page shows: ${root.textContent}`);
}

const all = (testId: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)];
const thread = (memberId: string) => root.querySelector<HTMLElement>(`[data-testid="internal-thread"][data-member-id="${memberId}"]`);
const messageTexts = () => all('internal-message').map((m) => m.querySelector('.bubble')!.textContent!.trim());
const unreadOf = (memberId: string) => thread(memberId)?.querySelector('[data-testid="internal-unread"]')?.textContent ?? '';
const tabUnread = () => all('tab-unread')[0].textContent;

async function click(element: Element): Promise<void> {
  await act(async () => void (element as HTMLElement).click());
}

async function typeAndEnter(input: HTMLTextAreaElement, words: string): Promise<void> {
  await act(async () => {
    input.value = words;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await act(async () => void input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })));
}

/** What the workbench socket handler emits for an InternalMessage event. */
async function live(message: InternalMessage): Promise<void> {
  await act(async () => appEvents.emit({ type: 'internalMessage', payload: { ...message } }));
}

describe('InternalChat', () => {
  beforeEach(() => {
    setLocale('en-US');
    me = { memberId: `me${++agents}@desk.test`, nick: 'Me' };
    server = new FakeApi(me.memberId);
    vi.stubGlobal('fetch', server.fetch);
    root = document.createElement('div');
    document.body.append(root);
    uploads.length = 0;
  });
  afterEach(() => {
    render(null, root);
    root.remove();
    vi.unstubAllGlobals();
  });
  // Preact's hooks flush effects from a short timer that calls cancelAnimationFrame; let the last
  // one fire while jsdom still provides it (on a loaded machine it otherwise fires after teardown).
  afterAll(() => new Promise((resolve) => setTimeout(resolve, 200)));

  it('lists threads newest first with unread ones marked, and opening one shows its messages and reads them', async () => {
    server.nicks.set('ann@desk.test', 'Ann').set('bob@desk.test', 'Bob');
    server.add('ann@desk.test', me.memberId, 'Morning Ann');
    server.add('bob@desk.test', 'bob@desk.test', 'Can you cover the VIP queue?');
    server.add('ann@desk.test', 'ann@desk.test', 'Morning! Coffee?');
    await mount();
    await until(() => all('internal-thread').length === 2, 'two threads');
    expect(all('internal-thread').map((t) => t.dataset.memberId)).toEqual(['ann@desk.test', 'bob@desk.test']);
    expect(thread('ann@desk.test')!.textContent).toContain('Morning! Coffee?');
    expect(unreadOf('ann@desk.test')).toBe('1');
    expect(unreadOf('bob@desk.test')).toBe('1');
    expect(tabUnread()).toBe('2');

    await click(thread('ann@desk.test')!);
    await until(() => all('internal-message').length === 2, 'the conversation');
    expect(messageTexts()).toEqual(['Morning Ann', 'Morning! Coffee?']);
    expect(all('internal-message').map((m) => m.dataset.mine)).toEqual(['true', 'false']);
    expect(root.querySelector('.message-list')!.getAttribute('aria-live')).toBe('polite');
    expect(unreadOf('ann@desk.test')).toBe('');
    expect(tabUnread()).toBe('1');

    // Read is remembered: after a reload only Bob's thread has news.
    render(null, root);
    await mount();
    await until(() => all('internal-thread').length === 2, 'the threads again');
    expect(unreadOf('bob@desk.test')).toBe('1');
    expect(unreadOf('ann@desk.test')).toBe('');
  });

  it('pages back through a long conversation', async () => {
    for (let i = 1; i <= 35; i++) server.add('ann@desk.test', i % 2 ? 'ann@desk.test' : me.memberId, `message ${i}`);
    await mount();
    await click(await until(() => thread('ann@desk.test'), 'the thread'));
    await until(() => all('internal-message').length === 30, 'the newest page');
    expect(messageTexts()[0]).toBe('message 6');
    await click(all('internal-load-earlier')[0]);
    await until(() => all('internal-message').length === 35, 'the earlier page');
    expect(messageTexts().slice(0, 2)).toEqual(['message 1', 'message 2']);
    expect(server.calls.some((c) => c.url.includes(`before=${server.histories.get('ann@desk.test')![5].id}`))).toBe(true);
    expect(all('internal-load-earlier')).toHaveLength(0);
  });

  it('sends with Enter (Shift+Enter is a new line), once even when the socket brings the message too', async () => {
    server.add('ann@desk.test', 'ann@desk.test', 'Hi');
    await mount();
    await click(await until(() => thread('ann@desk.test'), 'the thread'));
    const input = await until(() => all('internal-input')[0] as HTMLTextAreaElement, 'the composer');

    await act(async () => void input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true, cancelable: true })));
    expect(server.calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    await typeAndEnter(input, '  On my way  ');
    const sent = await until(() => server.calls.find((c) => c.method === 'POST'), 'the send');
    expect(sent.url).toBe('/api/workbench/internal/ann%40desk.test/messages');
    expect(sent.body).toEqual({ body: text('On my way') });
    expect(input.value).toBe('');
    await until(() => messageTexts().includes('On my way') && !root.querySelector('[data-delivery]'), 'the sent message');
    const stored = server.histories.get('ann@desk.test')!.at(-1)!;
    await live(stored); // the same message on the socket
    expect(messageTexts()).toEqual(['Hi', 'On my way']);
    expect(thread('ann@desk.test')!.textContent).toContain('On my way');
  });

  it('shows one’s message once when the socket brings it before the send is answered', async () => {
    server.add('ann@desk.test', 'ann@desk.test', 'Hi');
    server.held = { release: () => undefined, stored: [] };
    await mount();
    await click(await until(() => thread('ann@desk.test'), 'the thread'));
    await typeAndEnter(await until(() => all('internal-input')[0] as HTMLTextAreaElement, 'the composer'), 'Quick one');
    await until(() => root.querySelector('[data-delivery="sending"]'), 'the pending message');
    const stored = await until(() => server.held!.stored[0], 'the stored message');
    await live(stored);
    expect(messageTexts()).toEqual(['Hi', 'Quick one']);
    expect(root.querySelector('[data-delivery]')).toBeNull();
    server.held.release();
    await until(() => server.calls.filter((c) => c.method === 'POST').length === 1, 'the send');
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(messageTexts()).toEqual(['Hi', 'Quick one']);
  });

  it('keeps a failed message with the reason, and sends it on retry', async () => {
    server.add('ann@desk.test', 'ann@desk.test', 'Hi');
    server.failSends = 1;
    await mount();
    await click(await until(() => thread('ann@desk.test'), 'the thread'));
    await typeAndEnter(await until(() => all('internal-input')[0] as HTMLTextAreaElement, 'the composer'), 'A long story');
    const failed = await until(() => root.querySelector<HTMLElement>('[data-delivery="failed"]'), 'the failure');
    expect(failed.textContent).toContain('MsgBody is larger than 12288 bytes');
    await click([...failed.querySelectorAll('button')].find((b) => b.textContent === 'Retry')!);
    await until(() => !root.querySelector('[data-delivery]') && messageTexts().at(-1) === 'A long story', 'the retried message');
    expect(server.calls.filter((c) => c.method === 'POST')).toHaveLength(2);
  });

  it('shows live messages: appended in the open thread, counted as unread in another, a new thread for a first message', async () => {
    server.nicks.set('ann@desk.test', 'Ann').set('bob@desk.test', 'Bob').set('cat@desk.test', 'Cat');
    server.add('ann@desk.test', 'ann@desk.test', 'Hi');
    server.add('bob@desk.test', me.memberId, 'Hello Bob');
    await mount();
    await click(await until(() => thread('ann@desk.test'), 'Ann'));
    await until(() => all('internal-message').length === 1, 'the conversation');

    await live(server.add('ann@desk.test', 'ann@desk.test', 'Are you there?'));
    expect(messageTexts()).toEqual(['Hi', 'Are you there?']);
    expect(unreadOf('ann@desk.test')).toBe('');

    await live(server.add('bob@desk.test', 'bob@desk.test', 'Yes?'));
    await live(server.add('bob@desk.test', 'bob@desk.test', 'Need help?'));
    expect(unreadOf('bob@desk.test')).toBe('2');
    expect(all('internal-thread')[0].dataset.memberId).toBe('bob@desk.test');

    // Someone who never wrote before: the list learns their name.
    await live(server.add('cat@desk.test', 'cat@desk.test', 'New here'));
    await until(() => thread('cat@desk.test')?.textContent?.includes('Cat'), 'Cat’s thread with her name');
    expect(unreadOf('cat@desk.test')).toBe('1');
    expect(tabUnread()).toBe('3');

    // Another agent's messages are not ours.
    await live({ id: 99999, threadId: 'x|y', from: 'x@desk.test', to: 'y@desk.test', body: text('not for me') as any, at: '2026-03-02T09:00:00.000Z' });
    expect(thread('x@desk.test')).toBeNull();
  });

  it('hides a thread from its right-click menu; the next message brings it back', async () => {
    server.nicks.set('ann@desk.test', 'Ann');
    server.add('ann@desk.test', 'ann@desk.test', 'Done for today');
    await mount();
    const item = await until(() => thread('ann@desk.test'), 'the thread');
    await act(async () => void item.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: 40, clientY: 60 })));
    const hide = await until(() => all('internal-hide')[0], 'the menu');
    expect(hide.textContent).toContain('Hide');
    await click(hide);
    await until(() => !thread('ann@desk.test'), 'the thread to go');
    expect(server.calls.some((c) => c.method === 'POST' && c.url === '/api/workbench/internal/ann%40desk.test/hide')).toBe(true);
    expect(server.histories.get('ann@desk.test')).toHaveLength(1); // history kept

    await live(server.add('ann@desk.test', 'ann@desk.test', 'One more thing'));
    await until(() => thread('ann@desk.test')?.textContent?.includes('One more thing'), 'the thread back');
  });

  it('starts a conversation with a colleague found in the directory (not oneself, not admins without the workbench)', async () => {
    server.directory = [
      { memberId: me.memberId, nick: 'Me', email: me.memberId, roles: ['staff'] },
      { memberId: 'dan@desk.test', nick: 'Dan', email: 'dan@desk.test', roles: ['staff'] },
      { memberId: 'dora@desk.test', nick: 'Dora', email: 'dora@desk.test', roles: ['admin'] },
      { memberId: 'boss@desk.test', nick: 'Boss', email: 'boss@desk.test', roles: ['super_admin'] },
    ];
    await mount();
    await until(() => root.textContent?.includes('No internal conversations yet'), 'the empty list');
    await click(all('internal-new')[0]);
    const search = await until(() => all('internal-search')[0] as HTMLInputElement, 'the dialog');
    await until(() => all('internal-contact').length > 0, 'the contacts');
    expect(all('internal-contact').map((c) => c.dataset.memberId)).toEqual(['dan@desk.test', 'boss@desk.test']);
    await act(async () => {
      search.value = 'da';
      search.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await until(() => server.calls.some((c) => c.url === '/api/team/directory?q=da') && all('internal-contact').length === 1, 'the search');
    const start = all('internal-start')[0] as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    await click(all('internal-contact')[0]);
    expect(all('internal-contact')[0].getAttribute('aria-selected')).toBe('true');
    await click(start);
    expect(all('internal-new-dialog')).toHaveLength(0);
    await until(() => root.textContent?.includes('No messages yet'), 'the empty conversation');
    expect(thread('dan@desk.test')!.getAttribute('aria-current')).toBe('true');

    await typeAndEnter(all('internal-input')[0] as HTMLTextAreaElement, 'Welcome aboard');
    await until(() => messageTexts().includes('Welcome aboard') && !root.querySelector('[data-delivery]'), 'the first message');
    expect(server.calls.find((c) => c.method === 'POST')!.url).toBe('/api/workbench/internal/dan%40desk.test/messages');
  });

  it('sends an image and a file as their own messages', async () => {
    server.add('ann@desk.test', 'ann@desk.test', 'Send me the screenshot');
    await mount();
    await click(await until(() => thread('ann@desk.test'), 'the thread'));
    const pick = async (kind: 'image' | 'file', file: File) => {
      const input = await until(() => all(`internal-attach-${kind}`)[0] as HTMLInputElement, `the ${kind} input`);
      Object.defineProperty(input, 'files', { value: [file], configurable: true });
      await act(async () => void input.dispatchEvent(new Event('change', { bubbles: true })));
    };
    await pick('image', new File(['png'], 'screen.png', { type: 'image/png' }));
    await pick('file', new File(['a,b'], 'report.csv', { type: 'text/csv' }));
    await until(() => server.calls.filter((c) => c.method === 'POST').length === 2, 'two sends');
    const bodies = server.calls.filter((c) => c.method === 'POST').map((c) => c.body.body[0].MsgType);
    expect(bodies).toEqual(['TIMImageElem', 'TIMFileElem']);
    expect(uploads).toEqual([
      { name: 'screen.png', kind: 'image' },
      { name: 'report.csv', kind: 'file' },
    ]);
    await until(() => root.querySelector('.message-list img') && root.textContent?.includes('report.csv'), 'the image and the file');
  });
});
