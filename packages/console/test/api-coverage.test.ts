// Every /api route the console's API layer (src/api/*.ts) can call exists on the server: each call site's
// method and path template is read from the source, filled with ids that exist, and sent as the console
// sends it (login cookie, CSRF token). A route the server lacks answers 404 `not_found` (or 405): the test
// fails listing them. GETs must answer 2xx.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, createRestClient, startTestServer, type TestServer } from '@parley/server/test/harness.ts';

const API_DIR = join(import.meta.dirname, '../src/api');

interface Call {
  method: string;
  template: string;
  file: string;
}

/** The console's calls: `http.get<…>(path…)`, `request<…>('POST', withQuery(path…))` and `/api…` URLs it links to. */
export function consoleCalls(): Call[] {
  const calls: Call[] = [];
  for (const file of readdirSync(API_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const source = readFileSync(join(API_DIR, file), 'utf8');
    for (const m of source.matchAll(/http\.(get|post|put|patch|delete)<.*?>\(\s*(`[^`]*`|'[^']*')/g)) calls.push({ method: m[1].toUpperCase(), template: m[2].slice(1, -1), file });
    for (const m of source.matchAll(/request<.*?>\(\s*'(\w+)',\s*(?:withQuery\()?(`[^`]*`|'[^']*')/g)) calls.push({ method: m[1], template: m[2].slice(1, -1), file });
    for (const m of source.matchAll(/`\/api(\$\{robot\([^`]*)`/g)) calls.push({ method: 'GET', template: m[1], file });
  }
  return calls;
}

describe('the /api routes the console calls', () => {
  let test: TestServer;
  let cookie = '';
  let csrf = '';
  const ids: Record<string, string> = {};

  const send = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${test.baseUrl}/api${path}`, {
      method,
      headers: { cookie, accept: 'application/json', ...(method === 'GET' ? {} : { 'x-csrf-token': csrf, 'content-type': 'application/json' }) },
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
    const text = await response.text();
    let json: { error?: { code?: unknown } } | undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, body: json };
  };

  beforeAll(async () => {
    test = await startTestServer();
    const rest = await createRestClient(test);
    const api = createApiClient(test, rest);
    const { member, password } = await test.server.services.team.members.provision(rest.sdkAppId, { email: 'coverage-admin@desk.test', nick: 'Coverage Admin', roles: ['admin'] });
    const login = await fetch(`${test.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: member.email, password }) });
    expect(login.status).toBe(200);
    cookie = (login.headers.getSetCookie?.() ?? [login.headers.get('set-cookie') ?? '']).map((c) => c.split(';')[0]).join('; ');
    csrf = ((await login.json()) as { csrfToken: string }).csrfToken;

    // Entries whose ids the GET routes need.
    const categories = await api.request('GET', '/robots/default/faq/categories');
    const category = await api.request('POST', '/robots/default/faq/categories', { title: 'Coverage' });
    ids.categoryId = String(category.body.categoryId ?? categories.body.items[0].categoryId);
    const question = await api.request('POST', '/robots/default/faq/questions', { categoryId: Number(ids.categoryId), question: 'Coverage question', answer: 'Yes.' });
    ids.questionId = question.body.questionId;
    const release = await api.request('POST', '/robots/default/publish', { note: 'coverage' });
    ids.version = release.body.version ?? '1';
    // Member calls (reset password, force offline, delete) go to another member, not the one logged in.
    ids.memberId = (await test.server.services.team.members.provision(rest.sdkAppId, { email: 'coverage-staff@desk.test', nick: 'Coverage Staff', roles: ['staff'] })).member.memberId;
    const group = await api.request('POST', '/team/groups', { name: 'Coverage group', memberIds: [] });
    ids.groupId = String(group.body.groupId);
    ids.accountId = (await api.request('GET', '/accounts')).body.items[0].accountId;
    const replyCategory = await api.request('POST', '/quick-replies/categories', { name: 'Coverage' });
    const reply = await api.request('POST', '/quick-replies', { categoryId: replyCategory.body.categoryId, title: 'Hi', content: 'Hello' });
    ids.replyId = String(reply.body.replyId ?? reply.body.id ?? 1);
    ids.eventId = '1';
    ids.languageTag = 'en';
  }, 60_000);
  afterAll(() => test?.close());

  /** A template with real ids: `${robot(x)}` → /robots/default, `${library}` → faq, `${id(memberId)}` → that member… */
  const fill = (template: string) =>
    template.replace(/\$\{([^}]*)\}/g, (_, expression: string) => {
      if (expression.startsWith('robot(')) return '/robots/default';
      if (expression === 'library') return 'faq';
      const name = /(\w+)\)*$/.exec(expression)?.[1] ?? expression;
      return encodeURIComponent(ids[name] ?? '1');
    });

  it('finds the calls of the API layer', () => {
    const calls = consoleCalls();
    expect(calls.length).toBeGreaterThan(50);
    expect(calls).toContainEqual(expect.objectContaining({ method: 'PATCH', template: '${robot(robotId)}/${library}/questions/${encodeURIComponent(questionId)}' }));
  });

  it('detects a missing route', async () => {
    const missing = await send('GET', '/no-such-route');
    expect(missing.status).toBe(404);
    expect(missing.body?.error?.code).toBe('not_found');
  });

  it('answers every one of them (GETs with 2xx)', { timeout: 120_000 }, async () => {
    const calls = consoleCalls();
    // Reads first; destructive calls last, so the ids the others use still exist; logging out at the very end.
    const order = (c: Call) => (c.template === '/auth/logout' ? 4 : c.method === 'DELETE' ? 3 : c.template.includes('rollback') ? 2 : c.method === 'GET' ? 0 : 1);
    const missing: string[] = [];
    const failedGets: string[] = [];
    for (const call of [...calls].sort((a, b) => order(a) - order(b))) {
      let path = fill(call.template);
      if (/\/faq\/(template|export)$/.test(path)) path += '?format=csv';
      const answer = await send(call.method, path, {});
      const label = `${call.method} /api${call.template} (${call.file}) → ${answer.status} ${JSON.stringify(answer.body?.error ?? '')}`;
      if (answer.status === 405 || (answer.status === 404 && answer.body?.error?.code === 'not_found')) missing.push(label);
      else if (call.method === 'GET' && (answer.status < 200 || answer.status > 299)) failedGets.push(label);
    }
    expect(missing, `routes the console calls that the server lacks:\n${missing.join('\n')}`).toEqual([]);
    expect(failedGets, `GETs the console makes that fail:\n${failedGets.join('\n')}`).toEqual([]);
  });
});
