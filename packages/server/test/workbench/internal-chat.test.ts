import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ManualClock } from '../../src/platform/clock.ts';
import { internalMessages } from '../../src/agent-work/schema.ts';
import { PNG_3x2 } from '../files/fixtures.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { expectError, expectOk, loginAgent, text, WorkbenchClient, workbenchApp, type Agent, type WorkbenchApp } from './helpers.ts';

// 员工内部会话 (spec 03 §1.11): one-to-one chat between workbench members, live on their sockets.

describe('internal chat', () => {
  let test: TestServer;
  let d: WorkbenchApp;
  let ann: Agent;
  let bob: Agent;
  let cat: Agent;
  const clock = new ManualClock(new Date());
  const sockets: WorkbenchClient[] = [];
  const path = (other: Agent | string, what = 'messages') => `/workbench/internal/${encodeURIComponent(typeof other === 'string' ? other : other.memberId)}/${what}`;
  const say = (from: Agent, to: Agent, words: string) => expectOk(from.api('POST', path(to), { body: text(words) }));
  const threads = async (agent: Agent, query = '') => expectOk(agent.api('GET', `/workbench/internal/threads${query}`));
  const stored = async () => (await test.server.services.db.select().from(internalMessages).where(eq(internalMessages.appId, d.appId))).length;

  beforeAll(async () => {
    test = await startTestServer({ clock });
    d = await workbenchApp(test);
    ann = await loginAgent(d, { nick: 'Ann' });
    bob = await loginAgent(d, { nick: 'Bob' });
    cat = await loginAgent(d, { nick: 'Cat', roles: ['admin', 'staff'] });
  });
  afterAll(async () => {
    for (const socket of sockets) await socket.close();
    await test?.close();
  });

  it('both ways, live on both members’ sockets, in one thread', async () => {
    const annSocket = await WorkbenchClient.open(test, ann);
    const bobSocket = await WorkbenchClient.open(test, bob);
    sockets.push(annSocket, bobSocket);
    const first = await say(ann, bob, 'Can you take the VIP queue?');
    expect(first).toMatchObject({ threadId: [ann.memberId, bob.memberId].sort().join('|'), from: ann.memberId, to: bob.memberId, body: text('Can you take the VIP queue?') });
    for (const socket of [annSocket, bobSocket]) {
      const event = await socket.agentEvent('InternalMessage');
      expect(event.payload).toMatchObject({ id: first.id, from: ann.memberId, to: bob.memberId, body: text('Can you take the VIP queue?') });
    }
    clock.advance(1000);
    const answer = await say(bob, ann, 'Sure');
    expect(answer.threadId).toBe(first.threadId);
    await annSocket.waitFor((f) => f.type === 'agent' && f.event.type === 'InternalMessage' && f.event.payload.id === answer.id);

    const history = await expectOk(ann.api('GET', path(bob)));
    expect(history.messages.map((m: any) => [m.from, m.body[0].MsgContent.Text])).toEqual([
      [ann.memberId, 'Can you take the VIP queue?'],
      [bob.memberId, 'Sure'],
    ]);
    expect((await expectOk(bob.api('GET', path(ann)))).messages.map((m: any) => m.id)).toEqual([first.id, answer.id]);
  });

  it('lists threads, latest first, with the other member and the last message; pages', async () => {
    clock.advance(1000);
    await say(cat, ann, 'Weekly report?');
    const list = await threads(ann);
    expect(list).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(list.items.map((t: any) => [t.member.nick, t.lastMessage.body[0].MsgContent.Text, t.lastMessage.from])).toEqual([
      ['Cat', 'Weekly report?', cat.memberId],
      ['Bob', 'Sure', bob.memberId],
    ]);
    expect((await threads(ann, '?pageSize=1&page=2')).items.map((t: any) => t.member.nick)).toEqual(['Bob']);
    expect((await threads(bob)).items.map((t: any) => t.member.nick)).toEqual(['Ann']);
    const page = await expectOk(ann.api('GET', `${path(bob)}?limit=1`));
    expect(page).toMatchObject({ more: true });
    expect(page.messages.map((m: any) => m.body[0].MsgContent.Text)).toEqual(['Sure']);
    const earlier = await expectOk(ann.api('GET', `${path(bob)}?limit=1&before=${page.messages[0].id}`));
    expect(earlier).toMatchObject({ more: false });
    expect(earlier.messages.map((m: any) => m.body[0].MsgContent.Text)).toEqual(['Can you take the VIP queue?']);
  });

  it('hide (不显示) removes the thread from the hider’s list only and keeps history; a new message shows it again', async () => {
    await expectOk(ann.api('POST', path(bob, 'hide')));
    expect((await threads(ann)).items.map((t: any) => t.member.nick)).toEqual(['Cat']);
    expect((await threads(bob)).items.map((t: any) => t.member.nick)).toEqual(['Ann']);
    expect((await expectOk(ann.api('GET', path(bob)))).messages).toHaveLength(2);
    clock.advance(1000);
    await say(bob, ann, 'Still there?');
    expect((await threads(ann)).items.map((t: any) => t.member.nick)).toEqual(['Bob', 'Cat']);

    // The hider writing again shows it too.
    await expectOk(ann.api('POST', path(cat, 'hide')));
    clock.advance(1000);
    await say(ann, cat, 'Report sent');
    expect((await threads(ann)).items.map((t: any) => t.member.nick)).toEqual(['Cat', 'Bob']);
    await expectError(bob.api('POST', path(cat, 'hide')), 404); // no thread to hide
  });

  it('images through the workbench upload, as the member’s own file', async () => {
    const upload = async (agent: Agent, csrf = true) =>
      fetch(`${test.baseUrl}/api/workbench/files?kind=image`, {
        method: 'POST',
        headers: { cookie: agent.browser.cookie!, 'content-type': 'image/png', 'x-file-name': 'chart.png', ...(csrf ? { 'x-csrf-token': agent.browser.csrfToken! } : {}) },
        body: PNG_3x2,
      });
    expect((await upload(ann, false)).status).toBe(403);
    const uploaded = await upload(ann);
    expect(uploaded.status).toBe(200);
    const file = (await uploaded.json()) as { fileId: string };
    const image = [{ MsgType: 'TIMImageElem', MsgContent: { UUID: file.fileId } }];
    const sent = await expectOk(ann.api('POST', path(bob), { body: image }));
    expect(sent.body[0]).toMatchObject({ MsgType: 'TIMImageElem', MsgContent: { UUID: file.fileId, ImageFormat: 3 } });
    expect(sent.body[0].MsgContent.ImageInfoArray[0]).toMatchObject({ Width: 3, Height: 2, URL: expect.stringContaining(file.fileId) });
    // Someone else's upload cannot be passed off as one's own.
    await expectError(bob.api('POST', path(ann), { body: image }), 400);
  });

  it('refuses oneself, strangers, console-only admins, other apps’ members and bad bodies, with nothing written', async () => {
    const before = await stored();
    const admin = await loginAgent(d, { nick: 'Dora', roles: ['admin'] });
    const other = await workbenchApp(test, 'Other app');
    const foreign = await loginAgent(other, { nick: 'Eve' });
    await expectError(ann.api('POST', path(ann), { body: text('me') }), 400);
    await expectError(ann.api('POST', path('nobody@example.com'), { body: text('hi') }), 404);
    await expectError(ann.api('POST', path(admin), { body: text('hi') }), 404);
    await expectError(ann.api('POST', path(foreign), { body: text('hi') }), 404);
    await expectError(foreign.api('POST', path(ann), { body: text('hi') }), 404);
    await expectError(foreign.api('GET', path(ann)), 404);
    await expectError(ann.api('POST', path(bob), { body: 'hi' }), 400, 90007);
    await expectError(ann.api('POST', path(bob), { body: text('x'.repeat(13_000)) }), 400, 93000);
    await expectError(ann.api('POST', path(bob), { body: [{ MsgType: 'TIMCustomElem', MsgContent: { Data: JSON.stringify({ customerServicePlugin: 0, src: '12' }) } }] }), 400, 90002);
    await expectError(ann.api('POST', path(bob), { body: text('hi'), to: 'x' }), 400);
    await expectError(ann.api('POST', path(bob), { body: text('hi') }, { csrf: false }), 403, 'csrf');
    expect((await ann.browser.request('POST', path(bob), undefined, { raw: '{"body": [' })).status).toBe(400);
    await expectError(ann.api('GET', `${path(bob)}?limit=101`), 400);
    await expectError(ann.api('GET', '/workbench/internal/threads?pageSize=0'), 400);
    expect(await stored()).toBe(before);
    // Only this app's rows exist for the foreign member.
    expect(
      await test.server.services.db
        .select()
        .from(internalMessages)
        .where(and(eq(internalMessages.appId, other.appId))),
    ).toEqual([]);
  });
});
