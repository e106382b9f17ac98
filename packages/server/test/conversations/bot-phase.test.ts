import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROBOT_ID } from '../../src/knowledge/limits.ts';
import { streamOf } from '../../src/conversations/index.ts';
import { createRestClient, startTestServer, type RestClient, type TestServer } from '../harness.ts';

const ACCOUNT = '@customer_service_account';
const text = (t: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: t } }];

describe('conversations: the robot phase', () => {
  let test: TestServer;
  let client: RestClient;
  let appId: number;

  const services = () => test.server.services;
  const stream = (userId: string) => services().events.log.read(appId, streamOf(ACCOUNT, userId), 0);
  const said = async (userId: string) =>
    (await stream(userId)).map((e) => {
      const body = (e.payload.msgBody as any[] | undefined)?.[0];
      const content = body?.MsgType === 'TIMTextElem' ? body.MsgContent.Text : body ? JSON.parse(body.MsgContent.Data).src : '';
      return `${e.type}${content ? ` ${content}` : ''}`;
    });

  beforeAll(async () => {
    test = await startTestServer();
    client = await createRestClient(test);
    appId = client.sdkAppId;
    const category = (await client.call('add_faq_category', { Title: '订单' })).CategoryId;
    await client.call('add_faq', { CategoryId: category, Question: '怎么取消订单', Answer: '在我的订单里点取消', SimilarQuestions: ['订单不想要了如何取消'] });
    await client.call('robot_add_language', { LanguageTag: 'en' });
    await client.call('add_faq', { CategoryId: category, Question: 'How do I cancel my order', Answer: 'Open My Orders and tap Cancel', LanguageTag: 'en' });
    await client.call('update_robot_config', { WelcomeCardEnable: 1, WelcomeCardQuestions: ['怎么取消订单'] });
  });
  afterAll(() => test?.close());

  it('a Chinese conversation: greeting and welcome card, an FAQ answer, then a request for a human', async () => {
    const entered = await services().conversations.enter({ appId, accountId: ACCOUNT, userId: 'zh-user' });
    expect((await services().conversationQueries.state(appId, { sessionId: entered.sessionId })).state).toBe('Chatbot');
    await services().conversations.customerSend({ appId, accountId: ACCOUNT, userId: 'zh-user', msgRandom: '1', body: text('怎么取消订单') });
    await services().conversations.customerSend({ appId, accountId: ACCOUNT, userId: 'zh-user', msgRandom: '2', body: text('转人工') });
    const events = await said('zh-user');
    expect(events[0]).toBe('SessionBegin');
    const account = await services().accounts.getAccount(appId, ACCOUNT);
    expect(events[1]).toBe(`SystemSendMsg ${account!.welcomeMessage}`);
    expect(events[2]).toBe('ChatBot.RobotSendMsg 29');
    // src 7 is answered with the rating rules (23) and the seat status (26).
    expect(events.slice(3, 6)).toEqual(['ChatBot.UserSendMsg 7', 'SystemSendMsg 23', 'SystemSendMsg 26']);
    expect(events.slice(6, 8)).toEqual(['ChatBot.UserSendMsg 怎么取消订单', 'ChatBot.RobotSendMsg 在我的订单里点取消']);
    expect(events.slice(8)).toEqual([
      'ChatBot.UserSendMsg 转人工',
      'TransferringToHuman',
      expect.stringMatching(/^SystemSendMsg /),
      'NoAgentOnline',
      `SystemSendMsg ${account!.transferToHumanFailPrompt}`,
    ]);
    const seqs = (await stream('zh-user')).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('an English conversation answers from the English library', async () => {
    await services().conversations.customerSend({ appId, accountId: ACCOUNT, userId: 'en-user', languageTag: 'en', msgRandom: 'a', body: text('How do I cancel my order') });
    const events = await said('en-user');
    expect(events).toContain('ChatBot.UserSendMsg How do I cancel my order');
    expect(events).toContain('ChatBot.RobotSendMsg Open My Orders and tap Cancel');
  });

  it('a resend with the same MsgRandom is the same message, written once', async () => {
    const first = await services().conversations.customerSend({ appId, accountId: ACCOUNT, userId: 'resender', msgRandom: '42', body: text('怎么取消订单') });
    const again = await services().conversations.customerSend({ appId, accountId: ACCOUNT, userId: 'resender', msgRandom: '42', body: text('怎么取消订单') });
    expect(again).toEqual({ ...first, duplicate: true });
    const userMessages = (await said('resender')).filter((e) => e.startsWith('ChatBot.UserSendMsg'));
    expect(userMessages).toHaveLength(1);
  });

  it('concurrent first messages open exactly one session and keep every message', async () => {
    const results = await Promise.all(
      Array.from({ length: 15 }, (_, i) => services().conversations.customerSend({ appId, accountId: ACCOUNT, userId: 'burst', msgRandom: String(i), body: text(`消息 ${i}`) })),
    );
    expect(new Set(results.map((r) => r.sessionId)).size).toBe(1);
    expect(new Set(results.map((r) => r.msgKey)).size).toBe(15);
    const events = await stream('burst');
    expect(events.filter((e) => e.type === 'SessionBegin')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'ChatBot.UserSendMsg')).toHaveLength(15);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it('an account with its robot disabled records the message and leaves the answer to the app', async () => {
    await services().accounts.create((await services().apps.get(appId))!, {
      accountId: 'own_ai',
      nick: 'Own AI',
      avatarUrl: 'https://example.com/a.png',
      welcomeMessage: 'Hi',
      chatbotDisabled: true,
      agentGroupId: 1,
      transferToHumanPrompt: 't',
      transferToHumanSuccessPrompt: 's',
      transferToHumanFailPrompt: 'f',
      queueingPrompt: 'q',
      userTimeout: 600,
      endPrompt: 'e',
      timeoutEndPrompt: 'te',
      workTime: { enabled: false, periods: [] } as any,
      notWorkTimePrompt: 'n',
      robotId: DEFAULT_ROBOT_ID,
    } as any);
    await services().conversations.customerSend({ appId, accountId: 'own_ai', userId: 'u1', msgRandom: 'x', body: text('怎么取消订单') });
    const events = await services().events.log.read(appId, streamOf('own_ai', 'u1'), 0);
    expect(events.map((e) => e.type)).toEqual(['SessionBegin', 'SystemSendMsg', 'ChatBot.UserSendMsg']);
  });

  it('rejects bad input with the documented codes and writes nothing', async () => {
    const send = (body: unknown, accountId = ACCOUNT) => services().conversations.customerSend({ appId, accountId, userId: 'bad', body });
    await expect(send(text('hi'), 'no-such-account')).rejects.toMatchObject({ code: 141004 });
    await expect(send('hi')).rejects.toMatchObject({ code: 90007 });
    await expect(send([])).rejects.toMatchObject({ code: 90002 });
    await expect(send([{ MsgType: 'TIMCustomElem', MsgContent: { Data: '{"customerServicePlugin":0,"src":"99"}' } }])).rejects.toMatchObject({ code: 90002 });
    await expect(send([{ MsgType: 'TIMVideoFileElem', MsgContent: {} }])).rejects.toMatchObject({ code: 90002 });
    await expect(send(text('长'.repeat(5000)))).rejects.toMatchObject({ code: 93000 });
    expect(await stream('bad')).toEqual([]);
  });

  it('keeps apps apart: the same user and account ids in another app are another conversation', async () => {
    const other = await createRestClient(test, 'other');
    await services().conversations.customerSend({ appId: other.sdkAppId, accountId: ACCOUNT, userId: 'zh-user', msgRandom: '1', body: text('你好') });
    const mine = await said('zh-user');
    expect(mine).not.toContain('ChatBot.UserSendMsg 你好');
  });
});
