// Older messages than the subscription replayed: GET /chat/v1/history, one page before a seq, newest
// first, each message as it reads now (edits applied).
import type { MsgElement } from '@parley/protocol';

export interface HistoryMessage {
  seq: number;
  msgKey: string;
  role: 1 | 2 | 3;
  at: number;
  msgBody: MsgElement[];
}

export interface HistoryPage {
  messages: HistoryMessage[];
  hasMore: boolean;
}

export interface HistoryCredentials {
  sdkAppId: number;
  userId: string;
  userSig: string;
}

export const HISTORY_PAGE = 50;

export async function fetchHistory(fetchFn: typeof fetch, origin: string, credentials: HistoryCredentials, accountId: string, before: number): Promise<HistoryPage> {
  const query = new URLSearchParams({ accountId, before: String(before), limit: String(HISTORY_PAGE) });
  const response = await fetchFn(`${origin}/chat/v1/history?${query}`, {
    headers: { 'x-parley-app': String(credentials.sdkAppId), 'x-parley-user': credentials.userId, authorization: `UserSig ${credentials.userSig}` },
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as HistoryPage;
}
