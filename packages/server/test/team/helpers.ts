import { expect } from 'vitest';
import { createApiClient, createRestClient, type ApiClient, type RestClient, type TestServer } from '../harness.ts';

/** An app with its administrator's UserSig client (acts as the super admin on the native API). */
export interface TeamApp {
  sdkAppId: number;
  admin: ApiClient;
  rest: RestClient;
}

export async function createTeamApp(test: TestServer, name = 'Team app'): Promise<TeamApp> {
  const rest = await createRestClient(test, name);
  return { sdkAppId: rest.sdkAppId, admin: createApiClient(test, rest), rest };
}

export interface Invited {
  memberId: string;
  password: string;
}

/** Invites through the API without SMTP, so the password comes back in the answer. */
export async function invite(app: TeamApp, email: string, roles: string[], nick = email.split('@')[0]): Promise<Invited> {
  const response = await app.admin.request('POST', '/team/members', { email, nick, roles });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  expect(response.body.emailed).toBe(false);
  return { memberId: response.body.member.memberId, password: response.body.password };
}

export interface BrowserResponse {
  status: number;
  body: any;
  setCookie: string[];
}

/** A browser: keeps the login cookie and the CSRF token, and sends the token on unsafe methods unless told not to. */
export class Browser {
  cookie?: string;
  csrfToken?: string;

  constructor(private test: TestServer) {}

  async login(email: string, password: string, sdkAppId?: number): Promise<BrowserResponse> {
    const response = await this.request('POST', '/auth/login', { email, password, ...(sdkAppId ? { sdkAppId } : {}) });
    if (response.status === 200 && response.body.csrfToken) this.csrfToken = response.body.csrfToken;
    return response;
  }

  /** Logs in and asserts it worked. */
  async loginOk(email: string, password: string, sdkAppId?: number): Promise<this> {
    const response = await this.login(email, password, sdkAppId);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.csrfToken).toBeTruthy();
    return this;
  }

  async request(method: string, path: string, body?: unknown, options: { csrf?: boolean | string; raw?: string } = {}): Promise<BrowserResponse> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    const csrf = options.csrf ?? true;
    if (csrf !== false && this.csrfToken) headers['x-csrf-token'] = typeof csrf === 'string' ? csrf : this.csrfToken;
    if (body !== undefined || options.raw !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.test.baseUrl}/api${path}`, { method, headers, body: options.raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
    const setCookie = response.headers.getSetCookie();
    for (const line of setCookie) {
      const [pair] = line.split(';');
      const [name, value] = pair.split('=');
      if (name !== 'parley_session') continue;
      this.cookie = value ? `${name}=${value}` : undefined;
    }
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, body: type.includes('json') ? await response.json() : await response.text(), setCookie };
  }
}
