// The console's one way to call /api: JSON in and out, the login cookie (sent by the browser), and the
// login's CSRF token on unsafe methods. Failures become ApiError with the server's code, message and,
// when the server names fields ("path: message; path: message"), one message per field.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | number,
    message: string,
    /** Field path (e.g. `question`, `similar.2`) → the server's message for it. */
    readonly fields: Record<string, string> = {},
    /** The whole error body, for answers that carry more than `error` (e.g. an import's `rows`). */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | undefined;

/** Called after login and after GET /api/auth/me (a reloaded page gets its token back there). */
export function setCsrfToken(token: string | undefined | null): void {
  csrfToken = token ?? undefined;
}

/** Splits the server's validation message into field messages; anything else stays whole. */
export function fieldErrorsOf(message: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of message.split('; ')) {
    const match = /^([A-Za-z_][\w.]*): (.+)$/.exec(part.trim());
    if (match && match[1] !== 'body') fields[match[1]] = match[2];
  }
  return fields;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

/** Listeners told when the login has gone (401), so the shell can show the login page again. */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const all: Record<string, string> = { accept: 'application/json', ...headers };
  if (method !== 'GET' && csrfToken) all['x-csrf-token'] = csrfToken;
  const isBlob = body instanceof Blob;
  if (body !== undefined && !isBlob) all['content-type'] = 'application/json';
  const response = await fetch(`/api${path}`, {
    method,
    headers: all,
    credentials: 'same-origin',
    body: body === undefined ? undefined : isBlob ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const data = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const error = (data as { error?: { code?: string | number; message?: string; fields?: Record<string, string> } } | undefined)?.error;
    const message = error?.message ?? response.statusText;
    if (response.status === 401 && !path.startsWith('/auth/')) for (const listener of unauthorizedListeners) listener();
    throw new ApiError(response.status, error?.code ?? response.status, message, error?.fields ?? fieldErrorsOf(message), data);
  }
  return data as T;
}

export const http = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown, query?: Query) => request<T>('POST', withQuery(path, query), body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body?: unknown, query?: Query) => request<T>('PATCH', withQuery(path, query), body ?? {}),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** Downloads a file the API answers with (template, export) through a same-origin link. */
export function downloadUrl(path: string, query?: Query): string {
  return withQuery(`/api${path}`, query);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: { code: 'bad_response', message: text.slice(0, 200) } };
  }
}
