// A whole day at the desk in a real browser (issue 6): a customer talks to the robot and asks for a
// person; agent 1 accepts (manual reception), they exchange text and images both ways, agent 1
// transfers to agent 2, agent 2 ends it, the customer rates it, and the server has the rating.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, shot, startDesk, type Desk } from '@parley/server/test/browser.ts';
import { launchTestBrowser, loginAgent, setStatus, STEP_MS, stripedPng, type TestBrowser } from './fixtures.ts';

describeBrowser('a day at the desk: robot, handoff, accept, transfer, end, rating', () => {
  let desk: Desk;
  let browser: TestBrowser;

  beforeAll(async () => {
    desk = await startDesk({ agents: 2 });
    // Manual reception, so accepting is a real step; a long enough window for a loaded machine.
    expect((await desk.api.request('PUT', '/settings/service', { receptionMode: 'manual', acceptTimeout: 600 })).status).toBe(200);
    // Ratings on: the card is sent when a session an agent served ends (and agents may invite).
    expect((await desk.api.request('PUT', '/settings/satisfaction', { enabled: true, invitationMethod: 3 })).status).toBe(200);
    const category = await desk.api.request('POST', '/quick-replies/categories', { name: 'Greetings', scope: 'all' });
    expect(category.status).toBe(201);
    const reply = await desk.api.request('POST', '/quick-replies', { categoryId: category.body.categoryId, title: 'Thanks', content: 'Thank you for waiting! Let me check your order.' });
    expect(reply.status).toBe(201);
    browser = await launchTestBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  it('runs the whole day', { timeout: 300_000 }, async () => {
    const [first, second] = desk.agents;
    const shots = (name: string, page: Page) => shot(page, `desk-day/${name}`);

    // ---- the agents start their day --------------------------------------------------------------
    const agent1 = await loginAgent(await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 820 } }), desk.workbenchUrl, first);
    await setStatus(agent1, 'idle');
    await shots('01-agent1-idle-empty', agent1);
    // Agent 2 works in Chinese on a smaller screen, busy until the transfer.
    const agent2 = await loginAgent(await browser.newContext({ locale: 'zh-CN', viewport: { width: 1100, height: 720 } }), desk.workbenchUrl, second);
    await setStatus(agent2, 'busy');

    // ---- the customer and the robot -------------------------------------------------------------
    const customer = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 780 }, isMobile: true, hasTouch: true })).newPage();
    await customer.goto(desk.chatUrl);
    await customer.locator('[data-testid="connection-status"][data-state="online"]').waitFor();
    await customer.getByTestId('welcome-card').waitFor();
    await shots('02-customer-welcome', customer);

    await say(customer, '怎么改收货地址');
    await customer.locator('[data-testid="message"][data-role="service"]', { hasText: '修改地址' }).waitFor();
    await say(customer, '怎么修改');
    const clarify = customer.getByTestId('clarify-card').last();
    await clarify.waitFor();
    await shots('03-customer-answer-and-clarify', customer);
    await clarify.getByTestId('card-question').filter({ hasText: '如何修改登录密码' }).click();
    await customer.locator('[data-testid="message"][data-role="service"]', { hasText: '忘记密码' }).waitFor();
    await customer.getByTestId('human-button').click();
    await shots('04-customer-asks-for-human', customer);

    // ---- agent 1 accepts the offer ----------------------------------------------------------------
    await agent1.locator('[data-testid="count-pending"]', { hasText: '1' }).waitFor();
    await agent1.getByTestId('tab-pending').click();
    const offer = agent1.getByTestId('session-item').first();
    await offer.getByTestId('accept-countdown').waitFor();
    const sessionId = (await offer.getAttribute('data-session-id'))!;
    expect(sessionId).toBeTruthy();
    const secondsLeft = Number(await offer.getByTestId('accept-countdown').getAttribute('data-seconds'));
    expect(secondsLeft).toBeGreaterThan(0);
    expect(secondsLeft).toBeLessThanOrEqual(600);
    await shots('05-agent1-pending-offer', agent1);
    await offer.getByTestId('accept-button').click();
    await agent1.locator('[data-testid="chat-view"][data-mode="active"]').waitFor();
    // The whole history: the robot part before the handoff is there.
    await agent1.locator('[data-testid="wb-message"][data-role="robot"]', { hasText: '修改地址' }).waitFor();
    await agent1.locator('[data-testid="wb-message"][data-role="customer"]', { hasText: '怎么改收货地址' }).waitFor();
    await agent1.getByTestId('customer-panel').getByTestId('customer-user-id').waitFor();
    await shots('06-agent1-accepted-history', agent1);
    // The customer is told who serves them.
    await customer.locator('[data-testid="message"]', { hasText: first.nick }).waitFor();
    await customer.getByTestId('agent-name').filter({ hasText: first.nick }).waitFor();

    // ---- text both ways -----------------------------------------------------------------------------
    await reply(agent1, 'Hello, this is Agent 1. How can I help?');
    await customer.locator('[data-testid="message"][data-role="service"]', { hasText: 'this is Agent 1' }).waitFor();
    await say(customer, '我想改一下已经发货的订单地址');
    await agent1.locator('[data-testid="wb-message"][data-role="customer"]', { hasText: '已经发货' }).waitFor();
    // A quick reply: `#` opens the panel, choosing inserts the text.
    const input = agent1.getByTestId('composer-input');
    await input.fill('');
    await input.pressSequentially('#');
    await agent1.getByTestId('quick-reply-item').filter({ hasText: 'Thanks' }).waitFor();
    await shots('07-agent1-quick-replies', agent1);
    await agent1.getByTestId('quick-reply-item').filter({ hasText: 'Thanks' }).click();
    await expect.poll(() => input.inputValue()).toBe('Thank you for waiting! Let me check your order.');
    await input.press('Enter');
    await customer.locator('[data-testid="message"][data-role="service"]', { hasText: 'Thank you for waiting' }).waitFor();

    // ---- images both ways ---------------------------------------------------------------------------
    await customer.getByTestId('attach-image').setInputFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: stripedPng(160, 120, [231, 111, 81], [244, 162, 97]) });
    const customerImage = agent1.locator('[data-testid="wb-message"][data-role="customer"] img');
    await customerImage.waitFor();
    await expect.poll(() => customerImage.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
    await agent1.getByTestId('attach-image').setInputFiles({ name: 'label.png', mimeType: 'image/png', buffer: stripedPng(120, 90, [59, 91, 219], [116, 143, 252]) });
    const agentImage = customer.locator('[data-testid="message"][data-role="service"] img');
    await agentImage.waitFor();
    await expect.poll(() => agentImage.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(120);
    await agent1.locator('[data-testid="wb-message"][data-role="agent"] img').waitFor();
    await shots('08-agent1-images', agent1);
    await shots('09-customer-images', customer);
    // The embedded minimum (spec 03 §2.1): everything still reachable at 760 × 480.
    await agent1.setViewportSize({ width: 760, height: 480 });
    await agent1.getByTestId('transfer-button').waitFor();
    await shots('09b-agent1-760x480', agent1);
    await agent1.getByTestId('customer-toggle').click();
    await agent1.getByTestId('customer-panel').waitFor();
    await shots('09c-agent1-760x480-customer', agent1);
    await agent1.getByTestId('customer-close').click(); // the drawer covers the header's toggle
    await agent1.getByTestId('customer-panel').waitFor({ state: 'detached' });
    await agent1.setViewportSize({ width: 1366, height: 820 });

    // ---- transfer to agent 2 ------------------------------------------------------------------------
    await setStatus(agent2, 'idle');
    await agent1.getByTestId('transfer-button').click();
    const dialog = agent1.getByTestId('transfer-dialog');
    await dialog.waitFor();
    const target = dialog.locator(`[data-testid="transfer-member"][data-member-id="${second.memberId}"]`);
    await expect.poll(() => target.getAttribute('data-available')).toBe('true');
    await shots('10-agent1-transfer-dialog', agent1);
    await target.click();
    await dialog.getByTestId('transfer-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    await agent1.locator('[data-testid="chat-view"][data-mode="elsewhere"]').waitFor();
    await shots('11-agent1-after-transfer', agent1);

    // Agent 2 gets it in Mine with the whole conversation, agent 1's part included.
    const item2 = agent2.locator(`[data-testid="session-item"][data-session-id="${sessionId}"]`);
    await item2.waitFor();
    await item2.locator('.session-main').click();
    await agent2.locator('[data-testid="chat-view"][data-mode="active"]').waitFor();
    await agent2.locator('[data-testid="wb-message"][data-role="agent"]', { hasText: 'this is Agent 1' }).waitFor();
    await agent2.locator('[data-testid="wb-message"][data-role="robot"]').first().waitFor();
    await customer.locator('[data-testid="message"]', { hasText: second.nick }).waitFor();
    await customer.getByTestId('agent-name').filter({ hasText: second.nick }).waitFor();
    await reply(agent2, '您好，我是 Agent 2，已为您修改好地址。');
    await customer.locator('[data-testid="message"][data-role="service"]', { hasText: '我是 Agent 2' }).waitFor();
    await shots('12-agent2-took-over', agent2);

    // ---- agent 2 ends it; the customer rates --------------------------------------------------------
    await agent2.getByTestId('end-button').click();
    await agent2.getByTestId('confirm-button').click();
    await agent2.locator('[data-testid="chat-view"][data-mode="ended"]').waitFor();
    await agent2.getByTestId('contact-again-button').waitFor();
    await shots('13-agent2-ended', agent2);

    const card = customer.getByTestId('rating-card').last();
    await card.waitFor();
    await customer.getByTestId('session-ended').first().waitFor();
    await card.getByTestId('rating-option').last().click();
    await card.getByTestId('rating-submit').click();
    await customer.locator('[data-testid="rating-card"][data-state="rated"]').waitFor();
    await shots('14-customer-rated', customer);

    // The server recorded it on the session (the super admin reads any session).
    await expect.poll(async () => (await desk.api.request('GET', `/workbench/sessions/${encodeURIComponent(sessionId)}`)).body.session?.satisfaction, { timeout: STEP_MS }).toBe(5);
    // Agent 2's history lists it with the rating.
    await agent2.getByTestId('tab-history').click();
    const historyItem = agent2.locator(`[data-testid="session-item"][data-session-id="${sessionId}"]`);
    await historyItem.waitFor();
    await historyItem.locator('.session-main').click();
    await agent2.getByTestId('session-ended-notice').waitFor();
    await shots('15-agent2-history', agent2);
  });

  it('the agent’s tools: login errors, auto reception, star, mark, suspend, rating invitation, contact again, rest, language, reload, logout', { timeout: 300_000 }, async () => {
    const [first, second] = desk.agents;
    const shots = (name: string, page: Page) => shot(page, `desk-tools/${name}`);
    expect((await desk.api.request('PUT', '/settings/service', { receptionMode: 'auto' })).status).toBe(200);

    // ---- login errors: a wrong password, then the lockout after too many failures --------------------
    const agentContext = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    const login = await agentContext.newPage();
    await login.goto(desk.workbenchUrl);
    await login.getByTestId('login-email').fill(first.email);
    await login.getByTestId('login-password').fill('not-the-password');
    await login.getByTestId('login-submit').click();
    await login.getByTestId('login-error').filter({ hasText: 'Wrong email or password.' }).waitFor();
    await shots('01-login-wrong-password', login);
    const locked = 'locked-out@desk.test';
    for (let i = 0; i < 10; i++)
      await fetch(`${desk.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: locked, password: 'x' }) });
    await login.getByTestId('login-email').fill(locked);
    await login.getByTestId('login-submit').click();
    await login.getByTestId('login-error').filter({ hasText: 'Too many failed sign-ins' }).waitFor();
    await shots('02-login-locked-out', login);
    await login.close();

    // ---- agent 2 goes offline, agent 1 takes what comes (auto reception) -----------------------------
    const agent2 = await loginAgent(await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } }), desk.workbenchUrl, second);
    await setStatus(agent2, 'offline');
    const agent1 = await loginAgent(agentContext, desk.workbenchUrl, first);
    await setStatus(agent1, 'idle');
    const customer = await (await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 780 }, isMobile: true, hasTouch: true })).newPage();
    await customer.goto(desk.chatUrl);
    await customer.locator('[data-testid="connection-status"][data-state="online"]').waitFor();
    await say(customer, 'How long does delivery take?');
    await customer.locator('[data-testid="message"][data-role="service"]', { hasText: 'ship within 24 hours' }).waitFor();
    // Agent 1 is busy for a moment: the customer waits in the queue, where every agent can see them.
    await setStatus(agent1, 'busy');
    await customer.getByTestId('human-button').click();
    await customer.getByTestId('queue-status').waitFor();
    await agent1.getByTestId('tab-queue').click();
    const queued = agent1.locator('[data-testid="session-item"][data-state="Queueing"]');
    await queued.filter({ hasText: 'No. 1' }).waitFor();
    await agent1.locator('[data-testid="count-queue"]', { hasText: '1' }).waitFor();
    await shots('02b-agent1-queue', agent1);
    await setStatus(agent1, 'idle');
    await agent1.getByTestId('tab-mine').click();
    const item = agent1.locator('[data-testid="session-item"][data-state="Agent"]').first();
    await item.waitFor();
    const sessionId = (await item.getAttribute('data-session-id'))!;
    await item.locator('.session-main').click();
    await agent1.locator('[data-testid="chat-view"][data-mode="active"]').waitFor();

    // ---- star, mark, suspend and resume, invite a rating ---------------------------------------------
    await agent1.getByTestId('star-button').click();
    await agent1.locator('[data-testid="star-button"][aria-pressed="true"]').waitFor();
    await item.locator('.flag-star').waitFor();
    await agent1.getByTestId('mark-button').click();
    await agent1.getByTestId('mark-input').fill('VIP: wants a call back');
    await agent1.getByTestId('mark-save').click();
    await agent1.getByTestId('customer-mark').filter({ hasText: 'VIP: wants a call back' }).waitFor();
    await agent1.getByTestId('suspend-button').click();
    await agent1.getByTestId('resume-button').waitFor();
    await item.locator('.chip-warn').waitFor();
    await shots('03-agent1-starred-marked-suspended', agent1);
    await agent1.getByTestId('resume-button').click();
    await agent1.getByTestId('suspend-button').waitFor();
    await agent1.getByTestId('invite-rating-button').click();
    await customer.getByTestId('rating-card').waitFor();
    await agent1.locator('[data-testid="wb-message"] [data-testid="rating-card"]').waitFor();
    await shots('04-agent1-rating-invited', agent1);
    await shots('05-customer-rating-invited', customer);
    // The server has the star and the mark.
    const info = (await desk.api.request('GET', `/workbench/sessions/${encodeURIComponent(sessionId)}`)).body;
    expect(info.session).toMatchObject({ starred: true, mark: 'VIP: wants a call back', suspended: false });

    // ---- end, then contact the customer again from the read-only history ------------------------------
    await agent1.getByTestId('end-button').click();
    await agent1.getByTestId('confirm-button').click();
    await agent1.locator('[data-testid="chat-view"][data-mode="ended"]').waitFor();
    await agent1.getByTestId('composer-input').waitFor({ state: 'detached' });
    await agent1.getByTestId('contact-again-button').click();
    await agent1.locator('[data-testid="chat-view"][data-mode="active"]').waitFor();
    const again = await agent1.locator('[data-testid="session-item"][aria-current], [data-testid="session-item"].selected').first().getAttribute('data-session-id');
    expect(again).not.toBe(sessionId);
    await reply(agent1, 'Following up on your delivery question.');
    await customer.locator('[data-testid="message"][data-role="service"]', { hasText: 'Following up' }).waitFor();
    await shots('06-agent1-contacted-again', agent1);

    // ---- history: searchable, and the notifications can be switched off ------------------------------
    await agent1.getByTestId('tab-history').click();
    const nick = (await agent1.locator(`[data-testid="session-item"][data-session-id="${sessionId}"] .session-name`).textContent())!;
    await agent1.getByTestId('session-search').fill(nick.slice(-4));
    await agent1.locator(`[data-testid="session-item"][data-session-id="${sessionId}"]`).waitFor();
    await agent1.getByTestId('session-search').fill('no-such-customer');
    await agent1.locator('[data-testid="session-item"]').first().waitFor({ state: 'detached' });
    await agent1.getByTestId('session-search').fill('');
    await agent1.getByTestId('tab-mine').click();
    await agent1.locator('[data-testid="notifications-toggle"][aria-pressed="true"]').click();
    await agent1.locator('[data-testid="notifications-toggle"][aria-pressed="false"]').waitFor();

    // ---- "+": a user the app does not know is refused in the dialog -----------------------------------
    await agent1.getByTestId('contact-button').click();
    await agent1.getByTestId('contact-user-id').fill('ghost-user');
    await agent1.getByTestId('contact-confirm').click();
    await agent1.getByTestId('contact-dialog').locator('[role="alert"]', { hasText: 'No user with this ID is known to the app.' }).waitFor();
    await shots('07-agent1-contact-unknown-user', agent1);
    await agent1.keyboard.press('Escape');
    await agent1.getByTestId('contact-dialog').waitFor({ state: 'detached' });

    // ---- the internal chat lives on its own tab -------------------------------------------------------
    await agent1.getByTestId('internal-tab').click();
    await agent1.getByTestId('internal-panel').waitFor();
    await shots('07b-agent1-internal-tab', agent1);
    await agent1.getByTestId('sessions-tab').click();
    await agent1.locator('[data-testid="chat-view"][data-mode="active"]').waitFor();

    // ---- a break with a reason, Chinese, a reload keeps the login, logout ends it ---------------------
    await agent1.getByTestId('status-switch').click();
    await agent1.locator('[data-testid="status-option"][data-status="rest"]').click();
    await agent1.getByTestId('rest-reason').fill('Lunch');
    await agent1.getByTestId('rest-confirm').click();
    await agent1.locator('[data-testid="status-switch"][data-status="rest"]', { hasText: 'Lunch' }).waitFor();
    expect((await desk.api.request('GET', '/monitoring/agents')).body.items.find((a: { memberId: string }) => a.memberId === first.memberId)).toMatchObject({ status: 'rest', restReason: 'Lunch' });
    await agent1.getByTestId('language-switch').selectOption('zh-CN');
    await agent1.getByTestId('tab-mine').filter({ hasText: '我的' }).waitFor();
    await shots('08-agent1-rest-chinese', agent1);
    await agent1.reload();
    await agent1.locator('[data-testid="status-switch"][data-status="rest"]').waitFor();
    await agent1.getByTestId('tab-mine').filter({ hasText: '我的' }).waitFor(); // the language is remembered
    await agent1.getByTestId('user-menu').click();
    await agent1.getByTestId('logout-button').click();
    await agent1.getByTestId('login-email').waitFor();
    await agent1.reload();
    await agent1.getByTestId('login-email').waitFor();
    await shots('09-logged-out', agent1);
  });
});

async function say(customer: Page, text: string): Promise<void> {
  await customer.getByTestId('composer-input').fill(text);
  await customer.getByTestId('send-button').click();
}

async function reply(agent: Page, text: string): Promise<void> {
  await agent.getByTestId('composer-input').fill(text);
  await agent.getByTestId('composer-input').press('Enter');
  await agent.locator('[data-testid="wb-message"][data-role="agent"][data-delivery="sent"]', { hasText: text }).waitFor();
}
