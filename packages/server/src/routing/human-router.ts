import { seatStatusMessage, type AgentSessionEventType, type AgentSessionNotice, type DeskMessage } from '@parley/protocol';
import type { Account } from '../accounts/index.ts';
import {
  ConversationTx,
  promptIn,
  invalidParam,
  invalidState,
  noSession,
  customBody,
  deskOf,
  heldSessionIds,
  messageByKey,
  disarmUserTimeout,
  endSession,
  HUMAN_STATES,
  type ConversationRunner,
  type Session,
  type SessionPatch,
  type HandoffOptions,
  type HandoffOutcome,
  type HandoffRequest,
  type HandoffResult,
  type HumanHandoff,
  type EndReason,
} from '../conversations/index.ts';
import type { Events, Job, JobSpec } from '../events/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import type { OutboundHttp } from '../platform/http-out.ts';
import type { RatingSender } from '../satisfaction/index.ts';
import { groupsByIds, memberNicks } from '../team/index.ts';
import { anyFreeAgent, anyoneOnline, pickAgent, type PickedAgent, type Pool } from './agent-picker.ts';
import { agentStreamOf, type AgentStates } from './agent-states.ts';
import { askBusinessServer, type AssignDecision } from './assign-webhook.ts';
import { queuePrompt, successPrompt } from './prompts.ts';
import { changedPositions, positionOf, queueHead } from './queue-positions.ts';
import { takeRoutingLock } from './routing-lock.ts';
import type { ServiceSettings, ServiceSettingsService } from './service-settings.ts';
import { isWorkingTime } from './working-hours.ts';
import { logFailure } from '../platform/logger.ts';

export const ROUTE_JOB = 'routing.route';
export const ACCEPT_TIMEOUT_JOB = 'routing.accept-timeout';
export const QUEUE_TIMEOUT_JOB = 'routing.queue-timeout';
export const DRAIN_JOB = 'routing.drain';

/** Queue priority of a new request (0 first … 9 last); ChatBot.OnAssignHuman may change it. */
const DEFAULT_PRIORITY = 5;
/** While a process asks the business server, the request's job waits this much beyond the webhook's timeout. */
const ROUTE_RETRY_MS = 15_000;
/** While anyone waits, each app's queue is also drained this often, whatever happens. */
const DRAIN_SAFETY_MS = 30_000;
/** Sessions a drain round looks at, and assigns at most, per transaction. */
const DRAIN_SCAN = 200;
const DRAIN_BATCH = 25;

export interface RouterDeps {
  db: Db;
  events: Events;
  clock: Clock;
  runner: ConversationRunner;
  agents: AgentStates;
  settings: ServiceSettingsService;
  ratings: RatingSender;
  outbound: OutboundHttp;
  /** The app's callback secret, to sign ChatBot.OnAssignHuman like the session-event callbacks. */
  callbackSecret: (appId: number) => Promise<string | null | undefined>;
}

export const sessionKey = (session: { appId: number; sessionId: string }) => `${session.appId}:${session.sessionId}`;
export const poolOf = (session: Session): Pool => ({ groupId: session.routeGroupId, agentIds: session.routeAgentIds, skippedAgentIds: session.skippedAgentIds });
/** The job that routes a request if its after-commit step does not (a crash); `route` cancels it. */
const routeJob = (session: Session, options: HandoffOptions, requestedAt: Date | undefined, runAt: Date): JobSpec => ({
  appId: session.appId,
  kind: ROUTE_JOB,
  key: sessionKey(session),
  payload: { sessionId: session.sessionId, options, ...(requestedAt ? { requestedAt: requestedAt.toISOString() } : {}) },
  runAt,
});
/** The request time a route job carries (jobs scheduled before it did carry none: routed as of now). */
const requestedAtOf = (job: Job): Date | undefined => {
  const at = typeof job.payload.requestedAt === 'string' ? new Date(job.payload.requestedAt) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : undefined;
};
const resultOf = (session: Session, outcome?: HandoffOutcome): HandoffResult => ({
  outcome: outcome ?? (session.state === 'Queueing' ? 'queued' : HUMAN_STATES.has(session.state) ? 'assigned' : 'no-agent'),
  agentId: session.agentId,
  queued: session.state === 'Queueing',
  sessionId: session.sessionId,
});

/**
 * Human service's routing: every transfer request joins the app's queue and one drain assigns
 * the queue in order (priority, then arrival) to idle agents under capacity, least recently
 * assigned first. Decisions that add load hold the app's routing lock, so no agent goes over
 * capacity and no session is assigned twice, across any number of processes.
 */
export class HumanRouter implements HumanHandoff {
  private draining = new Map<number, { again: boolean; promise: Promise<void> }>();
  private routing = new Map<string, Promise<HandoffResult>>();

  constructor(private deps: RouterDeps) {
    const { jobs } = deps.events;
    jobs.handle(ROUTE_JOB, (job) => this.route(job.appId, String(job.payload.sessionId), (job.payload.options ?? {}) as HandoffOptions, requestedAtOf(job)).then(() => {}));
    jobs.handle(ACCEPT_TIMEOUT_JOB, (job) => this.onAcceptTimeout(job));
    jobs.handle(QUEUE_TIMEOUT_JOB, (job) => this.onQueueTimeout(job));
    jobs.handle(DRAIN_JOB, (job) => this.drain(job.appId));
    deps.agents.onIdle = (appId) => this.drain(appId);
    deps.settings.onChanged = (appId) => this.drain(appId);
  }

  // ---- the request, inside the conversation's transaction ----------------------------------------

  async request(ctx: ConversationTx, session: Session, account: Account, options: HandoffOptions): Promise<HandoffRequest> {
    const settings = await this.deps.settings.get(session.appId, ctx.tx);
    if (options.checkWorkingHours && !isWorkingTime(account.workTime, settings.calendar, ctx.now())) {
      if (options.sendPromptOutsideHours) await ctx.systemPrompt(session, promptIn(account, 'notWorkTimePrompt', session.languageTag));
      return { session, result: resultOf(session, 'closed') };
    }
    if (options.groupId && !(await this.groupExists(ctx, session.appId, options.groupId))) throw invalidParam(`AgentGroupId ${options.groupId} is not a group of this app`);
    const explicit = !!options.groupId || !!options.agentIds?.length;
    if (!explicit && options.offerGroupChoice && account.assignmentStrategy === 'choose-group') {
      const offered = await this.offerGroups(ctx, session, account);
      if (offered) return { session: offered, result: resultOf(offered, 'choose-group') };
    }
    const queued = await ctx.change(
      await disarmUserTimeout(ctx, session),
      {
        state: 'Queueing',
        queuedAt: null,
        agentId: '',
        routeGroupId: options.groupId ?? account.agentGroupId,
        routeAgentIds: (options.agentIds ?? []).map((id) => id.toLowerCase()),
        skippedAgentIds: [],
        priority: DEFAULT_PRIORITY,
        announcedPosition: 0,
        groupChoiceMsgKey: null,
      },
      { type: 'TransferringToHuman' },
    );
    await ctx.systemPrompt(queued, promptIn(account, 'transferToHumanPrompt', session.languageTag));
    // The request and its routing are two steps: routing takes the routing lock and agents' rows
    // (and may call the business server), which must not happen under this conversation's lock
    // (see drainRound). So what a crash between the two could lose is made durable here, in the
    // request's transaction: the request time, which `route` makes the session's place in the
    // queue (queuedAt), and a job due at once, which any process runs on its next poll if this
    // process's after-commit `route` never does. The customer keeps the place they asked at and is
    // routed within a poll, not after a long timer. When `route` does run, it cancels the job.
    const requestedAt = ctx.now();
    await ctx.jobs.schedule(ctx.tx, routeJob(session, options, requestedAt, requestedAt));
    return { session: queued, requestedAt };
  }

  /** Strategy "user picks a group": a src 15 branch of the offered groups (spec 01 §8.2). */
  private async offerGroups(ctx: ConversationTx, session: Session, account: Account): Promise<Session | undefined> {
    const groups = await this.groupsById(ctx, session.appId, account.displayGroupsChoices);
    if (groups.length === 0) return undefined; // every offered group was deleted: route as auto
    const branch: DeskMessage<'15'> = {
      customerServicePlugin: 0,
      src: '15',
      content: { header: promptIn(account, 'chooseSkillGroupPrompt', session.languageTag), items: groups.map((g) => ({ content: g.name, desc: '' })), tail: '' },
    };
    const { msgKey } = await ctx.writeMessage(session, { type: 'ChatBot.RobotSendMsg', from: account.accountId, role: 2, body: customBody(branch) });
    return ctx.note(session, { groupChoiceMsgKey: msgKey });
  }

  /** The user's text answers a pending group choice when it equals an option exactly (spec 02 §4.5). */
  async chooseGroup(ctx: ConversationTx, session: Session, account: Account, text: string): Promise<boolean> {
    if (!session.groupChoiceMsgKey) return false;
    const branch = await messageByKey(ctx.tx, session.appId, session.groupChoiceMsgKey);
    const offered = branch && (deskOf(branch.body)?.message as DeskMessage<'15'> | undefined);
    const choice = offered?.content.items.find((item) => item.content === text);
    if (!branch || !offered || !choice) return false;
    const groups = await this.groupsById(ctx, session.appId, account.displayGroupsChoices);
    const group = groups.find((g) => g.name === choice.content);
    if (!group) return false;
    await ctx.modifyMessage(session, branch, customBody({ ...offered, content: { ...offered.content, selected: { content: choice.content } } }));
    const options: HandoffOptions = { groupId: group.groupId, sendTipIfNoAgentOnline: true };
    const { result, requestedAt } = await this.request(ctx, await ctx.note(session, { groupChoiceMsgKey: null }), account, options);
    if (!result) ctx.afterCommit(() => this.route(session.appId, session.sessionId, options, requestedAt));
    return true;
  }

  // ---- routing, after the request committed ---------------------------------------------------------

  /**
   * Routes a request: after its commit, or from its job (a crash, or a process that polled first).
   * One run per session in this process: the job joins the after-commit run instead of asking the
   * business server a second time. Runs on two processes meet in `enqueue` under the lock.
   */
  route(appId: number, sessionId: string, options: HandoffOptions, requestedAt?: Date): Promise<HandoffResult> {
    const key = sessionKey({ appId, sessionId });
    const running = this.routing.get(key);
    if (running) return running;
    const run = this.routeOnce(appId, sessionId, options, requestedAt).finally(() => this.routing.delete(key));
    this.routing.set(key, run);
    return run;
  }

  private async routeOnce(appId: number, sessionId: string, options: HandoffOptions, requestedAt?: Date): Promise<HandoffResult> {
    const found = await this.deps.runner.findSession(appId, sessionId);
    if (!found) throw noSession(`Session ${sessionId}`);
    if (found.state !== 'Queueing' || found.queuedAt) return resultOf(found);
    const account = await this.deps.runner.accountOrDefaults(appId, found.accountId);
    const decision = await this.askIfConfigured(found, account, options, requestedAt);
    const outcome = await this.deps.runner.onSession(appId, sessionId, (ctx, session) => this.enqueue(ctx, session, account, options, decision, requestedAt), { allowEnded: true });
    if (outcome !== 'waiting') return outcome ? { outcome, agentId: '', queued: false, sessionId } : resultOf((await this.deps.runner.findSession(appId, sessionId))!);
    await this.drain(appId);
    return this.deps.runner.onSession(
      appId,
      sessionId,
      async (ctx, session) => {
        if (session.state === 'Queueing' && session.announcedPosition === 0) await this.announce(ctx, session, account, await positionOf(ctx.tx, appId, sessionId));
        return resultOf(await ctx.reread(session));
      },
      { allowEnded: true },
    );
  }

  private async askIfConfigured(session: Session, account: Account, options: HandoffOptions, requestedAt?: Date): Promise<AssignDecision | undefined> {
    const explicit = session.routeAgentIds.length > 0 || session.routeGroupId !== account.agentGroupId;
    if (explicit || account.assignmentStrategy !== 'webhook' || !account.assignedByWebhookUrl) return undefined;
    const settings = await this.deps.settings.get(session.appId);
    await this.holdRouteJob(session, options, requestedAt, settings.assignWebhookTimeout + ROUTE_RETRY_MS);
    return askBusinessServer(this.deps.outbound, this.deps.clock, {
      appId: session.appId,
      sessionId: session.sessionId,
      userId: session.userId,
      account,
      channelType: session.channelType,
      timeoutMs: settings.assignWebhookTimeout,
      secret: await this.deps.callbackSecret(session.appId).catch(() => undefined),
    });
  }

  /**
   * The business server may take its whole timeout to answer: meanwhile the request's job waits
   * (no other process's poll asks it a second time); should this process die, the job routes the
   * session then, still at its request time.
   */
  private async holdRouteJob(session: Session, options: HandoffOptions, requestedAt: Date | undefined, ms: number): Promise<void> {
    await this.deps.runner.onSession(
      session.appId,
      session.sessionId,
      async (ctx, current) => {
        if (current.state !== 'Queueing' || current.queuedAt) return; // routed or ended meanwhile: no job to keep
        await ctx.jobs.schedule(ctx.tx, routeJob(current, options, requestedAt, new Date(ctx.now().getTime() + ms)));
      },
      { allowEnded: true, quietIfMissing: true },
    );
  }

  /** Applies the business server's answer, then fails at once if nobody in the pool is online; the queue place is the request's time. */
  private async enqueue(
    ctx: ConversationTx,
    session: Session,
    account: Account,
    options: HandoffOptions,
    decision?: AssignDecision,
    requestedAt?: Date,
  ): Promise<HandoffOutcome | 'waiting' | undefined> {
    if (session.state !== 'Queueing' || session.queuedAt) return undefined;
    await ctx.jobs.cancel(ctx.tx, ROUTE_JOB, sessionKey(session));
    const sendTip = options.sendTipIfNoAgentOnline ?? false;
    if (decision?.kind === 'denied') {
      const back = await this.backToRobot(ctx, session, 'TransferToHumanDenied');
      if (sendTip) await ctx.systemPrompt(back, promptIn(account, 'transferToHumanFailPrompt', session.languageTag));
      return 'denied';
    }
    if (decision?.kind === 'assign') {
      const target = { routeGroupId: decision.groupId || session.routeGroupId, routeAgentIds: decision.agentIds, priority: decision.priority };
      session = await ctx.change(session, target, { type: 'RoutingDecisionApplied', payload: target });
    }
    if (!(await anyoneOnline(ctx.tx, session.appId, poolOf(session)))) {
      const back = await this.backToRobot(ctx, session, 'NoAgentOnline');
      if (sendTip) await ctx.systemPrompt(back, promptIn(account, 'transferToHumanFailPrompt', session.languageTag));
      return 'no-agent';
    }
    // First come, first served by the time of the request, however late its routing ran (never a future time).
    const now = ctx.now();
    await ctx.note(session, { queuedAt: requestedAt && requestedAt.getTime() <= now.getTime() ? requestedAt : now });
    const settings = await this.deps.settings.get(session.appId, ctx.tx);
    if (settings.queueTimeout > 0) {
      const runAt = new Date(ctx.now().getTime() + settings.queueTimeout * 1000);
      await ctx.jobs.schedule(ctx.tx, { appId: session.appId, kind: QUEUE_TIMEOUT_JOB, key: sessionKey(session), payload: { sessionId: session.sessionId }, runAt });
    }
    await ctx.jobs.schedule(ctx.tx, { appId: session.appId, kind: DRAIN_JOB, key: `${session.appId}`, payload: {}, runAt: new Date(ctx.now().getTime() + DRAIN_SAFETY_MS) });
    return 'waiting';
  }

  /** Routing gave up (`why`: denied by the business server, or nobody online): the robot serves again. */
  private backToRobot(ctx: ConversationTx, session: Session, why: 'TransferToHumanDenied' | 'NoAgentOnline'): Promise<Session> {
    return ctx.change(session, { state: 'Chatbot', queuedAt: null, agentId: '', routeAgentIds: [], skippedAgentIds: [], announcedPosition: 0 }, { type: why });
  }

  // ---- the queue drain -----------------------------------------------------------------------------

  /** Assigns queued sessions while agents have room. Concurrent calls in a process share one run. */
  drain(appId: number): Promise<void> {
    const running = this.draining.get(appId);
    if (running) {
      running.again = true;
      return running.promise;
    }
    const state = { again: true, promise: Promise.resolve() };
    state.promise = (async () => {
      try {
        while (state.again) {
          state.again = false;
          while ((await this.drainRound(appId)) > 0);
          await this.announcePositions(appId);
        }
        await this.keepDraining(appId);
      } finally {
        this.draining.delete(appId);
      }
    })();
    this.draining.set(appId, state);
    return state.promise;
  }

  private async drainRound(appId: number): Promise<number> {
    const accounts = new Map<string, Account>();
    return this.deps.events.log.transaction(async (tx, batch) => {
      await takeRoutingLock(tx, appId);
      const settings = await this.deps.settings.get(appId, tx);
      if (!(await anyFreeAgent(tx, appId, settings.maxConcurrent))) return 0;
      let assigned = 0;
      for (const head of await queueHead(tx, appId, DRAIN_SCAN)) {
        const ctx = new ConversationTx(tx, batch, this.deps.events, this.deps.clock);
        if (!(await ctx.tryLock(appId, head.accountId, head.userId))) continue; // its writer will drain after
        const session = await ctx.reread({ appId, sessionId: head.sessionId });
        if (session.state !== 'Queueing' || !session.queuedAt) continue;
        const agent = await pickAgent(tx, appId, poolOf(session), settings.maxConcurrent);
        if (!agent) continue;
        if (!accounts.has(session.accountId)) accounts.set(session.accountId, await this.deps.runner.accountOrDefaults(appId, session.accountId, tx));
        await this.assign(ctx, session, accounts.get(session.accountId)!, agent, settings);
        if (++assigned >= DRAIN_BATCH || !(await anyFreeAgent(tx, appId, settings.maxConcurrent))) break;
      }
      return assigned;
    });
  }

  /** Gives the session to the agent: straight into service (auto), or offered for acceptance (manual). */
  private async assign(ctx: ConversationTx, session: Session, account: Account, agent: PickedAgent, settings: ServiceSettings): Promise<void> {
    const manual = settings.receptionMode === 'manual';
    await this.deps.agents.addLoad(ctx.tx, session.appId, agent.memberId, 1, true);
    await ctx.jobs.cancel(ctx.tx, QUEUE_TIMEOUT_JOB, sessionKey(session));
    const handed = { agentId: agent.memberId, assignedAt: ctx.now(), announcedPosition: 0 };
    if (!manual) {
      const connected = await this.connect(ctx, session, account, agent.nick, handed);
      return void (await this.notifyAgent(ctx, connected, 'SessionAssigned'));
    }
    const offered = await ctx.change(session, { ...handed, state: 'WaitingForAgentAnswering' }, { type: 'SessionOfferedToAgent' });
    await this.notifyAgent(ctx, offered, 'SessionOffered');
    const runAt = new Date(ctx.now().getTime() + settings.acceptTimeout * 1000);
    await ctx.jobs.schedule(ctx.tx, {
      appId: session.appId,
      kind: ACCEPT_TIMEOUT_JOB,
      key: sessionKey(session),
      payload: { sessionId: session.sessionId, agentId: agent.memberId, assignedAt: ctx.now().toISOString() },
      runAt,
    });
  }

  /** The agent is there (with `handed`, the assignment itself): success prompt with their nickname, and the seat is in (src 26). */
  async connect(ctx: ConversationTx, session: Session, account: Account, nick: string, handed: SessionPatch = {}): Promise<Session> {
    const connected = await ctx.change(session, { ...handed, state: 'Agent', acceptedAt: ctx.now() }, { type: 'TransferToHumanSuccess', payload: { agentNick: nick } });
    await ctx.systemPrompt(connected, successPrompt(account, connected.languageTag, nick));
    await ctx.systemFlag(connected, seatStatusMessage(true));
    return connected;
  }

  /** Realtime news for the agent's workbench (its own stream; not a Desk callback event). */
  async notifyAgent(ctx: ConversationTx, session: Session, type: AgentSessionEventType, memberId = session.agentId): Promise<void> {
    const payload: AgentSessionNotice = { sessionId: session.sessionId, accountId: session.accountId, userId: session.userId, state: session.state };
    await this.deps.events.log.append(ctx.tx, ctx.batch, session.appId, agentStreamOf(memberId), type, payload);
  }

  // ---- queue positions ---------------------------------------------------------------------------

  /** Tells waiting users their new place; a conversation busy elsewhere is told on the next pass. */
  private async announcePositions(appId: number): Promise<void> {
    const changed = await changedPositions(this.deps.db, appId, 500);
    for (const entry of changed) {
      const account = await this.deps.runner.accountOrDefaults(appId, entry.accountId);
      await this.deps.runner
        .onSession(
          appId,
          entry.sessionId,
          async (ctx, session) => {
            if (session.state !== 'Queueing' || !session.queuedAt) return;
            const position = await positionOf(ctx.tx, appId, session.sessionId);
            if (position !== session.announcedPosition) await this.announce(ctx, session, account, position);
          },
          { allowEnded: true, quietIfMissing: true },
        )
        .catch(logFailure('routing', 'announcing a queue position', { appId, sessionId: entry.sessionId }));
    }
  }

  /** TransferringToHumanWait the first time, then the queue prompt with QueuePosition and WaitNo. */
  private async announce(ctx: ConversationTx, session: Session, account: Account, position: number): Promise<void> {
    if (session.announcedPosition === 0) await ctx.appendEvent(session, 'TransferringToHumanWait', { queuePosition: position });
    await ctx.systemPrompt(session, queuePrompt(account, session.languageTag, position), { queuePosition: position });
    await ctx.note(session, { announcedPosition: position });
  }

  /** While anyone waits, a durable timer drains again even if no capacity event arrives here. */
  private async keepDraining(appId: number): Promise<void> {
    const waiting = await queueHead(this.deps.db, appId, 1);
    if (waiting.length === 0) return;
    await this.deps.events.jobs.schedule(this.deps.db, { appId, kind: DRAIN_JOB, key: `${appId}`, payload: {}, runAt: new Date(this.deps.clock.now().getTime() + DRAIN_SAFETY_MS) });
  }

  // ---- reception ---------------------------------------------------------------------------------

  /** Manual reception: the agent clicks 接入. */
  async accept(appId: number, sessionId: string, memberId: string): Promise<Session> {
    return this.deps.runner.onSession(appId, sessionId, async (ctx, session, account) => {
      if (session.state !== 'WaitingForAgentAnswering' || session.agentId !== memberId) {
        throw invalidState(`Session ${sessionId} is not waiting for ${memberId} to accept it (${session.state})`);
      }
      await ctx.jobs.cancel(ctx.tx, ACCEPT_TIMEOUT_JOB, sessionKey(session));
      const connected = await this.connect(ctx, session, account, await this.nickOf(ctx, appId, memberId));
      await this.notifyAgent(ctx, connected, 'SessionAssigned');
      return connected;
    });
  }

  /** Not accepted in time: back to the queue (ahead of later arrivals), another agent, maybe rest. */
  private async onAcceptTimeout(job: Job): Promise<void> {
    const agentId = String(job.payload.agentId);
    await this.deps.runner.onSession(
      job.appId,
      String(job.payload.sessionId),
      async (ctx, session) => {
        if (session.state !== 'WaitingForAgentAnswering' || session.agentId !== agentId || session.assignedAt?.toISOString() !== job.payload.assignedAt) return;
        await this.deps.agents.addLoad(ctx.tx, session.appId, agentId, -1);
        await this.notifyAgent(ctx, session, 'SessionWithdrawn');
        const requeued = { state: 'Queueing' as const, agentId: '', assignedAt: null, skippedAgentIds: [...new Set([...session.skippedAgentIds, agentId])] };
        // The event names the agent who let the offer lapse (the row no longer does).
        await ctx.change(session, requeued, { type: 'MemberAccessTimeout', payload: { agentId } });
        const settings = await this.deps.settings.get(session.appId, ctx.tx);
        if (settings.restAfterAcceptTimeout) await this.deps.agents.setStatusIn(ctx.tx, ctx.batch, session.appId, agentId, 'rest', 'accept-timeout', 'system:accept-timeout');
        ctx.afterCommit(() => this.drain(session.appId));
      },
      { allowEnded: true, quietIfMissing: true },
    );
  }

  private async onQueueTimeout(job: Job): Promise<void> {
    await this.deps.runner.onSession(
      job.appId,
      String(job.payload.sessionId),
      async (ctx, session, account) => {
        if (session.state === 'Queueing' && session.queuedAt) await endSession(ctx, session, account, 'queueTimeout', this);
      },
      { allowEnded: true, quietIfMissing: true },
    );
  }

  // ---- members who lose access -----------------------------------------------------------------

  /**
   * A member forced offline or deleted: offline at once, and every open session of theirs goes
   * back to the queue at its old place, for someone else (customers must not wait on a person
   * who cannot log in).
   */
  async releaseMember(appId: number, memberId: string, reason: string): Promise<void> {
    await this.deps.agents.setStatus(appId, memberId, 'offline', '', `system:${reason}`);
    for (const sessionId of await heldSessionIds(this.deps.db, appId, memberId)) {
      await this.deps.runner.onSession(
        appId,
        sessionId,
        async (ctx, session, account) => {
          if (session.agentId !== memberId || !HUMAN_STATES.has(session.state) || session.state === 'Queueing') return;
          await ctx.jobs.cancel(ctx.tx, ACCEPT_TIMEOUT_JOB, sessionKey(session));
          if (!session.suspended) await this.deps.agents.addLoad(ctx.tx, appId, memberId, -1);
          await this.notifyAgent(ctx, session, 'SessionWithdrawn');
          await ctx.systemPrompt(session, promptIn(account, 'transferToHumanPrompt', session.languageTag));
          if (session.state === 'Agent') await ctx.systemFlag(session, seatStatusMessage(false));
          const requeued = {
            state: 'Queueing' as const,
            agentId: '',
            assignedAt: null,
            acceptedAt: null,
            suspended: false,
            queuedAt: session.queuedAt ?? session.startedAt,
            announcedPosition: 0,
            skippedAgentIds: [...new Set([...session.skippedAgentIds, memberId])],
          };
          await ctx.change(session, requeued, { type: 'SessionRequeued', payload: { fromAgentId: memberId, revokedBecause: reason } });
        },
        { quietIfMissing: true },
      );
    }
    await this.drain(appId);
  }

  // ---- the end of a session ---------------------------------------------------------------------------

  async ending(ctx: ConversationTx, session: Session, _reason: EndReason): Promise<void> {
    for (const kind of [ROUTE_JOB, ACCEPT_TIMEOUT_JOB, QUEUE_TIMEOUT_JOB]) await ctx.jobs.cancel(ctx.tx, kind, sessionKey(session));
    const held = session.agentId !== '' && (session.state === 'Agent' || session.state === 'WaitingForAgentAnswering');
    if (!held) {
      // Leaving the queue moves everyone behind up: the drain's pass tells them their new place.
      if (session.state === 'Queueing' && session.queuedAt) ctx.afterCommit(() => this.drain(session.appId));
      return;
    }
    // The load before the agent's stream, as a drain does: the opposite order deadlocks with it.
    if (!session.suspended) await this.deps.agents.addLoad(ctx.tx, session.appId, session.agentId, -1);
    await this.notifyAgent(ctx, session, 'SessionClosed');
    if (!session.suspended) ctx.afterCommit(() => this.drain(session.appId));
  }

  /** The rating card after the end (InvitationMethod 1, or 3 when the agent did not invite). */
  async ended(ctx: ConversationTx, session: Session): Promise<void> {
    if (!session.acceptedAt) return;
    await this.deps.ratings.afterEnd(ctx, session);
  }

  // ---- lookups -----------------------------------------------------------------------------------

  async nickOf(ctx: ConversationTx, appId: number, memberId: string): Promise<string> {
    return (await memberNicks(ctx.tx, appId, [memberId])).get(memberId) ?? memberId;
  }

  private async groupExists(ctx: ConversationTx, appId: number, groupId: number): Promise<boolean> {
    return (await this.groupsById(ctx, appId, [groupId])).length > 0;
  }

  /** Groups of the app in the order asked for; ids of other apps or deleted groups drop out. */
  private async groupsById(ctx: ConversationTx, appId: number, ids: number[]) {
    return groupsByIds(ctx.tx, appId, ids);
  }
}
