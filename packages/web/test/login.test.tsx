// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { authStore } from '../src/auth/auth-store';
import { LoginPage } from '../src/auth/LoginPage';
import { setLocale } from '../src/i18n';
import '../src/i18n/strings';
import { click, fakeFetch, mount, settle, type } from './support/dom';

// Signing in: the app choice when the email is in several apps, and the server's refusals in words.

const member = { memberId: 'ann@example.com', nick: 'Ann', email: 'ann@example.com', roles: ['staff'] };

describe('LoginPage', () => {
  let api: ReturnType<typeof fakeFetch>;
  let answer: (body: { email: string; password: string; sdkAppId?: number }) => unknown;

  beforeEach(() => {
    setLocale('en-US');
    authStore.set({ phase: 'login', me: undefined, app: undefined, notice: undefined, embedded: false });
    api = fakeFetch({ 'POST /api/auth/login': (_url, init) => answer(JSON.parse(String(init.body))) });
    vi.stubGlobal('fetch', api.fetch);
  });
  afterEach(() => vi.unstubAllGlobals());

  const submit = async (view: ReturnType<typeof mount>, email: string, password: string) => {
    type(view.get('login-email') as HTMLInputElement, email);
    type(view.get('login-password') as HTMLInputElement, password);
    const form = view.get('login-submit').closest('form')!;
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();
  };

  it('asks which app when the email is in several, then signs in to the chosen one', async () => {
    answer = (body) =>
      body.sdkAppId
        ? { member, app: { sdkAppId: body.sdkAppId, name: 'Shop B' }, csrfToken: 'csrf-1', expiresAt: '2026-03-03T00:00:00Z' }
        : {
            chooseApp: [
              { sdkAppId: 1400000001, name: 'Shop A' },
              { sdkAppId: 1400000002, name: 'Shop B' },
            ],
          };
    const view = mount(<LoginPage />);
    await submit(view, ' ann@example.com ', 'secret');
    const choices = view.all('login-app');
    expect(choices.map((el) => el.querySelector('.app-choice-name')!.textContent)).toEqual(['Shop A', 'Shop B']);
    click(choices[1]);
    await settle();
    expect(api.calls.map((c) => c.body)).toEqual([
      { email: 'ann@example.com', password: 'secret' },
      { email: 'ann@example.com', password: 'secret', sdkAppId: 1400000002 },
    ]);
    expect(authStore.get()).toMatchObject({ phase: 'ready', me: member, app: { name: 'Shop B' } });
    view.unmount();
  });

  it('says why it refused: a wrong password, a lockout, a member without the workbench role', async () => {
    const view = mount(<LoginPage />);
    answer = () => new Response(JSON.stringify({ error: { code: 60911, message: 'Wrong email or password' } }), { status: 401 });
    await submit(view, 'ann@example.com', 'nope');
    expect(view.get('login-error').textContent).toContain('Wrong email or password.');
    expect(authStore.get().phase).toBe('login');

    answer = () => new Response(JSON.stringify({ error: { code: 70001, message: 'Too many failed logins for this email; try again in 12 minute(s)' } }), { status: 429 });
    await submit(view, 'ann@example.com', 'nope');
    expect(view.get('login-error').textContent).toContain('Try again in 12 minute(s).');

    setLocale('zh-CN');
    await settle();
    await submit(view, 'ann@example.com', 'nope');
    expect(view.get('login-error').textContent).toContain('请 12 分钟后再试');
    setLocale('en-US');

    api = fakeFetch({
      'POST /api/auth/login': () => ({ member: { ...member, roles: ['admin'] }, app: { sdkAppId: 1, name: 'A' }, csrfToken: 'c', expiresAt: '' }),
      'POST /api/auth/logout': () => ({ ok: true }),
    });
    vi.stubGlobal('fetch', api.fetch);
    await submit(view, 'admin@example.com', 'right');
    await vi.waitFor(() => expect(authStore.get()).toMatchObject({ phase: 'login', notice: 'noAccess' }));
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /api/auth/login', 'POST /api/auth/logout']);
    expect(view.container.textContent).toContain('This account has no access to the workbench');
    view.unmount();
  });
});
