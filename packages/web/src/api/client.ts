// The workbench's one way to call /api: JSON in and out, the login's CSRF token on unsafe methods,
// and, in an embedded workbench (a cross-site iframe, where the SameSite=Lax cookie is not sent), the
// embed login's session token as `Authorization: Session <token>`.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | number,
    message: string,
    /** The whole error body, for answers that carry more than `error` (e.g. a bulk add's `lines`). */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

interface Credentials {
  csrfToken?: string;
  sessionToken?: string;
}

const credentials: Credentials = {};

/** Called after login (csrfToken) and after an embed login (both). */
export function setCredentials(next: Credentials): void {
  Object.assign(credentials, next);
}

export function clearCredentials(): void {
  delete credentials.csrfToken;
  delete credentials.sessionToken;
}

/** For the WebSocket, which cannot send headers: the session token travels as a subprotocol. */
export function socketProtocols(): string[] {
  return credentials.sessionToken ? [`parley-session.${credentials.sessionToken}`] : [];
}

/** The login's headers for a request: the CSRF token on unsafe methods, the embed session token. Also for XHR uploads (progress events). */
export function credentialHeaders(method: string): Record<string, string> {
  const headers: Record<string, string> = {};
  if (method !== 'GET' && credentials.csrfToken) headers['x-csrf-token'] = credentials.csrfToken;
  if (credentials.sessionToken) headers.authorization = `Session ${credentials.sessionToken}`;
  return headers;
}

export async function request<T>(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...(init.headers as Record<string, string>), ...credentialHeaders(method) };
  if (body !== undefined && !(body instanceof Blob)) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    ...init,
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const data = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const error = (data as { error?: { code?: string | number; message?: string } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? response.status, error?.message ?? response.statusText, data);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown, init?: RequestInit) => request<T>('POST', path, body ?? {}, init),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body ?? {}),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: { code: 'bad_response', message: text.slice(0, 200) } };
  }
}
