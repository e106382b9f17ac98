// The agent's personal quick replies (spec 03 WB-QR-02) under /api/workbench/quick-replies/personal,
// with the server's limits (the /api contract in @parley/protocol) for checks before sending.
import type { ApiQuickReply, ApiQuickReplyCategory, QUICK_REPLY_LIMITS } from '@parley/protocol';
import { api, ApiError } from '../api/client';

/** The contract's limits, restated so the bundle does not carry the schemas; the compiler keeps them equal. */
export const PERSONAL_LIMITS = { categoryName: 30, title: 50, content: 2000, bulk: 500, pageSize: 100 } as const satisfies Pick<
  typeof QUICK_REPLY_LIMITS,
  'categoryName' | 'title' | 'content' | 'bulk' | 'pageSize'
>;

/** The fields of the API's category and reply this manager uses. */
export type PersonalCategory = Pick<ApiQuickReplyCategory, 'categoryId' | 'name' | 'sort' | 'replyCount'>;
export type PersonalReply = Pick<ApiQuickReply, 'replyId' | 'categoryId' | 'title' | 'content' | 'updatedAt'>;

export interface ReplyPage {
  total: number;
  page: number;
  pageSize: number;
  items: PersonalReply[];
}

/** One bad line of a bulk add: its 1-based number in the pasted text and the server's reason. */
export interface BulkLineError {
  line: number;
  reason: string;
}

export type BulkFormat = 'lines' | 'csv';

const BASE = '/api/workbench/quick-replies/personal';

export const personalApi = {
  categories: () => api.get<{ items: PersonalCategory[] }>(`${BASE}/categories`).then((body) => body.items),
  createCategory: (name: string) => api.post<PersonalCategory>(`${BASE}/categories`, { name }),
  renameCategory: (categoryId: number, name: string) => api.patch<PersonalCategory>(`${BASE}/categories/${categoryId}`, { name }),
  deleteCategory: (categoryId: number) => api.delete<{ ok: true }>(`${BASE}/categories/${categoryId}`),

  replies: ({ categoryId, q, page, pageSize }: { categoryId: number; q?: string; page: number; pageSize: number }) => {
    const search = new URLSearchParams({ categoryId: String(categoryId), page: String(page), pageSize: String(pageSize) });
    if (q) search.set('q', q);
    return api.get<ReplyPage>(`${BASE}?${search}`);
  },
  createReply: (reply: { categoryId: number; title: string; content: string }) => api.post<PersonalReply>(BASE, reply),
  updateReply: (replyId: number, patch: { title: string; content: string }) => api.patch<PersonalReply>(`${BASE}/${replyId}`, patch),
  deleteReply: (replyId: number) => api.delete<{ ok: true }>(`${BASE}/${replyId}`),

  /** All or nothing: a bad line rejects the lot with every bad line listed (see `bulkLineErrors`). */
  bulkAdd: (categoryId: number, text: string, format?: BulkFormat) => api.post<{ added: number }>(`${BASE}/bulk`, { categoryId, text, ...(format ? { format } : {}) }),
};

/** The per-line errors of a refused bulk add, or undefined for any other failure. */
export function bulkLineErrors(error: unknown): BulkLineError[] | undefined {
  if (!(error instanceof ApiError) || error.status !== 400) return undefined;
  const lines = (error.body as { lines?: unknown } | undefined)?.lines;
  if (!Array.isArray(lines)) return undefined;
  return lines.filter((entry): entry is BulkLineError => typeof entry?.line === 'number' && typeof entry?.reason === 'string');
}

/** Characters as the server counts them (code points, so an emoji is one). */
export const charCount = (text: string) => [...text].length;
