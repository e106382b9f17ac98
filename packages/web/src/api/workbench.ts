// Typed calls of the workbench API (README "Workbench and its socket").
import { api } from './client';
import type { AgentEntry, AgentStatus, HistoryPage, LoginResponse, MeResponse, MsgElement, QuickReplyPage, SendAck, ServerView, SessionInfo, SessionPage, SessionView, StatusView } from './types';

const session = (sessionId: string, action = '') => `/api/workbench/sessions/${encodeURIComponent(sessionId)}${action}`;

const query = (params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

export const authApi = {
  me: () => api.get<MeResponse>('/api/auth/me'),
  login: (email: string, password: string, sdkAppId?: number) => api.post<LoginResponse>('/api/auth/login', { email, password, ...(sdkAppId ? { sdkAppId } : {}) }),
  logout: () => api.post<{ ok: true }>('/api/auth/logout'),
};

export const workbenchApi = {
  status: () => api.get<StatusView>('/api/workbench/status'),
  setStatus: (status: AgentStatus, reason?: string) => api.put<StatusView>('/api/workbench/status', { status, ...(reason ? { reason } : {}) }),

  sessions: (view: ServerView, params: { q?: string; page?: number; pageSize?: number } = {}) => api.get<SessionPage>(`/api/workbench/sessions${query({ view, ...params })}`),
  info: (sessionId: string) => api.get<SessionInfo>(session(sessionId)),
  messages: (sessionId: string, params: { before?: number; limit?: number } = {}) => api.get<HistoryPage>(session(sessionId, `/messages${query(params)}`)),

  accept: (sessionId: string) => api.post<SessionView>(session(sessionId, '/accept')),
  send: (sessionId: string, msgRandom: string, body: MsgElement[]) => api.post<SendAck>(session(sessionId, '/messages'), { msgRandom, body }),
  typing: (sessionId: string) => api.post<{ ok: true }>(session(sessionId, '/typing')),
  transfer: (sessionId: string, target: { memberId: string } | { groupId: number }) => api.post<SessionView>(session(sessionId, '/transfer'), target),
  end: (sessionId: string) => api.post<SessionView>(session(sessionId, '/end')),
  suspend: (sessionId: string) => api.post<SessionView>(session(sessionId, '/suspend')),
  unsuspend: (sessionId: string) => api.post<SessionView>(session(sessionId, '/unsuspend')),
  mark: (sessionId: string, patch: { mark?: string; starred?: boolean }) => api.post<SessionView>(session(sessionId, '/mark'), patch),
  inviteRating: (sessionId: string) => api.post<SessionView>(session(sessionId, '/invite-rating')),

  contact: (userId: string, accountId?: string) => api.post<{ memberId: string; sessionId: string }>('/api/workbench/contact', { userId, ...(accountId ? { accountId } : {}) }),
  agents: (params: { q?: string; groupId?: number } = {}) => api.get<{ items: AgentEntry[] }>(`/api/workbench/agents${query(params)}`),
  quickReplies: (params: { q?: string; categoryId?: number; page?: number; pageSize?: number } = {}) => api.get<QuickReplyPage>(`/api/workbench/quick-replies${query(params)}`),
};
