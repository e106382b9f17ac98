import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toChatEvent } from '../../src/gateways/chat/chat-event.ts';
import { createRestClient, startTestServer, type RestClient, type TestServer } from '../harness.ts';
import { ACCOUNT, customer, deskIn, desk, range, storedEvents, summarize, text, textIn } from './helpers.ts';
import type { ChatClient } from './ws-client.ts';

// Section 2 (the robot phase over a real WebSocket, in Chinese and English) and section 3
// (idempotent resends) of the transport suite.

const ZH_FALLBACK = '抱歉, 我还没有学会这个问题, 请换种问法或尝试询问我其他问题。';
const EN_FALLBACK = "Sorry, I haven't learned that yet. Please rephrase or ask me something else.";
const EN_PROMPTS = {
  WelcomeMessageMultilingual: { en: 'Hello! How can I help you?' },
  TransferToHumanPromptMultilingual: { en: 'Transferring you to a human agent…' },
  TransferToHumanFailPromptMultilingual: { en: 'Sorry, no agent is online right now.' },
};

let test: TestServer;
let client: RestClient;
const sockets: ChatClient[] = [];

async function open(userId: string, languageTag?: string) {
  const socket = await customer(test, client, userId, languageTag ? { languageTag } : {});
  sockets.push(socket);
  return socket;
}

/** Sends and waits until the conversation is quiet again: the last event the send caused has arrived. */
async function say(socket: ChatClient, body: unknown[], last: (summary: string) => boolean) {
  const from = socket.mark();
  const ack = await socket.sendOk(ACCOUNT, body);
  await socket.waitForEvent(ACCOUNT, (e) => e.seq > ack.seq && last(summarize(e)), { from });
  return ack;
}

beforeAll(async () => {
  test = await startTestServer();
  client = await createRestClient(test);
  const category = (await client.call('add_faq_category', { Title: '订单' })).CategoryId;
  await client.call('add_faq', { CategoryId: category, Question: '怎么取消订单', Answer: '在我的订单里点取消', SimilarQuestions: ['订单不想要了如何取消'] });
  await client.call('add_faq', { CategoryId: category, Question: '退货流程是什么', Answer: '**第一步** 申请退货', AnswerType: 2 });
  expect((await client.call('robot_add_language', { LanguageTag: 'en' })).ErrorCode).toBe(0);
  await client.call('add_faq', { CategoryId: category, Question: 'How do I cancel my order', Answer: 'Open My Orders and tap Cancel', LanguageTag: 'en' });
  expect((await client.call('update_robot_config', { WelcomeCardEnable: 1, WelcomeCardQuestions: ['怎么取消订单'] })).ErrorCode).toBe(0);
  expect((await client.call('update_robot_config', { LanguageTag: 'en', WelcomeCardEnable: 1, WelcomeCardQuestions: ['How do I cancel my order'] })).ErrorCode).toBe(0);
  expect((await client.call('update_im_agent', { IMAgentUserID: ACCOUNT, ...EN_PROMPTS }, { service: 'desk_http_svc' })).ErrorCode).toBe(0);
});
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.terminate()));
});
afterAll(() => test?.close());

describe('the robot phase over WebSocket', () => {
  it('in Chinese: src 7 opens the session, the robot answers, falls back, and a human request finds nobody online', async () => {
    const account = (await test.server.services.accounts.getAccount(client.sdkAppId, ACCOUNT))!;
    const socket = await open('zh-user');
    expect(await socket.subscribe(ACCOUNT)).toMatchObject({ after: 0, head: 0 });

    const enter = await say(socket, desk('7'), (s) => s === 'SystemSendMsg src 26');
    const opening = socket.events(ACCOUNT);
    expect(opening.map(summarize)).toEqual([
      'SessionBegin',
      `SystemSendMsg ${account.welcomeMessage}`,
      'ChatBot.RobotSendMsg src 29',
      'ChatBot.UserSendMsg src 7',
      'SystemSendMsg src 23',
      'SystemSendMsg src 26',
    ]);
    expect(new Set(opening.map((e) => e.sessionId))).toEqual(new Set([enter.sessionId]));
    expect(enter).toMatchObject({ duplicate: false, seq: opening[3].seq, msgKey: opening[3].msgKey });
    expect(opening.map((e) => e.role)).toEqual([undefined, 3, 2, 1, 3, 3]);
    expect(deskIn(opening[2])).toMatchObject({ subtype: 'welcome_msg', content: { title: '猜你想问', items: [{ content: '怎么取消订单' }] } });
    expect(deskIn(opening[4])).toMatchObject({ content: { menuSendRuleFlag: expect.any(Number) } });
    expect(deskIn(opening[5])).toEqual({ customerServicePlugin: 0, src: '26', content: { command: 'updateSeatStatus', content: 'outSeat' } });

    let from = socket.mark();
    const asked = await say(socket, text('怎么取消订单'), (s) => s.startsWith('ChatBot.RobotSendMsg'));
    expect(socket.events(ACCOUNT, from).map(summarize)).toEqual(['ChatBot.UserSendMsg 怎么取消订单', 'ChatBot.RobotSendMsg 在我的订单里点取消']);
    expect(socket.events(ACCOUNT, from)[0]).toMatchObject({ seq: asked.seq, msgKey: asked.msgKey, role: 1 });

    from = socket.mark();
    await say(socket, text('退货流程是什么'), (s) => s.startsWith('ChatBot.RobotSendMsg'));
    const rich = socket.events(ACCOUNT, from)[1];
    expect(deskIn(rich)).toEqual({ customerServicePlugin: 0, src: '30', content: '**第一步** 申请退货' });

    from = socket.mark();
    await say(socket, text('木星上的天气'), (s) => s.startsWith('ChatBot.RobotSendMsg'));
    expect(socket.events(ACCOUNT, from).map(summarize)).toEqual(['ChatBot.UserSendMsg 木星上的天气', `ChatBot.RobotSendMsg ${ZH_FALLBACK}`]);

    for (const request of ['转人工', '人工客服']) {
      from = socket.mark();
      await say(socket, text(request), (s) => s === `SystemSendMsg ${account.transferToHumanFailPrompt}`);
      expect(socket.events(ACCOUNT, from).map(summarize)).toEqual([
        `ChatBot.UserSendMsg ${request}`,
        'TransferringToHuman',
        `SystemSendMsg ${account.transferToHumanPrompt}`,
        'NoAgentOnline',
        `SystemSendMsg ${account.transferToHumanFailPrompt}`,
      ]);
    }

    // What the socket saw is the stored conversation, every seq once and in order.
    const stored = await storedEvents(test, client.sdkAppId, 'zh-user');
    expect(socket.events(ACCOUNT)).toEqual(stored.map(toChatEvent));
    expect(socket.events(ACCOUNT).map((e) => e.seq)).toEqual(range(1, stored.length));
  });

  it('in English (hello with languageTag en): English prompts, welcome card, answers and fallback', async () => {
    const socket = await open('en-user', 'en');
    await socket.subscribe(ACCOUNT);
    await say(socket, desk('7'), (s) => s === 'SystemSendMsg src 26');
    const opening = socket.events(ACCOUNT);
    expect(opening.map(summarize)).toEqual([
      'SessionBegin',
      `SystemSendMsg ${EN_PROMPTS.WelcomeMessageMultilingual.en}`,
      'ChatBot.RobotSendMsg src 29',
      'ChatBot.UserSendMsg src 7',
      'SystemSendMsg src 23',
      'SystemSendMsg src 26',
    ]);
    expect(deskIn(opening[2])).toMatchObject({ subtype: 'welcome_msg', content: { title: 'You may want to ask', items: [{ content: 'How do I cancel my order' }] } });

    let from = socket.mark();
    await say(socket, text('How do I cancel my order'), (s) => s.startsWith('ChatBot.RobotSendMsg'));
    expect(socket.events(ACCOUNT, from).map(summarize)).toEqual(['ChatBot.UserSendMsg How do I cancel my order', 'ChatBot.RobotSendMsg Open My Orders and tap Cancel']);

    from = socket.mark();
    await say(socket, text('purple elephants on the moon'), (s) => s.startsWith('ChatBot.RobotSendMsg'));
    expect(textIn(socket.events(ACCOUNT, from)[1])).toBe(EN_FALLBACK);

    from = socket.mark();
    await say(socket, text('talk to a human'), (s) => s === `SystemSendMsg ${EN_PROMPTS.TransferToHumanFailPromptMultilingual.en}`);
    expect(socket.events(ACCOUNT, from).map(summarize)).toEqual([
      'ChatBot.UserSendMsg talk to a human',
      'TransferringToHuman',
      `SystemSendMsg ${EN_PROMPTS.TransferToHumanPromptMultilingual.en}`,
      'NoAgentOnline',
      `SystemSendMsg ${EN_PROMPTS.TransferToHumanFailPromptMultilingual.en}`,
    ]);
    expect(socket.events(ACCOUNT).map((e) => e.seq)).toEqual(range(1, socket.lastSeq(ACCOUNT)));
  });

  it('offers a clarify card (src 29 clarify_msg) in the clarify band', async () => {
    const clarifying = await createRestClient(test, 'clarifying');
    const category = (await clarifying.call('add_faq_category', { Title: '订单' })).CategoryId;
    await clarifying.call('add_faq', { CategoryId: category, Question: '怎么取消订单', Answer: '在我的订单里点取消' });
    const configured = await clarifying.call('update_robot_config', { DirectAnsweringReaches: '1', ClarifyReaches: '0', ClarifyEnable: 1, ChitchatEnable: 0, ClarifyMessage: '您是不是想问:' });
    expect(configured.ErrorCode).toBe(0);
    const socket = await customer(test, clarifying, 'unsure');
    sockets.push(socket);
    await socket.subscribe(ACCOUNT);
    const from = socket.mark();
    await say(socket, text('怎么取消订单'), (s) => s.startsWith('ChatBot.RobotSendMsg'));
    const reply = socket.events(ACCOUNT, from).find((e) => e.type === 'ChatBot.RobotSendMsg')!;
    const card = deskIn(reply);
    expect(card).toMatchObject({ src: '29', subtype: 'clarify_msg', content: { title: '您是不是想问:' } });
    expect(card!.content.items.map((i: { content: string }) => i.content)).toContain('怎么取消订单');
  });
});

describe('resending', () => {
  it('the same msgRandom twice is acknowledged twice with one message and one robot answer', async () => {
    const socket = await open('resender');
    await socket.subscribe(ACCOUNT);
    const first = await socket.sendOk(ACCOUNT, text('怎么取消订单'), { msgRandom: 'm-1' });
    const second = await socket.sendOk(ACCOUNT, text('怎么取消订单'), { msgRandom: 'm-1' });
    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ ...first, id: second.id, duplicate: true });

    // A client that lost the ack resends after reconnecting, with the number form of the same id.
    const numeric = await socket.sendOk(ACCOUNT, text('退货流程是什么'), { msgRandom: 77 });
    await socket.terminate();
    const again = await open('resender');
    const resent = await again.sendOk(ACCOUNT, text('退货流程是什么'), { msgRandom: '77' });
    expect(resent).toMatchObject({ duplicate: true, msgKey: numeric.msgKey, seq: numeric.seq, sessionId: numeric.sessionId });

    const stored = await storedEvents(test, client.sdkAppId, 'resender');
    const userMessages = stored.filter((e) => e.type === 'ChatBot.UserSendMsg');
    expect(userMessages.map((e) => e.payload.msgKey)).toEqual([first.msgKey, numeric.msgKey]);
    expect(stored.filter((e) => e.type === 'ChatBot.RobotSendMsg' && textIn(toChatEvent(e)) === '在我的订单里点取消')).toHaveLength(1);
  });

  it('a different msgRandom with the same text is a new message', async () => {
    const socket = await open('repeater');
    const a = await socket.sendOk(ACCOUNT, text('你好'), { msgRandom: 'a' });
    const b = await socket.sendOk(ACCOUNT, text('你好'), { msgRandom: 'b' });
    expect(b.duplicate).toBe(false);
    expect(b.msgKey).not.toBe(a.msgKey);
    expect(b.seq).toBeGreaterThan(a.seq);
  });
});
