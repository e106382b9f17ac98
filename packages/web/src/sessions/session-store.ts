// The left column's state: the session lists (the server's views mine, queue and history; the
// Pending tab is the part of "mine" still waiting to be accepted), their searches and pages, counts,
// the selected session and which sessions have unread customer messages.
import type { ServerView, SessionCounts, SessionItem } from '../api/types';
import { workbenchApi } from '../api/workbench';
import { createStore } from '../state/store';

export type Tab = 'mine' | 'pending' | 'queue' | 'history';
export const TABS: Tab[] = ['mine', 'pending', 'queue', 'history'];
export const PAGE_SIZE = 30;
const MAX_PAGE_SIZE = 100;

export interface ListState {
  items: SessionItem[];
  total: number;
  page: number;
  q: string;
  loading: boolean;
  loaded: boolean;
  error?: unknown;
}

export interface SessionsState {
  tab: Tab;
  lists: Record<ServerView, ListState>;
  counts: SessionCounts;
  selectedId?: string;
  /** Unread customer messages per session. */
  unread: Record<string, number>;
}

const emptyList = (): ListState => ({ items: [], total: 0, page: 0, q: '', loading: false, loaded: false });

export const sessionStore = createStore<SessionsState>({
  tab: 'mine',
  lists: { mine: emptyList(), queue: emptyList(), history: emptyList() },
  counts: { mine: 0, queue: 0, history: 0 },
  unread: {},
});

export const viewOfTab = (tab: Tab): ServerView => (tab === 'pending' ? 'mine' : tab);
export const isPending = (item: Pick<SessionItem, 'state'>) => item.state === 'WaitingForAgentAnswering';

/** The items a tab shows: Mine without the offers, Pending only the offers. */
export function itemsOfTab(state: SessionsState, tab: Tab): SessionItem[] {
  const items = state.lists[viewOfTab(tab)].items;
  if (tab === 'pending') return items.filter(isPending);
  if (tab === 'mine') return items.filter((item) => !isPending(item));
  return items;
}

/** Tab counters: the server's counts; mine and pending split by the offers loaded. */
export function tabCount(state: SessionsState, tab: Tab): number {
  const pending = state.lists.mine.items.filter(isPending).length;
  if (tab === 'pending') return pending;
  if (tab === 'mine') return Math.max(0, state.counts.mine - pending);
  return state.counts[tab];
}

function setList(view: ServerView, change: Partial<ListState>): void {
  sessionStore.set((state) => ({ lists: { ...state.lists, [view]: { ...state.lists[view], ...change } } }));
}

const inFlight = new Map<ServerView, Promise<void>>();

/** Reads the list again from page 1, keeping as many items as were shown (the live lists change under paging). */
export function refresh(view: ServerView): Promise<void> {
  const running = inFlight.get(view);
  if (running) return running.then(() => refresh(view));
  const list = sessionStore.get().lists[view];
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(PAGE_SIZE, list.items.length));
  const q = list.q;
  setList(view, { loading: true });
  const work = workbenchApi
    .sessions(view, { q, page: 1, pageSize })
    .then((page) => {
      if (sessionStore.get().lists[view].q !== q) return; // the search changed meanwhile; its own fetch wins
      sessionStore.set((state) => ({
        counts: page.counts,
        lists: {
          ...state.lists,
          [view]: { ...state.lists[view], items: page.items, total: page.total, page: Math.ceil(page.items.length / PAGE_SIZE) || 1, loading: false, loaded: true, error: undefined },
        },
      }));
    })
    .catch((error) => {
      setList(view, { loading: false, error });
      throw error;
    })
    .finally(() => inFlight.delete(view));
  inFlight.set(view, work);
  return work;
}

/** The next page, appended (items already shown are not repeated). */
export async function loadMore(view: ServerView): Promise<void> {
  const list = sessionStore.get().lists[view];
  if (list.loading || list.items.length >= list.total) return;
  setList(view, { loading: true });
  try {
    const page = await workbenchApi.sessions(view, { q: list.q, page: Math.floor(list.items.length / PAGE_SIZE) + 1, pageSize: PAGE_SIZE });
    const known = new Set(list.items.map((item) => item.sessionId));
    sessionStore.set((state) => ({
      counts: page.counts,
      lists: { ...state.lists, [view]: { ...state.lists[view], items: [...state.lists[view].items, ...page.items.filter((item) => !known.has(item.sessionId))], total: page.total, loading: false } },
    }));
  } catch (error) {
    setList(view, { loading: false, error });
    throw error;
  }
}

export function search(view: ServerView, q: string): Promise<void> {
  setList(view, { q: q.trim(), items: [], loaded: false });
  return refresh(view);
}

const timers = new Map<ServerView, ReturnType<typeof setTimeout>>();

/** Bursts of socket events cause one read. */
export function refreshSoon(view: ServerView, delayMs = 250): void {
  clearTimeout(timers.get(view));
  timers.set(
    view,
    setTimeout(() => void refresh(view).catch(() => undefined), delayMs),
  );
}

export function setTab(tab: Tab): void {
  sessionStore.set({ tab });
}

/** The agent opens a tab: its list is read again (history gains ratings, the queue moves). */
export function showTab(tab: Tab): void {
  setTab(tab);
  void refresh(viewOfTab(tab)).catch(() => undefined);
}

export function select(sessionId: string | undefined): void {
  sessionStore.set((state) => {
    if (!sessionId) return { selectedId: undefined };
    const { [sessionId]: _read, ...unread } = state.unread;
    return { selectedId: sessionId, unread };
  });
}

export function markUnread(sessionId: string): void {
  sessionStore.set((state) => ({ unread: { ...state.unread, [sessionId]: (state.unread[sessionId] ?? 0) + 1 } }));
}

export function findItem(sessionId: string): SessionItem | undefined {
  const { lists } = sessionStore.get();
  return lists.mine.items.find((i) => i.sessionId === sessionId) ?? lists.history.items.find((i) => i.sessionId === sessionId) ?? lists.queue.items.find((i) => i.sessionId === sessionId);
}

/** Changes one session wherever it is listed (an action's answer, a live message). */
export function patchItem(sessionId: string, patch: Partial<SessionItem>): void {
  sessionStore.set((state) => {
    const lists = { ...state.lists };
    for (const view of Object.keys(lists) as ServerView[]) {
      if (!lists[view].items.some((item) => item.sessionId === sessionId)) continue;
      lists[view] = { ...lists[view], items: lists[view].items.map((item) => (item.sessionId === sessionId ? { ...item, ...patch } : item)) };
    }
    return { lists };
  });
}

/** A session left a list (transferred away, ended, withdrawn): gone at once, before the list is read again. */
export function removeItem(view: ServerView, sessionId: string): void {
  sessionStore.set((state) => {
    const list = state.lists[view];
    if (!list.items.some((item) => item.sessionId === sessionId)) return {};
    return {
      lists: { ...state.lists, [view]: { ...list, items: list.items.filter((item) => item.sessionId !== sessionId), total: Math.max(0, list.total - 1) } },
      counts: { ...state.counts, [view]: Math.max(0, state.counts[view] - 1) },
    };
  });
}

export function resetSessions(): void {
  sessionStore.set({ tab: 'mine', lists: { mine: emptyList(), queue: emptyList(), history: emptyList() }, counts: { mine: 0, queue: 0, history: 0 }, selectedId: undefined, unread: {} });
}
