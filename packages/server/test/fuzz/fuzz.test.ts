import fc from 'fast-check';
import TLSSigAPIv2 from 'tls-sig-api-v2';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROBOT_ID } from '../../src/knowledge/limits.ts';
import { createRestClient, startTestServer, type RestClient, type TestServer } from '../harness.ts';
import { Browser } from '../team/helpers.ts';
import { Fingerprinter } from './fingerprint.ts';
import { bodyArb, foreignIds, hostileSegment, malformedText, queryArb, sampleOf, type Hints, type Json } from './generators.ts';
import { paramsOf, restCommands, routeCollector, type DiscoveredRoute, type Surface } from './routes.ts';

/**
 * "Bad input never reaches the database": generated malformed requests to every route the server
 * registers (listed by the server itself) and every REST command, and malformed frames on both
 * WebSockets. Each answer must be below 500, in its surface's envelope, never an internal error
 * dressed as a refusal, bounded in size, and a refused request must leave the database unchanged.
 *
 * Default: a fixed seed and FUZZ_RUNS (default below) requests per route or command.
 * Longer: FUZZ_RUNS=400 FUZZ_SEED=<n> npx vitest run packages/server/test/fuzz/
 */

const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 15));
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_208);
const LONG_RUN = RUNS > 15;
/** A refusal tells the client what was wrong in a few hundred bytes, not an echo of what it sent. */
const MAX_ERROR_BYTES = 4096;
/** Codes the REST gateway uses for an unexpected exception (spec 05 §8.1 141002; -1 elsewhere). */
const REST_INTERNAL_CODES = new Set([-1, 141_002, 70_500]);
const ACCOUNT = '@customer_service_account';
const TIMEOUT = LONG_RUN ? 3 * 60 * 60_000 : 10 * 60_000;

interface FuzzRequest {
  surface: Surface;
  /** The route (or command) the request is for, for the summary and reports. */
  target: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  kind: string;
}

interface Outcome {
  status: number;
  text: string;
  contentType: string;
}

interface Tally {
  requests: number;
  accepted: number;
  refused: number;
  byStatus: Record<string, number>;
}

const tallies = new Map<string, Tally>();
const findings: { surface: Surface; text: string }[] = [];
const findingsOf = (...surfaces: Surface[]) => findings.filter((f) => surfaces.includes(f.surface)).map((f) => f.text);
const findingKeys = new Set<string>();

function count(surface: string, refused: boolean, statusKey: string) {
  const t = tallies.get(surface) ?? { requests: 0, accepted: 0, refused: 0, byStatus: {} };
  t.requests++;
  if (refused) t.refused++;
  else t.accepted++;
  t.byStatus[statusKey] = (t.byStatus[statusKey] ?? 0) + 1;
  tallies.set(surface, t);
}

const excerpt = (value: unknown, n = 300) => {
  const s = typeof value === 'string' ? value : value instanceof Uint8Array ? `<${value.length} bytes>` : String(JSON.stringify(value));
  return s.length > n ? `${s.slice(0, n)}…(${s.length})` : s;
};

/** One finding per target and problem (the first counterexample), so a long run reports each bug once. */
function report(request: FuzzRequest, problem: string, outcome?: Outcome) {
  const key = `${request.target} ${problem.replace(/\d+/g, 'N').slice(0, 80)}`;
  if (findingKeys.has(key)) return;
  findingKeys.add(key);
  findings.push({
    surface: request.surface,
    text: `${request.target}: ${problem}\n    request ${request.method} ${excerpt(request.path, 200)} [${request.kind}] body ${excerpt(request.body)}${outcome ? `\n    answer ${outcome.status} ${excerpt(outcome.text)}` : ''}`,
  });
}

/** Checks one answer against its surface's envelope; returns whether the request was refused. */
function judge(request: FuzzRequest, outcome: Outcome): boolean {
  const problems: string[] = [];
  let refused = outcome.status >= 400;
  let json: any;
  try {
    json = outcome.contentType.includes('json') ? JSON.parse(outcome.text) : undefined;
  } catch {
    problems.push('the answer claims JSON but does not parse');
  }
  if (outcome.status >= 500) problems.push(`HTTP ${outcome.status}`);
  if (request.surface === 'rest') {
    if (outcome.status !== 200) problems.push(`REST answered HTTP ${outcome.status}, not 200`);
    if (!json || (json.ActionStatus !== 'OK' && json.ActionStatus !== 'FAIL') || !Number.isInteger(json.ErrorCode) || typeof json.ErrorInfo !== 'string') {
      problems.push('not the REST envelope');
    } else {
      refused = json.ActionStatus === 'FAIL';
      if (refused && json.ErrorCode === 0) problems.push('FAIL with ErrorCode 0');
      if (!refused && json.ErrorCode !== 0) problems.push('OK with a non-zero ErrorCode');
      if (REST_INTERNAL_CODES.has(json.ErrorCode)) problems.push(`internal error ${json.ErrorCode} in a FAIL: ${excerpt(json.ErrorInfo, 120)}`);
    }
  } else if (outcome.status >= 400) {
    if (request.surface === 'web' && !outcome.contentType.includes('json')) {
      // Pages and their images answer browsers in their own type (an invalid chat link is a readable 404 page).
    } else if (request.surface === 'control') {
      // The CLI's endpoint answers `{error: text}`; requests refused before routing get the server's `{error: {code, message}}`.
      if (!json || !(typeof json.error === 'string' || typeof json.error?.message === 'string')) problems.push('not the control envelope {error}');
    } else if (!json || typeof json.error !== 'object' || json.error === null || json.error.code === undefined || typeof json.error.message !== 'string') {
      problems.push('not the {error: {code, message}} envelope');
    } else if (json.error.code === 'internal' || json.error.code === 141_002 || json.error.code === -1) {
      problems.push(`internal error code ${json.error.code}`);
    }
  }
  if (refused && /internal error/i.test(outcome.text)) problems.push('an internal error behind a refusal');
  if (refused && Buffer.byteLength(outcome.text) > MAX_ERROR_BYTES) problems.push(`refusal of ${Buffer.byteLength(outcome.text)} bytes`);
  for (const p of problems) report(request, p, outcome);
  count(request.surface, refused, request.surface === 'rest' && json?.ErrorCode !== undefined ? `${json.ActionStatus}:${json.ErrorCode}` : String(outcome.status));
  return refused;
}

describe('fuzz: malformed input on every route', () => {
  let test: TestServer;
  let routes: DiscoveredRoute[];
  let rest: RestClient;
  let prints: Fingerprinter;
  let browser: Browser;
  let memberEmail: string;
  let memberPassword: string;
  let visitor: { userId: string; userSig: string; publicKey: string };
  let restHints: Hints;
  let apiHints: Hints;
  let adminSig: string;

  beforeAll(async () => {
    const collector = routeCollector();
    test = await startTestServer({ onRoute: collector.onRoute });
    routes = collector.routes;
    const services = test.server.services;
    prints = new Fingerprinter(services.db);
    await prints.install();

    // Another app's ids, to be refused as unknown in this one.
    const other = await createRestClient(test, 'Other app');
    const otherCat = await other.call('add_faq_category', { Title: 'theirs' });
    const otherQ = await other.call('add_faq', { CategoryId: otherCat.CategoryId, Question: 'their question', Answer: 'a' });
    const otherMember = await services.team.members.provision(other.sdkAppId, { email: 'their-agent@example.com', nick: 'Theirs', roles: ['staff'] });
    foreignIds.push(String(otherCat.CategoryId), String(otherQ.StandardQuestionId), otherMember.member.memberId, String(other.sdkAppId));

    rest = await createRestClient(test, 'Fuzzed app');
    adminSig = new TLSSigAPIv2.Api(rest.sdkAppId, rest.secretKey).genSig(rest.admin, 86_400);
    const cat = await rest.call('add_faq_category', { Title: 'fuzz' });
    const question = await rest.call('add_faq', { CategoryId: cat.CategoryId, Question: 'where is my order', Answer: 'on its way' });
    memberEmail = 'fuzz-admin@example.com';
    ({ password: memberPassword } = await services.team.members.provision(rest.sdkAppId, { email: memberEmail, nick: 'Fuzz', roles: ['admin', 'staff'] }));
    const colleague = await services.team.members.provision(rest.sdkAppId, { email: 'fuzz-colleague@example.com', nick: 'Colleague', roles: ['staff'] });
    browser = await new Browser(test).loginOk(memberEmail, memberPassword, rest.sdkAppId);
    const publicKey = (await services.customers.publicKeyOf(rest.sdkAppId, ACCOUNT))!;
    const v = await services.customers.visitor(publicKey);
    visitor = { userId: v.userId, userSig: v.userSig, publicKey };
    const sent = await fetch(`${test.baseUrl}/chat/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...visitorHeaders() },
      body: JSON.stringify({ accountId: ACCOUNT, msgRandom: 'fuzz-1', body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hello' } }] }),
    });
    const ack = (await sent.json()) as { sessionId: string };
    expect(sent.status, JSON.stringify(ack)).toBe(200);
    foreignIds.push(visitor.userId);

    const textBody = [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }];
    restHints = {
      CategoryId: cat.CategoryId,
      ParentCategoryId: cat.CategoryId,
      StandardQuestionId: question.StandardQuestionId,
      RobotId: DEFAULT_ROBOT_ID,
      LanguageTag: '',
      SessionId: ack.sessionId,
      ClientUserId: visitor.userId,
      IMAgentUserId: ACCOUNT,
      IMAgentUserID: ACCOUNT,
      FromAccount: ACCOUNT,
      ToAccount: visitor.userId,
      CustomerServiceId: ACCOUNT,
      MsgBody: textBody,
      MsgRandom: 12345,
      MemberId: colleague.member.memberId,
      StartTimestamp: 0,
      EndTimestamp: 2_000_000_000,
    };
    apiHints = {
      robotId: 'default',
      library: 'faq',
      sessionId: ack.sessionId,
      accountId: ACCOUNT,
      userId: visitor.userId,
      memberId: colleague.member.memberId,
      publicKey,
      fileId: 'nofile',
      msgRandom: 'fuzz-2',
      body: textBody,
      email: 'fuzz-new@example.com',
      tag: 'en',
      language: '',
      env: 'test',
      kind: 'image',
      format: 'csv',
      wait: '0',
    };
  }, 120_000);

  afterAll(async () => {
    await test?.close();
    const lines = [...tallies].map(([surface, t]) => {
      const statuses = Object.entries(t.byStatus)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([k, n]) => `${k}×${n}`)
        .join(' ');
      return `  ${surface.padEnd(13)} ${String(t.requests).padStart(6)} requests  ${String(t.accepted).padStart(5)} accepted  ${String(t.refused).padStart(6)} refused   ${statuses}`;
    });
    const total = [...tallies.values()].reduce((n, t) => n + t.requests, 0);
    console.log(
      `fuzz summary (seed ${SEED}, ${RUNS} runs per target, ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}): ${total} requests and frames\n${lines.join('\n')}${findings.length ? `\n${findings.length} finding(s)` : ''}`,
    );
  });

  const visitorHeaders = () => ({ 'x-parley-app': String(rest.sdkAppId), 'x-parley-user': visitor.userId, authorization: `UserSig ${visitor.userSig}` });

  function authHeaders(surface: Surface, url: string): Record<string, string> {
    switch (surface) {
      case 'api':
        // Logging out would end the fuzzer's own login: that route is fuzzed without it.
        if (url === '/api/auth/logout') return {};
        return { cookie: browser.cookie!, 'x-csrf-token': browser.csrfToken! };
      case 'chat':
        return visitorHeaders();
      case 'control':
        return { 'x-parley-control': test.server.controlToken };
      default:
        return {};
    }
  }

  async function send(request: FuzzRequest): Promise<Outcome> {
    const headers = { ...request.headers };
    const response = await fetch(`${test.baseUrl}${request.path}`, {
      method: request.method,
      headers,
      body: request.method === 'GET' ? undefined : (request.body as BodyInit | undefined),
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') ?? '' };
  }

  /** Sends one request, judges the answer, and checks that a refused request changed nothing stored. */
  async function attempt(request: FuzzRequest, before: { print: number }): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await send(request);
    } catch (error) {
      report(request, `no answer: ${(error as Error).message}`);
      count(request.surface, true, 'no-answer');
      before.print = await prints.settled();
      return;
    }
    const refused = judge(request, outcome);
    if (refused) {
      const after = await prints.take();
      if (after !== before.print) {
        report(request, `a refused request wrote: ${(await prints.written(before.print, after)).join(', ')}`, outcome);
        before.print = await prints.settled();
      }
    } else {
      before.print = await prints.settled();
    }
  }

  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/octet-stream', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', '') },
  );

  /** Good inputs of routes that parse their own input (no declared schema), from the README and the chat tests. */
  const knownInputs = (): Record<string, { body?: Record<string, Json>; query?: Record<string, string> }> => ({
    'POST /chat/v1/messages': { body: { accountId: ACCOUNT, msgRandom: 'fuzz-3', body: apiHints.body } },
    'POST /chat/v1/visitor': { body: { publicKey: visitor.publicKey, nick: 'fuzz' } },
    'GET /chat/v1/events': { query: { accountId: ACCOUNT, after: '0', wait: '0' } },
    'GET /chat/v1/history': { query: { accountId: ACCOUNT, limit: '5' } },
    'POST /chat/v1/files': { query: { kind: 'file' } },
    'POST /api/workbench/files': { query: { kind: 'file' } },
    'POST /api/auth/login': { body: { email: 'fuzz-colleague@example.com', password: 'wrong-password' } },
    'GET /chat/:publicKey': {},
  });

  /** The request generator of one HTTP route (not /v4: see restArb). */
  function routeArb(route: DiscoveredRoute): fc.Arbitrary<FuzzRequest> {
    const names = paramsOf(route.url);
    const segment = (name: string) =>
      name !== '*' && Object.hasOwn(apiHints, name)
        ? fc.oneof({ weight: 3, arbitrary: fc.constant(encodeURIComponent(String(apiHints[name]))) }, { weight: 2, arbitrary: hostileSegment })
        : hostileSegment;
    const pathArb = fc.tuple(...names.map(segment)).map((values) => {
      let i = 0;
      return route.url.replace(/:([A-Za-z0-9_]+)|\*/g, () => values[i++]);
    });
    const schema = route.schema ?? {};
    const known = knownInputs()[`${route.method} ${route.url}`] ?? {};
    const baseQuery = known.query ?? Object.fromEntries(Object.entries(sampleOf(schema.querystring, apiHints)).map(([k, v]) => [k, String(v)]));
    if (route.url === '/chat/v1/events') baseQuery.wait = '0';
    const hasBody = route.method !== 'GET';
    const body = hasBody ? bodyArb(known.body ?? sampleOf(schema.body, apiHints)) : fc.constant({ kind: 'none', text: undefined as string | undefined });
    return fc.tuple(pathArb, queryArb(baseQuery), body, contentType).map(([path, query, b, type]) => {
      const headers = authHeaders(route.surface!, route.url);
      // A long-poll that waits for events is not a malformed request; keep it short.
      if (route.url === '/chat/v1/events' && !/(^|&)wait=/.test(query)) query = query ? `${query}&wait=0` : 'wait=0';
      if (hasBody && b.text !== undefined && type) headers['content-type'] = type;
      return {
        surface: route.surface!,
        target: `${route.method} ${route.url}`,
        method: route.method,
        path: `${path}${query ? `?${query}` : ''}`,
        headers,
        body: b.text,
        kind: b.kind,
      };
    });
  }

  /** The request generator of one REST command: its good body with a field mutated, malformed bodies, now and then bad URL parameters. */
  function restArb(service: string, name: string, schema: unknown): fc.Arbitrary<FuzzRequest> {
    const auth = { sdkappid: String(rest.sdkAppId), identifier: rest.admin, usersig: adminSig, random: '123', contenttype: 'json' };
    const good = new URLSearchParams(auth).toString();
    const query = fc.oneof({ weight: 9, arbitrary: fc.constant(good) }, { weight: 1, arbitrary: queryArb(auth) });
    return fc.tuple(query, bodyArb(sampleOf(schema, restHints)), fc.constantFrom('POST', 'POST', 'POST', 'POST', 'GET', 'PUT')).map(([q, b, method]) => ({
      surface: 'rest' as const,
      target: `${service}/${name}`,
      method,
      path: `/v4/${service}/${name}?${q}`,
      headers: {},
      body: b.text,
      kind: b.kind,
    }));
  }

  async function fuzz(label: string, arb: fc.Arbitrary<FuzzRequest>, runs: number, salt: number) {
    const before = { print: await prints.settled() };
    await fc.assert(
      fc.asyncProperty(arb, async (request) => {
        await attempt(request, before);
      }),
      { seed: SEED + salt, numRuns: runs, endOnFailure: true },
    );
    void label;
  }

  /** Keeps the fuzzer's own login alive (a fuzzed route may end it, as reset-password on oneself would). */
  async function stayLoggedIn() {
    const me = await browser.request('GET', '/auth/me');
    if (me.status !== 200) await browser.loginOk(memberEmail, memberPassword, rest.sdkAppId);
  }

  it('knows how to reach every route the server registers', () => {
    const unknown = routes.filter((r) => r.surface === undefined).map((r) => `${r.method} ${r.url}${r.websocket ? ' (websocket)' : ''}`);
    expect(unknown, 'routes of a surface the fuzzer cannot authenticate: teach test/fuzz/routes.ts').toEqual([]);
    const surfaces = new Set(routes.map((r) => r.surface));
    for (const s of ['rest', 'api', 'chat', 'chat-ws', 'workbench-ws', 'web', 'ops'] as const) expect(surfaces, s).toContain(s);
    expect(restCommands().length).toBeGreaterThan(40);
  });

  it(
    'REST: every command of the command table',
    async () => {
      const commands = restCommands();
      for (const [i, c] of commands.entries()) await fuzz(`${c.service}/${c.name}`, restArb(c.service, c.name, c.command.schema), RUNS, i);
      // The route itself: unknown services and commands, hostile segments.
      const route = fc.tuple(hostileSegment, hostileSegment, malformedText).map(([s, c, body]) => ({
        surface: 'rest' as const,
        target: 'POST /v4/:service/:command',
        method: 'POST',
        path: `/v4/${s}/${c}?sdkappid=${rest.sdkAppId}&identifier=${encodeURIComponent(rest.admin)}&usersig=${encodeURIComponent(adminSig)}&random=1&contenttype=json`,
        headers: {},
        body,
        kind: 'route',
      }));
      await fuzz('/v4 route', route, RUNS * 3, 999);
      expect(findingsOf('rest')).toEqual([]);
    },
    TIMEOUT,
  );

  for (const surface of ['api', 'chat', 'web', 'ops', 'control'] as const) {
    it(
      `${surface}: every route`,
      async () => {
        const mine = routes.filter((r) => r.surface === surface && !r.websocket);
        expect(mine.length).toBeGreaterThan(0);
        for (const [i, route] of mine.entries()) {
          await fuzz(`${route.method} ${route.url}`, routeArb(route), RUNS, 1000 + i);
          if (surface === 'api') await stayLoggedIn();
        }
        expect(findingsOf(surface)).toEqual([]);
      },
      TIMEOUT,
    );
  }

  // ---- WebSockets ----

  const frameArb: fc.Arbitrary<string | Buffer> = fc.oneof(
    { weight: 3, arbitrary: malformedText },
    {
      weight: 6,
      arbitrary: fc
        .tuple(
          fc.constantFrom('hello', 'subscribe', 'send', 'unsubscribe', 'ping', 'pong', 'x', ''),
          bodyArb({ accountId: ACCOUNT, msgRandom: 'm1', body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }], after: 0, tail: 5 } as Record<string, Json>),
        )
        .map(([type, b]) => {
          try {
            const value = b.text === undefined ? {} : JSON.parse(b.text);
            return JSON.stringify(value && typeof value === 'object' && !Array.isArray(value) ? { type, ...value } : value);
          } catch {
            return b.text ?? '';
          }
        }),
    },
    { weight: 1, arbitrary: fc.constantFrom(Buffer.from([0, 1, 2, 255]), Buffer.alloc(70_000, 0x61)) },
    { weight: 1, arbitrary: fc.constant('{"type":"ping","x":"' + 'y'.repeat(70_000) + '"}') },
  );

  interface SocketRun {
    frames: any[];
    closed?: { code: number; reason: string };
  }

  async function openSocket(path: string, headers: Record<string, string>, protocols?: string[]): Promise<{ ws: WebSocket; run: SocketRun }> {
    const ws = new WebSocket(`${test.baseUrl.replace(/^http/, 'ws')}${path}`, protocols, { headers });
    const run: SocketRun = { frames: [] };
    ws.on('message', (data) => {
      const text = data.toString();
      try {
        run.frames.push(JSON.parse(text));
      } catch {
        run.frames.push({ unparsable: text.slice(0, 200) });
      }
    });
    ws.on('close', (code, reason) => (run.closed = { code, reason: reason.toString() }));
    ws.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused ${res.statusCode}`)));
      ws.once('error', reject);
    });
    return { ws, run };
  }

  const until = async (condition: () => boolean, ms = 5000) => {
    const end = Date.now() + ms;
    while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    return condition();
  };

  /** Judges the frames and close of one socket run; returns whether anything was accepted (an ack or a hello). */
  function judgeSocket(surface: Surface, request: FuzzRequest, run: SocketRun, sent: number) {
    for (const frame of run.frames) {
      if (frame?.type !== 'error') continue;
      const text = JSON.stringify(frame);
      if (frame.code === 141_002 || frame.code === -1 || frame.code === 'internal') report(request, `internal error frame ${text.slice(0, 200)}`);
      if (typeof frame.message !== 'string' || frame.code === undefined) report(request, `error frame without code and message: ${text.slice(0, 200)}`);
      if (Buffer.byteLength(text) > MAX_ERROR_BYTES) report(request, `error frame of ${Buffer.byteLength(text)} bytes`);
    }
    if (run.closed && (run.closed.code === 1011 || run.closed.code === 1006)) report(request, `socket closed ${run.closed.code} ${run.closed.reason}`);
    const acks = run.frames.filter((f) => f?.type === 'ack' || f?.type === 'pong' || f?.type === 'subscribed').length;
    for (let i = 0; i < sent; i++) count(surface, i >= acks, i < acks ? 'answered' : 'frame');
    for (const frame of run.frames) if (frame?.type === 'error') tallies.get(surface)!.byStatus[`error:${frame.code}`] = (tallies.get(surface)!.byStatus[`error:${frame.code}`] ?? 0) + 1;
  }

  it(
    'chat WebSocket: malformed hellos and frames',
    async () => {
      const hello = { type: 'hello', sdkAppId: rest.sdkAppId, userId: visitor.userId, userSig: visitor.userSig };
      const helloArb = fc.oneof({ weight: 3, arbitrary: fc.constant(JSON.stringify(hello)) }, { weight: 2, arbitrary: bodyArb(hello as Record<string, Json>).map((b) => b.text ?? '') });
      const before = { print: await prints.settled() };
      await fc.assert(
        fc.asyncProperty(helloArb, fc.array(frameArb, { minLength: 1, maxLength: 4 }), async (helloText, frames) => {
          const request: FuzzRequest = {
            surface: 'chat-ws',
            target: 'WS /chat/v1/ws',
            method: 'WS',
            path: '/chat/v1/ws',
            headers: {},
            body: `${excerpt(helloText, 120)} then ${frames.map((f) => excerpt(typeof f === 'string' ? f : `<${f.length} bytes>`, 120)).join(' | ')}`,
            kind: 'frames',
          };
          const { ws, run } = await openSocket('/chat/v1/ws', {});
          ws.send(helloText);
          await until(() => run.frames.length > 0 || run.closed !== undefined);
          const ready = run.frames.some((f) => f.type === 'ready');
          // A hello is a sign-in (it records the customer): the baseline is taken after it.
          before.print = await prints.settled();
          if (ready) {
            for (const f of frames) if (ws.readyState === ws.OPEN) ws.send(f);
            if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'ping' }));
            await until(() => run.frames.some((f) => f.type === 'pong') || run.closed !== undefined);
          }
          // A valid send is stored even when a later frame closes the socket before its ack is delivered.
          const acked = run.frames.some((f) => f.type === 'ack') || (!run.frames.some((f) => f.type === 'pong') && frames.some((f) => typeof f === 'string' && f.includes('"type":"send"')));
          const after = acked ? undefined : await prints.take();
          judgeSocket('chat-ws', request, run, 1 + (ready ? frames.length : 0));
          if (after !== undefined && after !== before.print) report(request, `refused frames wrote: ${(await prints.written(before.print, after)).join(', ')}`);
          ws.terminate();
          before.print = await prints.settled();
        }),
        { seed: SEED + 5000, numRuns: RUNS * 4, endOnFailure: true },
      );
      expect(findingsOf('chat-ws')).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'workbench WebSocket: malformed frames',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(frameArb, { minLength: 1, maxLength: 4 }), async (frames) => {
          const request: FuzzRequest = {
            surface: 'workbench-ws',
            target: 'WS /api/workbench/ws',
            method: 'WS',
            path: '/api/workbench/ws',
            headers: {},
            body: frames.map((f) => excerpt(typeof f === 'string' ? f : `<${f.length} bytes>`, 120)).join(' | '),
            kind: 'frames',
          };
          const { ws, run } = await openSocket('/api/workbench/ws', { cookie: browser.cookie!, origin: test.baseUrl });
          await until(() => run.frames.some((f) => f.type === 'ready') || run.closed !== undefined);
          const before = await prints.settled();
          const pings = frames.some((f) => typeof f === 'string' && /"type":"ping"/.test(f));
          const replies = run.frames.length;
          for (const f of frames) if (ws.readyState === ws.OPEN) ws.send(f);
          await until(() => run.frames.length >= replies + frames.length || run.closed !== undefined);
          // Pings are presence (they may record it); any other frame must write nothing.
          if (!pings) {
            const after = await prints.take();
            if (after !== before) report(request, `refused frames wrote: ${(await prints.written(before, after)).join(', ')}`);
          }
          judgeSocket('workbench-ws', request, run, frames.length);
          ws.terminate();
        }),
        { seed: SEED + 6000, numRuns: RUNS * 2, endOnFailure: true },
      );
      await stayLoggedIn();
      expect(findingsOf('workbench-ws')).toEqual([]);
    },
    TIMEOUT,
  );

  it('found nothing', () => {
    expect(findings.map((f) => f.text)).toEqual([]);
  });
});
