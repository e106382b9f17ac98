import { expect } from 'vitest';
import WebSocket from 'ws';
import type { Role } from '../../src/team/schema.ts';
import { createApiClient, createRestClient, type ApiClient, type TestServer } from '../harness.ts';
import { deskOf, type Desk } from '../routing/helpers.ts';
import { Browser } from '../team/helpers.ts';

export { askForHuman, newUser, sessionRow, loadOf, updateSettings, said, type Desk } from '../routing/helpers.ts';
export { Browser } from '../team/helpers.ts';

/** Workbench tests: an app, its administrator (UserSig), and members who log in through /api/auth/login. */

export interface WorkbenchApp extends Desk {
  admin: ApiClient;
}

export async function workbenchApp(test: TestServer, name = 'Workbench app'): Promise<WorkbenchApp> {
  const client = await createRestClient(test, name);
  return { ...deskOf(test, client), admin: createApiClient(test, client) };
}

export interface Agent {
  memberId: string;
  nick: string;
  browser: Browser;
  /** The native API as this member: status and JSON body. */
  api(method: string, path: string, body?: unknown, options?: { csrf?: boolean | string }): Promise<{ status: number; body: any }>;
}

let members = 0;

/** A member provisioned by the team service and logged in with a cookie and its CSRF token. */
export async function loginAgent(d: Desk, options: { nick?: string; roles?: Role[]; maxConcurrent?: number; status?: 'idle' | 'busy' | 'rest' | 'offline' } = {}): Promise<Agent> {
  const n = members++;
  const nick = options.nick ?? `Agent ${n}`;
  const email = `wb${n}-${Math.random().toString(36).slice(2, 7)}@example.com`;
  const { member, password } = await d.test.server.services.team.members.provision(d.appId, { email, nick, roles: options.roles ?? ['staff'], maxConcurrent: options.maxConcurrent });
  const browser = await new Browser(d.test).loginOk(email, password, d.appId);
  const agent: Agent = { memberId: member.memberId, nick, browser, api: (method, path, body, opts) => browser.request(method, path, body, opts) };
  if (options.status && options.status !== 'offline') await expectOk(agent.api('PUT', '/workbench/status', { status: options.status }));
  return agent;
}

/** Asserts a 2xx answer and returns its body. */
export async function expectOk<T = any>(call: Promise<{ status: number; body: any }>): Promise<T> {
  const response = await call;
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
  return response.body as T;
}

/** Asserts an error answer with this HTTP status (and code, if given). */
export async function expectError(call: Promise<{ status: number; body: any }>, status: number, code?: string | number) {
  const response = await call;
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  if (code !== undefined) expect(response.body.error.code).toBe(code);
  return response.body.error as { code: string | number; message: string };
}

export const text = (t: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: t } }];

export type Frame = { type: string; [key: string]: any };

/** A real workbench WebSocket (`/api/workbench/ws`): records every frame, waits for the expected one. */
export class WorkbenchClient {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private listeners = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      this.notify();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => (resolve({ code, reason: reason.toString() }), this.notify())));
  }

  /** Opens the socket with the agent's cookie; resolves on `ready`. */
  static async open(test: TestServer, agent: Agent, query = ''): Promise<WorkbenchClient> {
    const ws = new WebSocket(`${test.baseUrl.replace(/^http/, 'ws')}/api/workbench/ws${query}`, { headers: { cookie: agent.browser.cookie! } });
    const client = await new Promise<WorkbenchClient>((resolve, reject) => {
      ws.once('open', () => resolve(new WorkbenchClient(ws)));
      ws.once('error', reject);
    });
    await client.waitFor((f) => f.type === 'ready');
    return client;
  }

  /** Tries an upgrade and reports the HTTP status the server refused it with (101 if it was accepted). */
  static async attempt(test: TestServer, headers: Record<string, string>, query = ''): Promise<number> {
    const ws = new WebSocket(`${test.baseUrl.replace(/^http/, 'ws')}/api/workbench/ws${query}`, { headers });
    return new Promise((resolve) => {
      ws.once('open', () => (ws.close(), resolve(101)));
      ws.once('unexpected-response', (_req, res) => (res.resume(), resolve(res.statusCode ?? 0)));
      ws.once('error', () => resolve(0));
    });
  }

  mark(): number {
    return this.frames.length;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  waitFor(predicate: (frame: Frame) => boolean, from = 0, timeout = 10_000): Promise<Frame> {
    return new Promise((resolve, reject) => {
      let scanned = from;
      const check = () => {
        for (; scanned < this.frames.length; scanned++) {
          if (predicate(this.frames[scanned])) return (done(), resolve(this.frames[scanned]));
        }
        if (this.ws.readyState === WebSocket.CLOSED) {
          done();
          reject(new Error(`socket closed while waiting; frames: ${this.describe()}`));
        }
      };
      const timer = setTimeout(() => (done(), reject(new Error(`no matching frame within ${timeout} ms; frames: ${this.describe()}`))), timeout);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** The agent-stream event of this type (and session, if given). */
  agentEvent(type: string, sessionId?: string, from = 0): Promise<Frame> {
    return this.waitFor((f) => f.type === 'agent' && f.event.type === type && (sessionId === undefined || f.event.payload.sessionId === sessionId), from).then((f) => f.event);
  }

  /** The conversation event of this type for the session. */
  conversationEvent(sessionId: string, type: string, from = 0, match: (event: any) => boolean = () => true): Promise<Frame> {
    return this.waitFor((f) => f.type === 'conversation' && f.sessionId === sessionId && f.event.type === type && match(f.event), from).then((f) => f.event);
  }

  /** Conversation events received for a session, in arrival order. */
  conversation(sessionId: string): any[] {
    return this.frames.filter((f) => f.type === 'conversation' && f.sessionId === sessionId).map((f) => f.event);
  }

  async close(): Promise<void> {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.close();
    await this.closed;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private describe(): string {
    const json = JSON.stringify(this.frames.slice(-6));
    return `${this.frames.length} received, last: ${json.length > 1500 ? `${json.slice(0, 1500)}…` : json}`;
  }
}

/** Texts of a session's conversation events (messages only). */
export const textsOf = (events: any[]) => events.flatMap((e) => (e.payload.msgBody ?? []).filter((el: any) => el.MsgType === 'TIMTextElem').map((el: any) => el.MsgContent.Text as string));
