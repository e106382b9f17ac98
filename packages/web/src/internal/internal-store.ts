// Internal chat's state: the threads, each open conversation, unread counts. Live messages arrive as
// appEvents `internalMessage` (the socket's InternalMessage) whether or not the panel is on screen,
// so the tab can show an unread count. What was read is remembered per browser (localStorage), so a
// reload still knows which threads have news.
import type { MsgElement } from '../api/types';
import { appEvents } from '../app-events';
import { authStore } from '../auth/auth-store';
import { createStore } from '../state/store';
import { internalApi, messageFromPayload, type Colleague, type InternalMessage } from './internal-api';

export interface PendingMessage {
  localId: string;
  body: MsgElement[];
  state: 'sending' | 'failed';
  error?: unknown;
}

export interface Conversation {
  messages: InternalMessage[];
  more: boolean;
  loading: boolean;
  loaded: boolean;
  error?: unknown;
  pending: PendingMessage[];
}

/** A thread in the list; a conversation just started from the directory has no message yet. */
export interface Thread {
  member: Colleague;
  lastMessage?: InternalMessage;
}

export interface InternalState {
  me?: string;
  threads: Thread[];
  threadsTotal: number;
  threadsPage: number;
  threadsLoading: boolean;
  threadsError?: unknown;
  /** The colleague whose conversation is open. */
  openId?: string;
  /** The panel is on screen: the open conversation's new messages are read as they come. */
  watching: boolean;
  conversations: Record<string, Conversation>;
  unread: Record<string, number>;
}

const initial = (me?: string): InternalState => ({ me, threads: [], threadsTotal: 0, threadsPage: 0, threadsLoading: false, watching: false, conversations: {}, unread: {} });

export const internalStore = createStore<InternalState>(initial(authStore.get().me?.memberId));

const emptyConversation = (): Conversation => ({ messages: [], more: false, loading: false, loaded: false, pending: [] });
const conversationOf = (memberId: string) => internalStore.get().conversations[memberId] ?? emptyConversation();

function patchConversation(memberId: string, patch: Partial<Conversation> | ((c: Conversation) => Partial<Conversation>)): void {
  internalStore.set((state) => {
    const current = state.conversations[memberId] ?? emptyConversation();
    const next = { ...current, ...(typeof patch === 'function' ? patch(current) : patch) };
    return { conversations: { ...state.conversations, [memberId]: next } };
  });
}

/** Messages by id, oldest first, each once (the socket and the send answer both bring one's own). */
export function mergeMessages(a: InternalMessage[], b: InternalMessage[]): InternalMessage[] {
  const byId = new Map<number, InternalMessage>();
  for (const message of [...a, ...b]) byId.set(message.id, message);
  return [...byId.values()].sort((x, y) => x.id - y.id);
}

/** Newest activity first; conversations without a message yet (just started) on top. */
const byActivity = (x: Thread, y: Thread) => (y.lastMessage?.id ?? Infinity) - (x.lastMessage?.id ?? Infinity);

// ---- what was read (localStorage) ---------------------------------------------------------------

const readKey = (me: string) => `parley.workbench.internalRead.${me}`;

function lastRead(me: string): Record<string, number> {
  try {
    const value = JSON.parse(localStorage.getItem(readKey(me)) ?? '{}') as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, number>) : {};
  } catch {
    return {};
  }
}

function rememberRead(me: string, memberId: string, id: number): void {
  try {
    const read = lastRead(me);
    if ((read[memberId] ?? 0) >= id) return;
    localStorage.setItem(readKey(me), JSON.stringify({ ...read, [memberId]: id }));
  } catch {
    // storage blocked: unread counts last for this page only
  }
}

// ---- threads ------------------------------------------------------------------------------------

/** The first page of threads (again); unread where the last message is the colleague's and newer than what was read. */
export async function loadThreads(page = 1): Promise<void> {
  const { me } = internalStore.get();
  internalStore.set({ threadsLoading: true, threadsError: undefined });
  try {
    const result = await internalApi.threads(page);
    const read = me ? lastRead(me) : {};
    internalStore.set((state) => {
      const loaded = new Map(result.items.map((item) => [item.member.memberId, { member: item.member, lastMessage: item.lastMessage }]));
      const kept = (page === 1 ? state.threads.filter((t) => !t.lastMessage) : state.threads).filter((t) => !loaded.has(t.member.memberId));
      const unread = { ...state.unread };
      for (const { member, lastMessage } of result.items) {
        const news = lastMessage.from !== me && lastMessage.id > (read[member.memberId] ?? 0);
        if (news && !isRead(state, member.memberId)) unread[member.memberId] = Math.max(unread[member.memberId] ?? 0, 1);
      }
      return { threads: [...kept, ...loaded.values()].sort(byActivity), threadsTotal: result.total, threadsPage: page, threadsLoading: false, unread };
    });
  } catch (error) {
    internalStore.set({ threadsLoading: false, threadsError: error });
  }
}

export const loadMoreThreads = () => loadThreads(internalStore.get().threadsPage + 1);

/** Opens the conversation with a colleague (from the list, or started from the directory). */
export function openThread(member: Colleague): void {
  internalStore.set((state) => ({
    openId: member.memberId,
    threads: state.threads.some((t) => t.member.memberId === member.memberId) ? state.threads : [{ member }, ...state.threads],
  }));
  markRead(member.memberId);
  if (!conversationOf(member.memberId).loaded) void loadConversation(member.memberId);
}

export function closeThread(): void {
  internalStore.set({ openId: undefined });
}

/** 不显示: the thread leaves the list; its history stays, and the next message brings it back. */
export async function hideThread(memberId: string): Promise<void> {
  if (conversationOf(memberId).loaded || threadOf(memberId)?.lastMessage) await internalApi.hide(memberId);
  internalStore.set((state) => ({ threads: state.threads.filter((t) => t.member.memberId !== memberId), openId: state.openId === memberId ? undefined : state.openId }));
}

const threadOf = (memberId: string) => internalStore.get().threads.find((t) => t.member.memberId === memberId);

// ---- conversations ------------------------------------------------------------------------------

export async function loadConversation(memberId: string): Promise<void> {
  patchConversation(memberId, { loading: true, error: undefined });
  try {
    const page = await internalApi.messages(memberId);
    patchConversation(memberId, (c) => ({ messages: mergeMessages(c.messages, page.messages), more: page.more, loading: false, loaded: true }));
    markRead(memberId);
  } catch (error) {
    patchConversation(memberId, { loading: false, error });
  }
}

export async function loadEarlier(memberId: string): Promise<void> {
  const current = conversationOf(memberId);
  if (current.loading || !current.more || current.messages.length === 0) return;
  patchConversation(memberId, { loading: true, error: undefined });
  try {
    const page = await internalApi.messages(memberId, current.messages[0].id);
    patchConversation(memberId, (c) => ({ messages: mergeMessages(page.messages, c.messages), more: page.more, loading: false }));
  } catch (error) {
    patchConversation(memberId, { loading: false, error });
  }
}

let localIds = 0;

export async function sendMessage(memberId: string, body: MsgElement[]): Promise<void> {
  const localId = `local-${++localIds}`;
  patchConversation(memberId, (c) => ({ pending: [...c.pending, { localId, body, state: 'sending' }] }));
  await deliver(memberId, localId, body);
}

export async function retryMessage(memberId: string, localId: string): Promise<void> {
  const pending = conversationOf(memberId).pending.find((p) => p.localId === localId);
  if (!pending) return;
  patchConversation(memberId, (c) => ({ pending: c.pending.map((p) => (p.localId === localId ? { ...p, state: 'sending', error: undefined } : p)) }));
  await deliver(memberId, localId, pending.body);
}

export function discardMessage(memberId: string, localId: string): void {
  patchConversation(memberId, (c) => ({ pending: c.pending.filter((p) => p.localId !== localId) }));
}

async function deliver(memberId: string, localId: string, body: MsgElement[]): Promise<void> {
  try {
    const message = await internalApi.send(memberId, body);
    patchConversation(memberId, (c) => ({ pending: c.pending.filter((p) => p.localId !== localId) }));
    receive(message);
  } catch (error) {
    patchConversation(memberId, (c) => ({ pending: c.pending.map((p) => (p.localId === localId ? { ...p, state: 'failed', error } : p)) }));
  }
}

// ---- live ---------------------------------------------------------------------------------------

/** A message of one of the agent's threads (sent here, or arrived on the socket). */
export function receive(message: InternalMessage): void {
  const { me } = internalStore.get();
  if (!me || (message.from !== me && message.to !== me)) return;
  const other = message.from === me ? message.to : message.from;
  const known = threadOf(other);
  internalStore.set((state) => {
    const rest = state.threads.filter((t) => t.member.memberId !== other);
    const newer = !known?.lastMessage || known.lastMessage.id <= message.id;
    const thread: Thread = { member: known?.member ?? { memberId: other, nick: other }, lastMessage: newer ? message : known!.lastMessage };
    return { threads: [thread, ...rest].sort(byActivity) };
  });
  patchConversation(other, (c) => ({
    ...(c.loaded ? { messages: mergeMessages(c.messages, [message]) } : {}),
    // The socket may bring one's own message before the send's answer: it is no longer pending.
    ...(message.from === me ? { pending: withoutFirst(c.pending, (p) => p.state === 'sending' && sameBody(p.body, message.body)) } : {}),
  }));
  if (message.from === me || isRead(internalStore.get(), other)) markRead(other);
  else internalStore.set((state) => ({ unread: { ...state.unread, [other]: (state.unread[other] ?? 0) + 1 } }));
  // A colleague writing for the first time (or to a hidden thread): the list knows their name.
  if (!known) void loadThreads();
}

const sameBody = (a: MsgElement[], b: MsgElement[]) => JSON.stringify(a) === JSON.stringify(b);

function withoutFirst<T>(items: T[], match: (item: T) => boolean): T[] {
  const index = items.findIndex(match);
  return index < 0 ? items : [...items.slice(0, index), ...items.slice(index + 1)];
}

/** The open conversation on a visible panel is being read. */
const isRead = (state: InternalState, memberId: string) => state.watching && state.openId === memberId && (typeof document === 'undefined' || document.visibilityState !== 'hidden');

export function markRead(memberId: string): void {
  const { me } = internalStore.get();
  const latest = conversationOf(memberId).messages.at(-1)?.id ?? threadOf(memberId)?.lastMessage?.id;
  if (me && latest) rememberRead(me, memberId, latest);
  if (internalStore.get().unread[memberId]) internalStore.set((state) => ({ unread: { ...state.unread, [memberId]: 0 } }));
}

/** The logged-in agent (the panel tells; the login store too). Another agent starts from nothing. */
export function setMe(memberId: string): void {
  if (internalStore.get().me !== memberId) internalStore.set(initial(memberId));
}

export function setWatching(watching: boolean): void {
  internalStore.set({ watching });
  const { openId } = internalStore.get();
  if (watching && openId) markRead(openId);
}

/** Unread messages over all threads (for a badge on the internal tab). */
export const unreadTotal = (state: InternalState = internalStore.get()) => Object.values(state.unread).reduce((sum, n) => sum + n, 0);

appEvents.on((event) => {
  if (event.type !== 'internalMessage') return;
  const message = messageFromPayload(event.payload);
  if (message) receive(message);
});

// Another login (or none): nothing of the previous agent's chats stays.
authStore.subscribe((auth) => {
  const me = auth.me?.memberId;
  if (me !== internalStore.get().me) internalStore.set(initial(me));
});

if (typeof document !== 'undefined') {
  document.addEventListener('visibilitychange', () => {
    const { openId } = internalStore.get();
    if (openId && isRead(internalStore.get(), openId)) markRead(openId);
  });
}
