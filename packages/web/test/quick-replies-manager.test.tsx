// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuickReplies } from '../src/composer/QuickReplies';
import { setLocale } from '../src/i18n';
import '../src/i18n/strings';
import { quickRepliesChanged, quickRepliesManagerStore } from '../src/quick-replies-manager/manager-store';
import { QuickRepliesManager } from '../src/quick-replies-manager/QuickRepliesManager';
import { click, key, mount, settle, type, type Mounted } from './support/dom';

// 个人快捷回复 in the workbench (spec 03 WB-QR-02): categories and replies made, changed and deleted
// through /api/workbench/quick-replies/personal; bulk add shows the server's per-line errors; deletes
// ask first; every change makes the quick-reply picker fetch again.

const BASE = '/api/workbench/quick-replies/personal';

interface Category {
  categoryId: number;
  name: string;
  sort: number;
  replyCount: number;
}
interface Reply {
  replyId: number;
  categoryId: number;
  title: string;
  content: string;
  updatedAt: string;
}

/** The personal quick-reply API in memory, answering like the server (201s, 400 with `lines`). */
function fakeServer() {
  const categories: Category[] = [];
  const replies: Reply[] = [];
  const calls: { method: string; path: string; body?: any }[] = [];
  let nextId = 100;
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const invalid = (message: string, extra = {}) => json({ error: { code: -7, message }, ...extra }, 400);
  const counted = (c: Category) => ({ ...c, replyCount: replies.filter((r) => r.categoryId === c.categoryId).length });
  const addReply = (categoryId: number, title: string, content: string) => {
    const reply = { replyId: nextId++, categoryId, title, content, updatedAt: '2025-01-01T00:00:00Z' };
    replies.push(reply);
    return reply;
  };

  const routes: Array<[string, RegExp, (match: RegExpMatchArray, body: any, url: URL) => Response]> = [
    ['GET', /^\/categories$/, () => json({ items: categories.map(counted) })],
    [
      'POST',
      /^\/categories$/,
      (_m, body) => {
        if (categories.some((c) => c.name.toLowerCase() === body.name.toLowerCase())) return invalid(`A quick-reply category named "${body.name}" already exists`);
        const category = { categoryId: nextId++, name: body.name, sort: categories.length, replyCount: 0 };
        categories.push(category);
        return json(category, 201);
      },
    ],
    [
      'DELETE',
      /^\/categories\/(\d+)$/,
      (m) => {
        const id = Number(m[1]);
        categories.splice(
          categories.findIndex((c) => c.categoryId === id),
          1,
        );
        for (let i = replies.length - 1; i >= 0; i--) if (replies[i].categoryId === id) replies.splice(i, 1);
        return json({ ok: true });
      },
    ],
    [
      'GET',
      /^$/,
      (_m, _b, url) => {
        const q = (url.searchParams.get('q') ?? '').toLowerCase();
        const page = Number(url.searchParams.get('page'));
        const pageSize = Number(url.searchParams.get('pageSize'));
        const items = replies.filter((r) => String(r.categoryId) === url.searchParams.get('categoryId') && `${r.title} ${r.content}`.toLowerCase().includes(q));
        return json({ total: items.length, page, pageSize, items: items.slice((page - 1) * pageSize, page * pageSize) });
      },
    ],
    ['POST', /^$/, (_m, body) => json(addReply(body.categoryId, body.title, body.content), 201)],
    [
      'PATCH',
      /^\/(\d+)$/,
      (m, body) => {
        const reply = replies.find((r) => r.replyId === Number(m[1]))!;
        Object.assign(reply, body);
        return json(reply);
      },
    ],
    [
      'DELETE',
      /^\/(\d+)$/,
      (m) => {
        replies.splice(
          replies.findIndex((r) => r.replyId === Number(m[1])),
          1,
        );
        return json({ ok: true });
      },
    ],
    [
      'POST',
      /^\/bulk$/,
      (_m, body) => {
        const lines = (body.text as string).split('\n');
        const parsed = lines.map((line, i) => ({ line: i + 1, cells: line.split(/\t|\|/) })).filter(({ cells }) => cells.join('').trim());
        const errors = parsed
          .filter(({ cells }) => cells.length < 2 || !cells[0].trim())
          .map(({ line }) => ({ line, reason: 'no separator: write title<TAB>content, title|content or title,content' }));
        if (errors.length) return invalid(`${errors.length} line(s) of the text have errors; nothing was added`, { lines: errors });
        for (const { cells } of parsed) addReply(body.categoryId, cells[0].trim(), cells[1].trim());
        return json({ added: parsed.length }, 201);
      },
    ],
  ];

  const fetch = async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://parley.test');
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ method, path: url.pathname + url.search, body });
    if (url.pathname === '/api/workbench/quick-replies') {
      // The picker's list: everything the agent may use.
      return json({ categories: categories.map((c) => ({ ...c, personal: true })), total: replies.length, page: 1, pageSize: 100, items: replies });
    }
    const rest = url.pathname.startsWith(BASE) ? url.pathname.slice(BASE.length) : undefined;
    for (const [routeMethod, pattern, handle] of routes) {
      const match = rest === undefined ? null : rest.match(pattern);
      if (routeMethod === method && match) return handle(match, body, url);
    }
    return json({ error: { code: 404, message: `no route ${method} ${url.pathname}` } }, 404);
  };
  return { fetch, calls, categories, replies, addReply };
}

const input = (view: Mounted, testId: string) => view.get(testId) as HTMLInputElement & HTMLTextAreaElement;
const rows = (view: Mounted) => view.all('qr-reply').map((row) => row.querySelector('.quick-title')!.textContent);
const categoryNames = (view: Mounted) => view.all('qr-category').map((row) => row.querySelector('.qrm-category-name')!.textContent);
const dialog = (testId: string) => document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
const submit = (testId: string) => click(document.querySelector(`[data-testid="${testId}-save"]`)!);
const until = (check: () => void) => vi.waitFor(check, { timeout: 2000, interval: 10 });

describe('managing my quick replies', () => {
  let server: ReturnType<typeof fakeServer>;
  let view: Mounted | undefined;
  const onClose = vi.fn();

  beforeEach(() => {
    setLocale('en-US');
    server = fakeServer();
    vi.stubGlobal('fetch', server.fetch);
    onClose.mockReset();
  });
  afterEach(() => {
    view?.unmount();
    view = undefined;
    vi.unstubAllGlobals();
  });

  const open = async () => {
    view = mount(<QuickRepliesManager onClose={onClose} />);
    await settle(10);
    return view;
  };

  it('creates the first category, shows it selected, and refuses a duplicate name inline', async () => {
    const manager = await open();
    expect(manager.container.textContent).toContain('You have no personal categories yet');
    const versionBefore = quickRepliesManagerStore.get().version;

    click(manager.get('qr-category-first'));
    const name = input(manager, 'qr-category-name');
    expect(document.activeElement).toBe(name); // the form takes the focus
    expect((document.querySelector('[data-testid="qr-category-dialog-save"]') as HTMLButtonElement).disabled).toBe(true);
    type(name, '  Shipping  ');
    submit('qr-category-dialog');
    await until(() => expect(categoryNames(manager)).toEqual(['Shipping']));
    expect(server.calls).toContainEqual({ method: 'POST', path: `${BASE}/categories`, body: { name: 'Shipping' } });
    expect(dialog('qr-category-dialog')).toBeNull();
    expect(manager.get('qr-selected-category').textContent).toBe('Shipping');
    expect(quickRepliesManagerStore.get().version).toBeGreaterThan(versionBefore);

    click(manager.get('qr-category-new'));
    type(input(manager, 'qr-category-name'), 'shipping');
    submit('qr-category-dialog');
    await until(() => expect(dialog('qr-category-dialog-error')?.textContent).toContain('already exists'));
    expect(dialog('qr-category-dialog')).not.toBeNull(); // the form stays for a fix
    expect(categoryNames(manager)).toEqual(['Shipping']);
  });

  it('adds a reply to the selected category, edits it, and searches the category', async () => {
    server.categories.push({ categoryId: 1, name: 'Greetings', sort: 0, replyCount: 0 });
    const manager = await open();
    expect(manager.container.textContent).toContain('No quick replies here yet');

    click(manager.get('qr-reply-new'));
    type(input(manager, 'qr-reply-title'), 'Hello');
    type(input(manager, 'qr-reply-content'), 'Hello! How can I help you today?');
    submit('qr-reply-dialog');
    await until(() => expect(rows(manager)).toEqual(['Hello']));
    expect(server.calls).toContainEqual({ method: 'POST', path: BASE, body: { categoryId: 1, title: 'Hello', content: 'Hello! How can I help you today?' } });
    await until(() => expect(manager.get('qr-category').textContent).toContain('1'));

    click(manager.get('qr-reply-edit'));
    expect(input(manager, 'qr-reply-title').value).toBe('Hello');
    type(input(manager, 'qr-reply-content'), 'Hi there!');
    submit('qr-reply-dialog');
    await until(() => expect(manager.get('qr-reply').textContent).toContain('Hi there!'));
    expect(server.calls.find((c) => c.method === 'PATCH')).toEqual({ method: 'PATCH', path: `${BASE}/100`, body: { title: 'Hello', content: 'Hi there!' } });

    server.addReply(1, 'Bye', 'Have a nice day');
    type(input(manager, 'qr-reply-search'), 'nice');
    await until(() => expect(rows(manager)).toEqual(['Bye']));
    expect(server.calls.some((c) => c.method === 'GET' && c.path.includes('q=nice') && c.path.includes('categoryId=1'))).toBe(true);
  });

  it('pages through a long category', async () => {
    server.categories.push({ categoryId: 1, name: 'Many', sort: 0, replyCount: 0 });
    for (let i = 1; i <= 45; i++) server.addReply(1, `Reply ${i}`, `Content ${i}`);
    const manager = await open();
    await until(() => expect(manager.get('qr-page-info').textContent).toBe('Page 1 of 3 · 45 replies'));
    expect(rows(manager)).toHaveLength(20);
    click(manager.get('qr-page-next'));
    click(manager.get('qr-page-next'));
    await until(() => expect(rows(manager)).toEqual(['Reply 41', 'Reply 42', 'Reply 43', 'Reply 44', 'Reply 45']));
    expect((manager.get('qr-page-next') as HTMLButtonElement).disabled).toBe(true);
  });

  it('bulk add shows the server’s per-line errors and adds nothing; fixed text adds them all', async () => {
    server.categories.push({ categoryId: 1, name: 'Greetings', sort: 0, replyCount: 0 });
    server.addReply(1, 'Existing', 'Already here');
    const manager = await open();
    await until(() => expect(rows(manager)).toEqual(['Existing']));
    const versionBefore = quickRepliesManagerStore.get().version;

    click(manager.get('qr-bulk-button'));
    const text = input(manager, 'qr-bulk-text');
    type(text, 'Wait|One moment please\njust some words\n\nThanks\tThank you!\n|no title');
    expect(dialog('qr-bulk-dialog')!.textContent).toContain('4 line(s)');
    submit('qr-bulk-dialog');
    await until(() => expect(manager.all('qr-bulk-error')).toHaveLength(2));
    const errors = manager.all('qr-bulk-error');
    expect(errors.map((e) => e.dataset.line)).toEqual(['2', '5']);
    expect(errors[0].textContent).toContain('Line 2');
    expect(errors[0].textContent).toContain('no separator');
    expect(errors[0].textContent).toContain('just some words'); // the bad line itself, to find it
    expect(dialog('qr-bulk-errors')!.textContent).toContain('2 line(s) have errors, so nothing was added');
    expect(text.value).toContain('just some words'); // the text stays for a fix
    expect(server.calls.find((c) => c.path.endsWith('/bulk'))!.body).toEqual({ categoryId: 1, text: 'Wait|One moment please\njust some words\n\nThanks\tThank you!\n|no title' });
    expect(rows(manager)).toEqual(['Existing']);
    expect(quickRepliesManagerStore.get().version).toBe(versionBefore);

    type(text, 'Wait|One moment please\nThanks\tThank you!');
    submit('qr-bulk-dialog');
    await until(() => expect(rows(manager)).toEqual(['Existing', 'Wait', 'Thanks']));
    expect(dialog('qr-bulk-dialog')).toBeNull();
    expect(quickRepliesManagerStore.get().version).toBeGreaterThan(versionBefore);
  });

  it('deletes a reply and a category only after confirming', async () => {
    server.categories.push({ categoryId: 1, name: 'Old', sort: 0, replyCount: 0 }, { categoryId: 2, name: 'Keep', sort: 1, replyCount: 0 });
    server.addReply(1, 'Stale', 'Out of date');
    server.addReply(1, 'Fresh', 'Still good');
    const manager = await open();
    await until(() => expect(rows(manager)).toEqual(['Stale', 'Fresh']));

    click(manager.all('qr-reply-delete')[0]);
    expect(dialog('confirm-dialog')!.textContent).toContain('Delete “Stale”?');
    click(dialog('confirm-dialog')!.querySelector('.button.ghost')!); // Cancel
    expect(dialog('confirm-dialog')).toBeNull();
    expect(server.calls.some((c) => c.method === 'DELETE')).toBe(false);

    click(manager.all('qr-reply-delete')[0]);
    click(dialog('confirm-button')!);
    await until(() => expect(rows(manager)).toEqual(['Fresh']));
    expect(server.calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual([`${BASE}/100`]);

    click(manager.get('qr-category-delete'));
    expect(dialog('confirm-dialog')!.textContent).toContain('Delete “Old” and the 1 quick replies in it?');
    click(dialog('confirm-button')!);
    await until(() => expect(categoryNames(manager)).toEqual(['Keep']));
    expect(server.calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual([`${BASE}/100`, `${BASE}/categories/1`]);
    expect(manager.get('qr-selected-category').textContent).toBe('Keep');
  });

  it('Esc closes the form on top first, then the manager', async () => {
    server.categories.push({ categoryId: 1, name: 'Greetings', sort: 0, replyCount: 0 });
    const manager = await open();
    click(manager.get('qr-reply-new'));
    const title = input(manager, 'qr-reply-title');
    key(title, 'Escape');
    expect(dialog('qr-reply-dialog')).toBeNull();
    expect(onClose).not.toHaveBeenCalled();
    key(manager.get('qr-reply-search'), 'Escape');
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});

describe('the quick-reply picker and the manager', () => {
  let server: ReturnType<typeof fakeServer>;
  beforeEach(() => {
    setLocale('en-US');
    server = fakeServer();
    vi.stubGlobal('fetch', server.fetch);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('fetches again when my replies change, and its Manage button opens the manager', async () => {
    server.categories.push({ categoryId: 1, name: 'Mine', sort: 0, replyCount: 0 });
    const onClose = vi.fn();
    const picker = mount(<QuickReplies onPick={vi.fn()} onClose={onClose} />);
    await until(() => expect(server.calls.filter((c) => c.path.startsWith('/api/workbench/quick-replies?'))).toHaveLength(1));
    expect(picker.all('quick-reply-item')).toHaveLength(0);

    server.addReply(1, 'New one', 'Freshly added');
    quickRepliesChanged();
    await until(() => expect(picker.all('quick-reply-item').map((item) => item.textContent)).toEqual([expect.stringContaining('New one')]));

    click(picker.get('qr-manage-button'));
    expect(onClose).toHaveBeenCalled();
    expect(quickRepliesManagerStore.get().open).toBe(true);
    picker.unmount();
    quickRepliesManagerStore.set({ open: false });
  });
});
