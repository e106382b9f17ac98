import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../src/conversations/schema.ts';
import { createRestClient, startTestServer, type RestClient, type TestServer } from '../harness.ts';
import { ACCOUNT, custom, customer, deskIn, desk, headOf, storedEvents, summarize, text } from './helpers.ts';
import type { ChatClient, ErrorFrame } from './ws-client.ts';

// Section 5 of the transport suite: every Desk custom message (spec 02, src 7–33) in both
// directions over a real WebSocket, and the malformed ones refused before anything is stored.

let test: TestServer;
let client: RestClient;
let appId: number;
const sockets: ChatClient[] = [];

async function open(userId: string) {
  const socket = await customer(test, client, userId);
  sockets.push(socket);
  await socket.subscribe(ACCOUNT);
  return socket;
}

const services = () => test.server.services;
const deskCall = (command: string, body: Record<string, unknown>) => client.call(command, body, { service: 'desk_http_svc' });
let random = 1;
const sendMsg = (userId: string, body: unknown[]) => deskCall('send_msg', { FromAccount: ACCOUNT, ToAccount: userId, MsgRandom: random++, MsgBody: body });

/** Puts the open session with a human agent, as routing would (human service is not part of this suite). */
async function withAgent(sessionId: string) {
  await services()
    .db.update(sessions)
    .set({ state: 'Agent', agentId: 'agent_zhang' })
    .where(and(eq(sessions.appId, appId), eq(sessions.sessionId, sessionId)));
}

/** Starts a session with src 7 and waits for its last event (src 26). */
async function enter(socket: ChatClient) {
  const ack = await socket.sendOk(ACCOUNT, desk('7'));
  await socket.waitForEvent(ACCOUNT, (e) => e.seq > ack.seq && deskIn(e)?.src === '26');
  return ack;
}

const PRODUCT = { header: '冬季羽绒服', desc: '¥499', pic: 'https://example.com/p.png', url: 'https://example.com/p' };
const ORDER = { guide: '您要咨询的订单', name: '订单 20260101', desc: '已发货', pic: 'https://example.com/o.png', customField: [{ name: '物流', value: '顺丰' }] };
const FORM_SUBMISSION = { content: { inputVariables: [{ name: '手机号', isRequired: 1, variableValue: '13800000000' }] } };

beforeAll(async () => {
  test = await startTestServer();
  client = await createRestClient(test);
  appId = client.sdkAppId;
});
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.terminate()));
});
afterAll(() => test?.close());

describe('customer → service', () => {
  it('accepts src 7, 22, 28 and 33, stores the content messages as sent and keeps the flag out of history', async () => {
    const socket = await open('cards');
    const entered = await enter(socket);
    for (const [src, fields] of [
      ['22', { content: PRODUCT }],
      ['28', { content: ORDER }],
      ['33', FORM_SUBMISSION],
    ] as const) {
      const body = desk(src, fields);
      const ack = await socket.sendOk(ACCOUNT, body);
      const event = await socket.waitForEvent(ACCOUNT, (e) => e.seq === ack.seq);
      expect(event).toMatchObject({ type: 'ChatBot.UserSendMsg', role: 1, msgKey: ack.msgKey, sessionId: entered.sessionId, msgBody: body });
    }
    // An app's own custom message (not Desk JSON; IM allows any Data string) passes through untouched.
    for (const own of [custom({ kind: 'coupon', code: 'WINTER' }), [{ MsgType: 'TIMCustomElem', MsgContent: { Data: 'coupon:WINTER', Desc: 'd', Ext: 'e' } }]]) {
      const ownAck = await socket.sendOk(ACCOUNT, own);
      expect(await socket.waitForEvent(ACCOUNT, (e) => e.seq === ownAck.seq)).toMatchObject({ msgBody: own });
    }

    const history = await deskCall('describe_chat_messages', { SessionId: entered.sessionId, Order: 1 });
    expect(history.ErrorCode).toBe(0);
    const tagged = await socket.sendOk(ACCOUNT, text('带自定义数据'), { cloudCustomData: '{"orderId":"A1"}' });
    expect(await socket.waitForEvent(ACCOUNT, (e) => e.seq === tagged.seq)).toMatchObject({ cloudCustomData: '{"orderId":"A1"}' });

    const srcs = history.Messages.map((m: { MsgBody: never }) => deskIn({ msgBody: m.MsgBody })?.src ?? 'other');
    expect(srcs).toEqual(expect.arrayContaining(['22', '28', '33']));
    expect(srcs).not.toContain('7'); // a flag (onlineUserOnly) is not chat history
  });

  it('refuses src 24 and 27 without a session (141005) and in the robot phase (141026), storing nothing', async () => {
    const fresh = await open('no-session');
    for (const src of ['24', '27']) {
      const answer = (await fresh.send(ACCOUNT, desk(src))) as ErrorFrame;
      expect(answer).toMatchObject({ type: 'error', code: 141005 });
      expect(answer.message).toMatch(/does not exist or has ended/);
    }
    expect(await storedEvents(test, appId, 'no-session')).toEqual([]);

    const socket = await open('robot-phase');
    await enter(socket);
    const before = await storedEvents(test, appId, 'robot-phase');
    const rating = (await socket.send(ACCOUNT, desk('24'))) as ErrorFrame;
    expect(rating).toMatchObject({ type: 'error', code: 141026 });
    expect(rating.message).toMatch(/rating card can be requested only during human service/);
    const end = (await socket.send(ACCOUNT, desk('27'))) as ErrorFrame;
    expect(end).toMatchObject({ type: 'error', code: 141026 });
    expect(end.message).toMatch(/src 27 ends a human session/);
    expect(await storedEvents(test, appId, 'robot-phase')).toEqual(before);
  });

  it('with an agent: src 24 brings a rating card, src 10 fills it once, and src 27 ends the session', async () => {
    const socket = await open('rater');
    const entered = await enter(socket);
    await withAgent(entered.sessionId);

    let from = socket.mark();
    const asked = await socket.sendOk(ACCOUNT, desk('24'));
    const cardEvent = await socket.waitForEvent(ACCOUNT, (e) => deskIn(e)?.src === '9', { from });
    expect(socket.events(ACCOUNT, from).map(summarize)).toEqual(['Human.UserSendMsg src 24', 'SystemSendMsg src 9']);
    expect(cardEvent).toMatchObject({ seq: asked.seq + 1, role: 3, sessionId: entered.sessionId });
    const card = deskIn(cardEvent)!;
    expect(card.menuContent).toMatchObject({ sessionId: cardEvent.msgKey, type: 1, head: expect.any(String) });
    expect(card.menuContent.menu.map((m: { id: string }) => m.id)).toEqual(['101', '102', '103', '104', '105']);
    expect(card.menuContent.selected).toBeUndefined();

    from = socket.mark();
    const selection = { id: '105', content: card.menuContent.menu[4].content, sessionId: card.menuContent.sessionId };
    const rated = await socket.sendOk(ACCOUNT, desk('10', { menuSelected: selection }));
    await socket.waitForEvent(ACCOUNT, (e) => e.type === 'SatisfactionSelected', { from });
    const afterRating = socket.events(ACCOUNT, from);
    expect(afterRating.map((e) => e.type)).toEqual(['Human.UserSendMsg', 'MessageModified', 'SatisfactionSelected']);
    expect(afterRating[0]).toMatchObject({ seq: rated.seq, msgKey: rated.msgKey });
    expect(afterRating[1].msgKey).toBe(cardEvent.msgKey);
    expect(deskIn(afterRating[1])).toEqual({ ...card, menuContent: { ...card.menuContent, selected: { id: '105', content: selection.content } } });
    const [row] = await services()
      .db.select()
      .from(sessions)
      .where(and(eq(sessions.appId, appId), eq(sessions.sessionId, entered.sessionId)));
    expect(row.satisfaction).toBe(5);

    const head = await headOf(test, appId, 'rater');
    const twice = (await socket.send(ACCOUNT, desk('10', { menuSelected: { ...selection, id: '101' } }))) as ErrorFrame;
    expect(twice).toMatchObject({ type: 'error', code: 141026 });
    expect(twice.message).toMatch(/already been answered/);

    // A second card: a level it does not have, or a card that does not exist, is refused.
    from = socket.mark();
    await socket.sendOk(ACCOUNT, desk('24'));
    const second = deskIn(await socket.waitForEvent(ACCOUNT, (e) => deskIn(e)?.src === '9', { from }))!;
    const wrongLevel = (await socket.send(ACCOUNT, desk('10', { menuSelected: { id: '999', content: 'x', sessionId: second.menuContent.sessionId } }))) as ErrorFrame;
    expect(wrongLevel).toMatchObject({ type: 'error', code: 141004 });
    expect(wrongLevel.message).toMatch(/menuSelected\.id 999/);
    const wrongCard = (await socket.send(ACCOUNT, desk('10', { menuSelected: { id: '104', content: 'x', sessionId: 'no-such-card' } }))) as ErrorFrame;
    expect(wrongCard).toMatchObject({ type: 'error', code: 141004 });
    expect(wrongCard.message).toMatch(/does not name a rating card/);
    expect(await headOf(test, appId, 'rater')).toBe(head + 2); // only the second src 24 and its card

    from = socket.mark();
    const ended = await socket.sendOk(ACCOUNT, desk('27'));
    await socket.waitForEvent(ACCOUNT, (e) => e.type === 'SessionEnd', { from });
    const account = (await services().accounts.getAccount(appId, ACCOUNT))!;
    expect(socket.events(ACCOUNT, from).map(summarize)).toEqual([
      'Human.UserSendMsg src 27',
      'SessionUserEnd',
      `SystemSendMsg ${account.endPrompt}`,
      'SystemSendMsg src 19',
      'SystemSendMsg src 26',
      'SessionEnd',
    ]);
    expect(socket.events(ACCOUNT, from)[0]).toMatchObject({ seq: ended.seq, sessionId: entered.sessionId });
    expect(deskIn(socket.events(ACCOUNT, from)[4])).toMatchObject({ content: { command: 'updateSeatStatus', content: 'outSeat' } });
    // What a customer sees carries no agent ids (they are in the log for callbacks only).
    expect((await storedEvents(test, appId, 'rater')).some((e) => e.payload.agentId === 'agent_zhang')).toBe(true);
    expect(JSON.stringify(socket.frames)).not.toContain('agent_zhang');
    const state = await deskCall('get_session_state', { ClientUserId: 'rater', CustomerServiceId: ACCOUNT });
    expect(state).toMatchObject({ ErrorCode: 0, CurrentState: 'NotInSession', SessionId: '' });

    // After the end, src 27 has no session to end, and the next message opens a new session.
    expect(await socket.send(ACCOUNT, desk('27'))).toMatchObject({ type: 'error', code: 141005 });
    const next = await socket.sendOk(ACCOUNT, text('你好'));
    expect(next.sessionId).not.toBe(entered.sessionId);
    await socket.waitForEvent(ACCOUNT, (e) => e.type === 'SessionBegin' && e.sessionId === next.sessionId);
  });

  it('refuses a body over 12 KB with 93000 and keeps the socket', async () => {
    const socket = await open('too-large');
    expect(await socket.send(ACCOUNT, text('长'.repeat(5000)))).toMatchObject({ type: 'error', code: 93000 });
    expect(await storedEvents(test, appId, 'too-large')).toEqual([]);
    expect((await socket.send(ACCOUNT, text('短'))).type).toBe('ack');
  });

  const validCard = { menuContent: { head: 'h', tail: 't', menu: [{ id: '105', content: '非常满意' }], type: 1, sessionId: 's', effectiveHour: 12, expireTime: 9_999_999_999 } };
  const malformed: Array<[string, unknown[]]> = [
    ['src 22 without content', desk('22')],
    ['src 22 with a partial card', desk('22', { content: { header: '只有标题' } })],
    ['src 10 without menuSelected', desk('10')],
    ['src 10 with an empty level id', desk('10', { menuSelected: { id: '', content: 'x', sessionId: 's' } })],
    ['src 28 without its guide', desk('28', { content: { name: 'n', desc: 'd', pic: 'p' } })],
    ['src 33 without fields', desk('33', { content: { inputVariables: [] } })],
    ["src '99'", desk('99')],
    ['src as a number', custom({ customerServicePlugin: 0, src: 22, content: PRODUCT })],
    ['Data that is not a string', [{ MsgType: 'TIMCustomElem', MsgContent: { Data: { customerServicePlugin: 0, src: '22', content: PRODUCT } } }]],
    ['a Desk message with another element', [...desk('22', { content: PRODUCT }), ...text('看看这个')]],
    ['the service-only src 9 (rating card)', desk('9', validCard)],
    ['the service-only src 29 (robot card)', desk('29', { subtype: 'welcome_msg', content: { title: 't', content: '', items: [{ content: 'q' }] } })],
    ['the service-only src 19 (session end)', desk('19')],
    ['the service-only src 26 (seat status)', desk('26', { content: { command: 'updateSeatStatus', content: 'inSeat' } })],
    ['the service-only src 12 (typing)', desk('12')],
  ];

  it.each(malformed)('refuses %s with 90002 and stores nothing', async (_name, body) => {
    const socket = await open('malformed');
    const answer = (await socket.send(ACCOUNT, body, { id: 'bad-1' })) as ErrorFrame;
    expect(answer).toMatchObject({ type: 'error', id: 'bad-1', code: 90002 });
    expect(answer.message).toMatch(/MsgBody/);
    expect(await storedEvents(test, appId, 'malformed')).toEqual([]); // not even a session was opened
    await socket.ping();
  });
});

describe('service → customer', () => {
  const serviceMessages: Array<[string, Record<string, unknown>]> = [
    ['15', { content: { header: '请选择问题类型', items: [{ content: '物流' }, { content: '售后', desc: '退换货' }], tail: '点击选择' } }],
    ['21', { content: { header: '请留下您的手机号', type: 1 } }],
    ['22', { content: PRODUCT }],
    // Agents share orders too (spec 03 §2.6 sendOrderMessage), although spec 02 lists 28 as customer → service.
    ['28', { content: ORDER }],
    ['29', { subtype: 'welcome_msg', content: { title: '猜你想问', content: '', items: [{ content: '怎么取消订单' }] } }],
    ['30', { content: '**加粗** 的回答' }],
    ['32', { status: 0, optionType: 0, taskInfo: { taskID: 7, nodeID: 'node-1', env: 'prod' }, content: { header: '您想办理哪项业务', items: [{ content: '退货' }] } }],
    ['33', { content: { tip: '请填写', inputVariables: [{ name: '手机号', isRequired: 1, variableValue: '' }] } }],
  ];

  it('a typing indicator (src 12) arrives as a signal and is not stored', async () => {
    const socket = await open('typing');
    const bystander = await open('not-typing');
    await enter(socket);
    const before = await storedEvents(test, appId, 'typing');
    expect((await sendMsg('typing', desk('12'))).ErrorCode).toBe(0);
    const signal = await socket.waitFor((f) => f.type === 'signal');
    expect(signal).toEqual({ type: 'signal', accountId: ACCOUNT, msgBody: desk('12') });
    expect(await storedEvents(test, appId, 'typing')).toEqual(before);
    // Signals go to the conversation's own sockets only (all in one process, so it would have arrived by now).
    await bystander.ping();
    expect(bystander.frames.filter((f) => f.type === 'signal' || f.type === 'event')).toEqual([]);
  });

  it.each(serviceMessages)('src %s sent with send_msg arrives as an event, exactly as sent', async (src, fields) => {
    const user = `svc-${src}`;
    const socket = await open(user);
    const body = desk(src, fields);
    expect((await sendMsg(user, body)).ErrorCode).toBe(0);
    const event = await socket.waitForEvent(ACCOUNT, (e) => e.msgBody !== undefined);
    expect(event).toMatchObject({ type: 'ChatBot.RobotSendMsg', role: 2, msgBody: body });
  });

  it('refuses customer-only messages from the service side with 90002', async () => {
    for (const body of [desk('7'), desk('10', { menuSelected: { id: '105', content: 'x', sessionId: 's' } }), desk('24'), desk('27')]) {
      const result = await sendMsg('svc-refused', body);
      expect(result.ErrorCode).toBe(90002);
      expect(result.ErrorInfo).toMatch(/sent by customers/);
    }
    expect(await storedEvents(test, appId, 'svc-refused')).toEqual([]);
  });
});
