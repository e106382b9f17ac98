import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatClient, TYPING_MS, type ChatView } from '../../src/client/chat-client.ts';
import { LINK_TIMING } from '../../src/client/socket-link.ts';
import { memoryStore, type KeyValueStore } from '../../src/client/storage.ts';
import { FakeChatServer, FakeEnvironment, IDENTITY, text } from './fake-chat-server.ts';

const PUBLIC_KEY = 'pk_demo';

let server: FakeChatServer;
let environment: FakeEnvironment;
let store: KeyValueStore;
const clients: ChatClient[] = [];

function newClient(options: { trigger?: boolean } = {}): ChatClient {
  const client = new ChatClient({ publicKey: PUBLIC_KEY, origin: 'http://chat.test', store, fetch: server.fetch, createSocket: server.createSocket, environment, trigger: options.trigger ?? false });
  clients.push(client);
  return client;
}

/** Lets timers up to `ms` fire, then frames flow (each in its own task) until the exchange is over. */
async function settle(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  for (let i = 0; i < 40; i++) await vi.advanceTimersByTimeAsync(1);
}

const texts = (view: ChatView) => view.messages.filter((m) => m.body[0].MsgType === 'TIMTextElem').map((m) => (m.body[0].MsgContent as { Text: string }).Text);
const mine = (view: ChatView) => view.messages.filter((m) => m.role === 1).map((m) => `${(m.body[0].MsgContent as { Text: string }).Text}:${m.delivery}`);

/** Every view the client published, to catch a double that shows only for a moment. */
function recordViews(client: ChatClient): ChatView[] {
  const views: ChatView[] = [];
  client.subscribe((view) => views.push(view));
  return views;
}

const noDoubles = (views: ChatView[]) => views.every((view) => new Set(texts(view)).size === texts(view).length);

beforeEach(() => {
  vi.useFakeTimers();
  server = new FakeChatServer();
  environment = new FakeEnvironment();
  store = memoryStore();
});

afterEach(() => {
  for (const client of clients.splice(0)) client.stop();
  vi.useRealTimers();
});

describe('ChatClient connection and conversation', () => {
  it('gets an identity, says hello, subscribes, and opens the session with src 7', async () => {
    server.robotSays(text('old history'));
    const client = newClient({ trigger: true });
    await client.start();
    await settle();
    const socket = server.live!;
    expect(socket.received.map((f) => f.type)).toEqual(['hello', 'subscribe', 'send']);
    expect(socket.received[0]).toMatchObject({ sdkAppId: IDENTITY.sdkAppId, userId: IDENTITY.userId, userSig: IDENTITY.userSig });
    // A fresh screen asks for the tail of the conversation.
    expect(socket.received[1]).toMatchObject({ accountId: IDENTITY.accountId, tail: expect.any(Number) });
    expect(JSON.parse(socket.received[2].body[0].MsgContent.Data)).toEqual({ customerServicePlugin: 0, src: '7' });
    const view = client.view();
    expect(view.connection).toBe('online');
    expect(view.identity?.accountNick).toBe('Parley Support');
    expect(view.session).toMatchObject({ phase: 'robot', ratingRuleFlag: 7, inSeat: false });
    // src 7, 23 and 26 steer the client; none of them is a bubble.
    expect(view.messages.map((m) => m.body[0].MsgType)).toEqual(['TIMTextElem']);
    expect(client.view().messages).toHaveLength(1);
  });

  it('renews the stored identity instead of creating a new visitor', async () => {
    store.set(`parley:identity:${PUBLIC_KEY}`, JSON.stringify(IDENTITY));
    await newClient().start();
    expect(server.visitorCalls[0]).toEqual({ publicKey: PUBLIC_KEY, userId: IDENTITY.userId, userSig: IDENTITY.userSig });
  });

  it('resumes from the persisted cursor after a reload and shows nothing twice', async () => {
    const first = newClient();
    await first.start();
    await settle();
    server.robotSays(text('a'));
    server.robotSays(text('b'));
    await settle(1_000);
    first.stop();
    server.sockets.forEach((s) => s.kill());
    server.robotSays(text('c'));

    const second = newClient();
    await second.start();
    // The conversation is on screen from the snapshot before the socket is back.
    expect(texts(second.view())).toEqual(['a', 'b']);
    await settle();
    expect(server.live!.received[1]).toMatchObject({ type: 'subscribe', after: 2 });
    expect(texts(second.view())).toEqual(['a', 'b', 'c']);
  });

  it('shows the typing indicator for a few seconds after src 12', async () => {
    const client = newClient();
    await client.start();
    await settle();
    server.signal();
    await settle();
    expect(client.view().typing).toBe(true);
    await settle(TYPING_MS + 10);
    expect(client.view().typing).toBe(false);
  });

  it('reconnects with backoff when the socket dies and when pongs stop', async () => {
    const client = newClient();
    await client.start();
    await settle();
    server.live!.kill();
    expect(client.view().connection).not.toBe('online');
    await settle(LINK_TIMING.retryBaseMs);
    expect(client.view().connection).toBe('online');
    expect(server.sockets).toHaveLength(2);

    // A socket that stays open but no longer answers is given up after the pong timeout.
    const zombie = server.live!;
    zombie.push = () => {};
    await settle(LINK_TIMING.pingEveryMs + LINK_TIMING.pongWithinMs + LINK_TIMING.retryBaseMs);
    expect(zombie.readyState).toBe(3);
    expect(server.sockets.length).toBeGreaterThanOrEqual(3);
  });

  it('reconnects at once when the browser comes back online', async () => {
    const client = newClient();
    await client.start();
    await settle();
    environment.goOffline();
    expect(client.view().connection).toBe('offline');
    environment.goOnline();
    await settle();
    expect(client.view().connection).toBe('online');
  });
});

describe('ChatClient send queue', () => {
  it('shows a message at once, then sent, and exactly once when its event arrives before the ack', async () => {
    const client = newClient();
    await client.start();
    await settle();
    const views = recordViews(client);
    client.sendText('hello');
    expect(mine(client.view())).toEqual(['hello:sending']);
    const localId = client.view().messages[0].msgRandom;
    await settle();
    expect(mine(client.view())).toEqual(['hello:sent']);
    // Now the conversation's message, still carrying the id it was shown with.
    expect(client.view().messages[0]).toMatchObject({ msgKey: expect.any(String), msgRandom: localId });
    expect(noDoubles(views)).toBe(true);
    expect(server.customerTexts()).toEqual(['hello']);
  });

  it('is exactly once when the ack arrives before the event', async () => {
    server.eventBeforeAck = false;
    const client = newClient();
    await client.start();
    await settle();
    const views = recordViews(client);
    client.sendText('hi');
    await settle();
    expect(mine(client.view())).toEqual(['hi:sent']);
    expect(noDoubles(views)).toBe(true);
  });

  it('queues messages while offline and sends them in order after reconnecting', async () => {
    const client = newClient();
    await client.start();
    await settle();
    environment.goOffline();
    server.refuseConnections = true;
    client.sendText('one');
    client.sendText('two');
    await settle(5_000);
    expect(mine(client.view())).toEqual(['one:queued', 'two:queued']);
    server.refuseConnections = false;
    environment.goOnline();
    await settle();
    expect(server.customerTexts()).toEqual(['one', 'two']);
    expect(mine(client.view())).toEqual(['one:sent', 'two:sent']);
  });

  it('resends after a lost ack with the same msgRandom: stored once, shown once', async () => {
    server.withholdAcks = true;
    const client = newClient();
    await client.start();
    await settle();
    const views = recordViews(client);
    client.sendText('lost ack');
    await settle();
    // The server stored it, but the connection died before the ack.
    server.live!.kill();
    client.sendText('while down');
    server.withholdAcks = false;
    await settle(LINK_TIMING.retryBaseMs);
    const sends = server.sockets.flatMap((s) => s.received).filter((f) => f.type === 'send');
    expect(sends.map((f) => f.msgRandom)).toEqual([sends[0].msgRandom, sends[0].msgRandom, sends[2].msgRandom]);
    expect(server.customerTexts()).toEqual(['lost ack', 'while down']);
    expect(mine(client.view())).toEqual(['lost ack:sent', 'while down:sent']);
    expect(noDoubles(views)).toBe(true);
  });

  it('keeps unsent messages across a reload and delivers them once', async () => {
    const first = newClient();
    await first.start();
    await settle();
    environment.goOffline();
    server.refuseConnections = true;
    first.sendText('typed offline');
    first.stop();

    server.refuseConnections = false;
    environment.online = true;
    const second = newClient();
    await second.start();
    expect(mine(second.view())).toEqual(['typed offline:queued']);
    await settle();
    expect(server.customerTexts()).toEqual(['typed offline']);
    expect(mine(second.view())).toEqual(['typed offline:sent']);
  });

  it('delivers once even when the page reloads between the store and the ack', async () => {
    server.withholdAcks = true;
    const first = newClient();
    await first.start();
    await settle();
    first.sendText('in flight');
    await settle(1_000); // the event (and the snapshot) arrive; the ack does not
    first.stop();
    server.sockets.forEach((s) => s.kill());
    server.withholdAcks = false;

    const second = newClient();
    await second.start();
    await settle();
    expect(server.customerTexts()).toEqual(['in flight']);
    expect(mine(second.view())).toEqual(['in flight:sent']);
    expect(JSON.parse(store.get(`parley:outbox:${PUBLIC_KEY}`)!).items).toEqual([]);
  });

  it('fails a message the server refuses for good, with its error, and goes on with the next', async () => {
    const client = newClient();
    await client.start();
    await settle();
    server.failNext.push({ code: 90002, message: 'MsgBody[0] is malformed' });
    client.sendText('bad');
    client.sendText('good');
    await settle();
    const byText = (t: string) => client.view().messages.find((m) => (m.body[0].MsgContent as { Text: string }).Text === t)!;
    const bad = byText('bad');
    expect(bad).toMatchObject({ delivery: 'failed', error: 'MsgBody[0] is malformed' });
    expect(byText('good').delivery).toBe('sent');
    // Retrying sends the same message again (the server stored nothing the first time).
    client.retry(bad.msgRandom!);
    await settle();
    expect(server.customerTexts()).toEqual(['good', 'bad']);
  });

  it('retries with backoff on a retryable error and keeps the order', async () => {
    const client = newClient();
    await client.start();
    await settle();
    server.failNext.push({ code: 141009, message: 'Too many messages' });
    client.sendText('first');
    client.sendText('second');
    await settle();
    expect(mine(client.view())).toEqual(['first:queued', 'second:queued']);
    await settle(30_000);
    expect(server.customerTexts()).toEqual(['first', 'second']);
    expect(mine(client.view())).toEqual(['first:sent', 'second:sent']);
  });

  it('settles sendCustom with the server answer, so a card can offer a retry', async () => {
    const client = newClient();
    await client.start();
    await settle();
    const selection = { customerServicePlugin: 0, src: '10', menuSelected: { id: '105', content: 'Great', sessionId: 'card' } };
    server.failNext.push({ code: 141026, message: 'This rating card has already been answered' });
    const refused = client.sendCustom(selection);
    const outcome = refused.then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    await settle();
    expect(await outcome).toBe('This rating card has already been answered');
    // A flag has no bubble to retry from: it leaves the queue, and the refusal is a notice.
    expect(JSON.parse(store.get(`parley:outbox:${PUBLIC_KEY}`)!).items).toEqual([]);
    expect(client.view().notice?.code).toBe(141026);

    const accepted = client.sendCustom(selection);
    await settle();
    await expect(accepted).resolves.toBeUndefined();
  });

  it('reports a refused src 27 as a notice, not as a bubble', async () => {
    const client = newClient();
    await client.start();
    await settle();
    server.failNext.push({ code: 141026, message: 'src 27 ends a human session; this session is with the robot' });
    client.endHumanSession();
    await settle();
    expect(client.view().messages).toEqual([]);
    expect(client.view().notice).toMatchObject({ code: 141026 });
  });
});

describe('ChatClient older messages', () => {
  /** 400 numbered robot messages: more than a fresh screen replays. */
  const longConversation = () => {
    for (let i = 1; i <= 400; i++) server.robotSays(text(`m${i}`));
  };

  it('pages back to the first message without doubles, and the cursor (resume point) stays', async () => {
    longConversation();
    const client = newClient();
    const views = recordViews(client);
    await client.start();
    await settle();
    expect(texts(client.view())[0]).toBe('m101');
    expect(client.view().older).toBe('more');

    while (client.view().older === 'more') {
      const loading = client.loadOlder();
      await settle();
      expect(await loading).toBe(true);
    }
    expect(client.view().older).toBe('complete');
    expect(texts(client.view())).toEqual(Array.from({ length: 400 }, (_, i) => `m${i + 1}`));
    expect(server.historyCalls).toEqual([101, 51]);
    expect(noDoubles(views)).toBe(true);
    expect(views.some((view) => view.older === 'loading')).toBe(true);

    // A message sent now goes at the end, and a reload resumes after the head, not after the history.
    client.sendText('hello');
    await settle();
    expect(texts(client.view()).at(-1)).toBe('hello');
    client.stop();
    server.sockets.forEach((s) => s.kill());
    await newClient().start();
    await settle();
    expect(server.live!.received[1]).toMatchObject({ type: 'subscribe', after: 401 });
  });

  it('keeps locally queued messages after the conversation while loading older ones', async () => {
    longConversation();
    const client = newClient();
    await client.start();
    await settle();
    environment.goOffline();
    server.sockets.forEach((s) => s.kill());
    await settle();
    client.sendText('queued while offline');
    await client.loadOlder();
    const view = client.view();
    expect(texts(view)[0]).toBe('m51');
    expect(mine(view)).toEqual(['queued while offline:queued']);
    expect(texts(view).at(-1)).toBe('queued while offline');
  });

  it('says failed (no retry loop) when the history cannot be fetched, and retries when asked', async () => {
    longConversation();
    const client = newClient();
    await client.start();
    await settle();
    server.historyFails = true;
    expect(await client.loadOlder()).toBe(false);
    expect(client.view().older).toBe('failed');
    expect(server.historyCalls).toHaveLength(1);
    server.historyFails = false;
    expect(await client.loadOlder()).toBe(true);
    expect(texts(client.view())[0]).toBe('m51');
  });

  it('knows a short conversation is complete from the start and asks the server nothing', async () => {
    server.robotSays(text('only'));
    const client = newClient();
    await client.start();
    await settle();
    expect(client.view().older).toBe('complete');
    expect(await client.loadOlder()).toBe(false);
    expect(server.historyCalls).toEqual([]);
  });
});
