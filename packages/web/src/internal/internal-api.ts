// Internal chat's calls (README "Workbench and its socket": internal threads, messages, hide; the team directory).
import { api } from '../api/client';
import type { InternalMessage, MsgElement } from '@parley/protocol';

export type { InternalMessage };

export interface Colleague {
  memberId: string;
  nick: string;
}

export interface InternalThread {
  threadId: string;
  member: Colleague;
  lastMessage: InternalMessage;
}

export interface DirectoryEntry extends Colleague {
  email: string;
  roles: string[];
}

const thread = (memberId: string, what: string) => `/api/workbench/internal/${encodeURIComponent(memberId)}/${what}`;

export const THREADS_PAGE = 50;
export const MESSAGES_PAGE = 30;

export const internalApi = {
  threads: (page = 1) => api.get<{ items: InternalThread[]; total: number; page: number; pageSize: number }>(`/api/workbench/internal/threads?page=${page}&pageSize=${THREADS_PAGE}`),
  messages: (memberId: string, before?: number) =>
    api.get<{ messages: InternalMessage[]; more: boolean }>(`${thread(memberId, 'messages')}?limit=${MESSAGES_PAGE}${before ? `&before=${before}` : ''}`),
  send: (memberId: string, body: MsgElement[]) => api.post<InternalMessage>(thread(memberId, 'messages'), { body }),
  hide: (memberId: string) => api.post<{ ok: true }>(thread(memberId, 'hide')),
  directory: (q: string) => api.get<{ items: DirectoryEntry[] }>(`/api/team/directory${q ? `?q=${encodeURIComponent(q)}` : ''}`),
};

/** The socket's InternalMessage payload as a message, if it is one. */
export function messageFromPayload(payload: Record<string, unknown>): InternalMessage | undefined {
  const { id, threadId, from, to, body, at } = payload;
  if (typeof id !== 'number' || typeof from !== 'string' || typeof to !== 'string' || !Array.isArray(body)) return undefined;
  return { id, threadId: String(threadId ?? ''), from, to, body: body as MsgElement[], at: typeof at === 'string' ? at : new Date().toISOString() };
}
