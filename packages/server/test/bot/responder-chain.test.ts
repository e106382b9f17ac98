import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { chainFor, runChain } from '../../src/bot/chain.ts';
import type { BotLogger, Responder, ResponderContext, ResponderOutcome } from '../../src/bot/responder.ts';
import { BotRobotPhase } from '../../src/bot/robot-phase.ts';
import { StreamBatcher, type BatchTimer, type StreamSink } from '../../src/bot/stream-batcher.ts';
import { streamOf, type RobotTurn } from '../../src/conversations/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { createRestClient, startTestServer, type RestClient, type TestServer } from '../harness.ts';

const ACCOUNT = '@customer_service_account';
const text = (t: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: t } }];

/** setTimeout by hand: `advance` fires what is due, in order. */
class FakeTimer implements BatchTimer {
  now = 0;
  private pending: Array<{ at: number; fire: () => void }> = [];
  set(fire: () => void, ms: number) {
    const handle = { at: this.now + ms, fire };
    this.pending.push(handle);
    return handle;
  }
  clear(handle: unknown) {
    this.pending = this.pending.filter((h) => h !== handle);
  }
  advance(ms: number) {
    this.now += ms;
    for (const due of this.pending.filter((h) => h.at <= this.now).sort((a, b) => a.at - b.at)) {
      this.clear(due);
      due.fire();
    }
  }
}

/** An LLM-like producer: `count` small pieces, `everyMs` of (fake) time apart. */
async function* tokens(timer: FakeTimer, count: number, everyMs = 2): AsyncIterable<string> {
  for (let i = 0; i < count; i++) {
    timer.advance(everyMs);
    yield `tok${i} `;
  }
}
const allTokens = (count: number) => Array.from({ length: count }, (_, i) => `tok${i} `).join('');

const reply = (name: string, said: string): Responder => ({ name, respond: async () => ({ kind: 'reply', reply: { type: 'text', text: said }, explanation: { branch: name } }) });
const passing = (name: string): Responder => ({ name, respond: async () => ({ kind: 'pass' }) });
const throwing = (name: string): Responder => ({
  name,
  respond: async () => {
    throw new Error(`${name} is broken`);
  },
});

function fakeContext(log: BotLogger = { error: () => {} }): ResponderContext {
  return {
    appId: 1,
    robotId: 'default',
    env: 'prod',
    languageTag: '',
    config: async () => ({ fallbackMsg: 'fallback text' }) as never,
    standardAnswer: async () => {
      throw new Error('no matcher in this test');
    },
    recentTurns: async () => [],
    log,
  };
}

const said = (outcome: ResponderOutcome | undefined) => (outcome?.kind === 'reply' && outcome.reply?.type === 'text' ? outcome.reply.text : undefined);

describe('the responder chain', () => {
  it('asks responders in order: the first that replies wins and the rest are not asked', async () => {
    const later = reply('later', 'second');
    const spy = vi.spyOn(later, 'respond');
    const outcome = await runChain([reply('first', 'one'), later], fakeContext(), { text: 'hi', msgKey: 'k' });
    expect(outcome?.responder).toBe('first');
    expect(said(outcome)).toBe('one');
    expect(spy).not.toHaveBeenCalled();
  });

  it('a responder that passes lets the next one answer', async () => {
    const outcome = await runChain([passing('flows'), reply('faq', 'from the FAQ')], fakeContext(), { text: 'hi', msgKey: 'k' });
    expect(outcome).toMatchObject({ responder: 'faq', explanation: { branch: 'faq' } });
    expect(said(outcome)).toBe('from the FAQ');
  });

  it('a responder that throws is logged and the chain ends in the fallback', async () => {
    const errors: string[] = [];
    const log: BotLogger = { error: (details, message) => errors.push(`${String(details.responder)}: ${message}`) };
    const chain = [throwing('llm'), ...chainFor()];
    const outcome = await runChain(chain, fakeContext(log), { text: 'hi', msgKey: 'k' });
    expect(outcome?.responder).toBe('fallback');
    expect(said(outcome)).toBe('fallback text');
    // The standard-QA responders share the failed matcher decision; each failure is logged, none stops the chain.
    expect(errors.map((e) => e.split(':')[0])).toEqual(['llm', 'faq', 'small-talk', 'to-agent']);
  });

  it('the standard-QA chain is FAQ, small talk, to-agent, fallback', () => {
    expect(chainFor().map((r) => r.name)).toEqual(['faq', 'small-talk', 'to-agent', 'fallback']);
  });
});

describe('StreamBatcher', () => {
  function recordingSink() {
    const writes: Array<{ op: 'start' | 'append'; text: string; finish: boolean; at: number }> = [];
    return {
      writes,
      sink: (timer: FakeTimer): StreamSink => ({
        start: async (t, finish) => (writes.push({ op: 'start', text: t, finish, at: timer.now }), 'msg-1'),
        append: async (_key, t, finish) => void writes.push({ op: 'append', text: t, finish, at: timer.now }),
      }),
    };
  }

  it('writes a 500-piece stream in a bounded number of writes, opening at once and finishing at the end', async () => {
    const timer = new FakeTimer();
    const { writes, sink } = recordingSink();
    const result = await new StreamBatcher(sink(timer), { timer, flushMs: 250, flushBytes: 1024 }).pipe(tokens(timer, 500));
    expect(result.text).toBe(allTokens(500));
    expect(writes.map((w) => w.text).join('')).toBe(allTokens(500));
    expect(result.writes).toBe(writes.length);
    expect(writes.length).toBeLessThanOrEqual(20);
    expect(writes[0]).toMatchObject({ op: 'start', text: 'tok0 ', finish: false });
    expect(writes.at(-1)).toMatchObject({ op: 'append', finish: true });
    expect(writes.slice(0, -1).every((w) => !w.finish)).toBe(true);
  });

  it('flushes gathered text after flushMs even when the producer pauses', async () => {
    const timer = new FakeTimer();
    const { writes, sink } = recordingSink();
    let release!: () => void;
    const paused = new Promise<void>((resolve) => (release = resolve));
    async function* slow() {
      yield 'a';
      yield 'b';
      yield 'c';
      await paused;
      yield 'd';
    }
    const piping = new StreamBatcher(sink(timer), { timer, flushMs: 250 }).pipe(slow());
    await vi.waitFor(() => expect(writes).toHaveLength(1));
    timer.advance(249);
    await Promise.resolve();
    expect(writes).toHaveLength(1);
    timer.advance(1);
    await vi.waitFor(() => expect(writes).toHaveLength(2));
    expect(writes[1]).toMatchObject({ op: 'append', text: 'bc', finish: false });
    release();
    await piping;
    expect(writes.map((w) => [w.text, w.finish])).toEqual([
      ['a', false],
      ['bc', false],
      ['d', true],
    ]);
  });

  it('flushes by size: 1 KB of new text is written without waiting for the timer', async () => {
    const timer = new FakeTimer();
    const { writes, sink } = recordingSink();
    const piece = 'x'.repeat(100);
    async function* big() {
      for (let i = 0; i < 50; i++) yield piece;
    }
    const result = await new StreamBatcher(sink(timer), { timer, flushMs: 250, flushBytes: 1024 }).pipe(big());
    expect(result.text).toHaveLength(5000);
    // No time passed, so every write but the finish was a size flush; each carries at most about 1 KB.
    expect(writes.length).toBeGreaterThanOrEqual(3);
    expect(writes.length).toBeLessThanOrEqual(2 + Math.ceil(5000 / 1024));
  });

  it('stops when the message may not be opened (the turn is over)', async () => {
    const timer = new FakeTimer();
    const appended = vi.fn();
    const result = await new StreamBatcher({ start: async () => undefined, append: appended }, { timer }).pipe(tokens(timer, 50));
    expect(result.msgKey).toBeUndefined();
    expect(appended).not.toHaveBeenCalled();
  });
});

describe('the robot phase in a conversation', () => {
  let test: TestServer;
  let client: RestClient;
  let appId: number;
  const clock = new ManualClock(new Date('2026-03-01T08:00:00Z'));
  const services = () => test.server.services;
  const stream = (userId: string) => services().events.log.read(appId, streamOf(ACCOUNT, userId), 0);
  const ask = (userId: string, question: string, msgRandom = question) => services().conversations.customerSend({ appId, accountId: ACCOUNT, userId, msgRandom, body: text(question) });

  /** Runs `work` with another robot phase plugged in (a chain of the test's choosing). */
  async function withRobot<T>(responders: readonly Responder[], work: () => Promise<T>, options: { logger?: BotLogger; timer?: BatchTimer } = {}): Promise<T> {
    const conversations = services().conversations;
    const standard = conversations.robot;
    conversations.robot = new BotRobotPhase({
      answers: services().bot.answers,
      replies: conversations,
      history: services().conversationQueries,
      logger: options.logger,
      chains: () => responders,
      batching: { timer: options.timer },
    });
    try {
      return await work();
    } finally {
      conversations.robot = standard;
    }
  }

  beforeAll(async () => {
    test = await startTestServer({ clock });
    client = await createRestClient(test);
    appId = client.sdkAppId;
    const category = (await client.call('add_faq_category', { Title: '订单' })).CategoryId;
    await client.call('add_faq', { CategoryId: category, Question: '怎么取消订单', Answer: '在我的订单里点取消' });
  });
  afterAll(() => test?.close());

  it('writes the robot reply as send_msg writes a business reply: same event, same fields, same countdown', async () => {
    const account = (await services().accounts.getAccount(appId, ACCOUNT))!;
    const asked = await ask('same-path', '怎么取消订单');
    const afterRobot = (await services().conversations.runner.findSession(appId, asked.sessionId))!;
    clock.advance(5_000);
    const rest = await client.call('send_msg', { FromAccount: ACCOUNT, ToAccount: 'same-path', MsgRandom: 7, MsgBody: text('from the business server') }, { service: 'desk_http_svc' });
    expect(rest.ErrorCode).toBe(0);
    const afterRest = (await services().conversations.runner.findSession(appId, asked.sessionId))!;

    const events = await stream('same-path');
    const robot = events.find((e) => e.type === 'ChatBot.RobotSendMsg' && (e.payload.msgBody as any)[0].MsgContent.Text === '在我的订单里点取消')!;
    const business = events.find((e) => (e.payload.msgBody as any)?.[0]?.MsgContent?.Text === 'from the business server')!;
    expect(business.type).toBe(robot.type);
    expect(Object.keys(robot.payload).sort()).toEqual(Object.keys(business.payload).sort());
    expect(robot.payload).toMatchObject({ fromAccountRole: 2, customerServiceId: ACCOUNT, sessionId: asked.sessionId });
    expect(robot.seq).toBe(asked.seq + 1);
    // Each restarts the user's countdown from when it was written.
    expect(afterRobot.timeoutAt?.getTime()).toBe(new Date('2026-03-01T08:00:00Z').getTime() + account.userTimeout * 1000);
    expect(afterRest.timeoutAt?.getTime()).toBe(afterRobot.timeoutAt!.getTime() + 5_000);
    const rows = await services().db.execute(sql`SELECT from_account, client_msg_id FROM messages WHERE app_id = ${appId} AND msg_key = ${robot.payload.msgKey as string}`);
    expect((rows as any).rows[0]).toEqual({ from_account: ACCOUNT, client_msg_id: `bot:${asked.msgKey}` });
  });

  it('a resend of the same message is answered once', async () => {
    const first = await ask('resend', '怎么取消订单', '99');
    const again = await ask('resend', '怎么取消订单', '99');
    expect(again).toEqual({ ...first, duplicate: true });
    const types = (await stream('resend')).map((e) => e.type);
    expect(types.filter((t) => t === 'ChatBot.UserSendMsg')).toHaveLength(1);
    expect(types.filter((t) => t === 'ChatBot.RobotSendMsg')).toHaveLength(1);
  });

  it('answers a turn once even when the bot is handed it twice', async () => {
    const asked = await ask('twice', '怎么取消订单');
    const account = (await services().accounts.getAccount(appId, ACCOUNT))!;
    const turn: RobotTurn = { appId, sessionId: asked.sessionId, account, userId: 'twice', languageTag: '', text: '怎么取消订单', msgKey: asked.msgKey };
    await services().conversations.robot.consume(turn);
    expect((await stream('twice')).filter((e) => e.type === 'ChatBot.RobotSendMsg')).toHaveLength(1);
  });

  it('a disabled robot says nothing and leaves no countdown; enabled again, it answers', async () => {
    const account = (await services().accounts.getAccount(appId, ACCOUNT))!;
    const scope = { appId, robotId: account.robotId };
    await services().knowledge.robots.setEnabled(scope, false);
    let asked;
    try {
      asked = await ask('disabled', '怎么取消订单');
    } finally {
      await services().knowledge.robots.setEnabled(scope, true);
    }
    expect((await stream('disabled')).filter((e) => e.seq > asked.seq)).toEqual([]);
    expect((await services().conversations.runner.findSession(appId, asked.sessionId))!.timeoutAt).toBeNull();
    await ask('disabled', '怎么取消订单', 'again');
    expect((await stream('disabled')).at(-1)).toMatchObject({ type: 'ChatBot.RobotSendMsg' });
  });

  it('when a responder throws, the failure is logged and the customer still gets the fallback answer', async () => {
    const errors: unknown[] = [];
    const logger: BotLogger = { error: (details) => errors.push(details.err) };
    const account = (await services().accounts.getAccount(appId, ACCOUNT))!;
    const config = await services().bot.answers.config({ appId, robotId: account.robotId }, 'prod');
    const explain = vi.spyOn(services().bot.answers, 'explain').mockRejectedValue(new Error('index unavailable'));
    try {
      await withRobot([throwing('llm'), ...chainFor()], () => ask('broken', '怎么取消订单'), { logger });
    } finally {
      explain.mockRestore();
    }
    const events = await stream('broken');
    const texts = events.filter((e) => e.type.startsWith('ChatBot.')).map((e) => `${e.type} ${(e.payload.msgBody as any)[0].MsgContent.Text}`);
    expect(texts).toEqual(['ChatBot.UserSendMsg 怎么取消订单', `ChatBot.RobotSendMsg ${config.fallbackMsg}`]);
    expect(errors.map((e) => (e as Error).message)).toEqual(['llm is broken', 'index unavailable', 'index unavailable', 'index unavailable']);
  });

  it('streams a 500-piece reply as one src 31 message in a bounded number of transactions (one per piece before)', async () => {
    const timer = new FakeTimer();
    const streamer: Responder = { name: 'llm', respond: async () => ({ kind: 'reply', reply: { type: 'stream', chunks: tokens(timer, 500) }, explanation: { branch: 'llm' } }) };
    await ask('streamed', 'hello');
    const transaction = vi.spyOn(services().events.log, 'transaction');
    const asked = await withRobot([streamer], () => ask('streamed', 'tell me a long story'), { timer });
    // Less the customer's own message: what the streamed answer cost.
    const batched = transaction.mock.calls.length - 1;

    const events = (await stream('streamed')).filter((e) => e.seq > asked.seq);
    const opened = events.find((e) => e.type === 'ChatBot.RobotSendMsg')!;
    expect(JSON.parse((opened.payload.msgBody as any)[0].MsgContent.Data)).toMatchObject({ src: '31', isFinished: 0 });
    expect(events.at(-1)).toMatchObject({ type: 'StreamEnd', payload: { msgKey: opened.payload.msgKey, reason: 'finished' } });
    const rows = await services().db.execute(sql`SELECT body, stream_open FROM messages WHERE app_id = ${appId} AND msg_key = ${opened.payload.msgKey as string}`);
    const stored = JSON.parse((rows as any).rows[0].body[0].MsgContent.Data);
    expect(stored.chunks.join('')).toBe(allTokens(500));
    expect(stored.isFinished).toBe(1);
    expect((rows as any).rows[0].stream_open).toBe(false);
    expect(batched).toBeLessThanOrEqual(20);

    // Unbatched, each piece is a send_stream_msg of its own: one transaction per piece (500 for this reply;
    // 100 here to keep the suite fast), each rewriting the whole growing body.
    transaction.mockClear();
    let msgKey: string | undefined;
    for (let i = 0; i < 100; i++) {
      msgKey = (await services().conversations.streamSend({ appId, sessionId: asked.sessionId, chunk: `tok${i} `, msgKey, finish: i === 99 })).msgKey;
    }
    const perPiece = transaction.mock.calls.length;
    transaction.mockRestore();
    expect(perPiece).toBe(100);
    expect(batched * 5).toBeLessThan(perPiece);
  }, 60_000);
});
