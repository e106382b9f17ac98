import { noSession, type ConversationRunner, type ConversationTx, type Session } from '../conversations/index.ts';
import type { DbOrTx } from '../platform/db.ts';
import {
  anyoneOnline,
  pickAgent,
  RoutingCodes,
  routingError,
  ACCEPT_TIMEOUT_JOB,
  sessionKey,
  successPrompt,
  agentStateOf,
  takeRoutingLock,
  type PickedAgent,
  type Pool,
  type AgentStates,
  type HumanRouter,
  type ServiceSettingsService,
} from '../routing/index.ts';
import { groupExists, memberRow } from '../team/index.ts';
import type { Actor } from './session-actions.ts';

export interface TransferTarget {
  memberId?: string;
  groupId?: number;
}

export interface TransferDeps {
  runner: ConversationRunner;
  router: HumanRouter;
  agents: AgentStates;
  settings: ServiceSettingsService;
}

/** A member who can take sessions, with what routing needs to judge them. */
export interface AgentCandidate extends PickedAgent {
  status: string;
  load: number;
  capacity: number;
}

/**
 * 会话转接 and transfer_session (spec 03 §1.7, 05 §3.2): to a member, who must be online and have
 * room, or to a group, whose idle agent with room is picked as routing would. The session goes
 * straight into the new agent's service; AgentForward names both agents.
 */
export class SessionTransfer {
  constructor(private deps: TransferDeps) {}

  async transfer(appId: number, sessionId: string, target: TransferTarget, actor: Actor): Promise<Session> {
    return this.deps.runner.onSession(appId, sessionId, async (ctx, session, account) => {
      if (actor.memberId && session.agentId !== actor.memberId) throw noSession(`Session ${sessionId} of yours`);
      if (session.state !== 'Agent' && session.state !== 'WaitingForAgentAnswering') {
        throw routingError(RoutingCodes.invalidState, `Session ${sessionId} cannot be transferred while ${session.state}; only sessions with an agent can`);
      }
      if (target.groupId && !(await groupExists(ctx.tx, appId, target.groupId))) throw routingError(RoutingCodes.badGroup, `Group ${target.groupId} does not exist in this app`);
      await takeRoutingLock(ctx.tx, appId);
      const settings = await this.deps.settings.get(appId, ctx.tx);
      const next = target.memberId
        ? await this.namedAgent(ctx.tx, appId, target.memberId.toLowerCase(), session, settings.maxConcurrent)
        : await this.agentOfGroup(ctx.tx, appId, target.groupId ?? 0, session, settings.maxConcurrent);
      return this.handOver(ctx, session, next, account, target.groupId);
    });
  }

  private async namedAgent(tx: DbOrTx, appId: number, memberId: string, session: Session, defaultCapacity: number): Promise<PickedAgent> {
    if (memberId === session.agentId) throw routingError(RoutingCodes.transferToSelf, `Session ${session.sessionId} is already with ${memberId}`);
    const agent = await agentCandidate(tx, appId, memberId, defaultCapacity);
    if (!agent) throw routingError(RoutingCodes.invalidParam, `MemberId ${memberId} is not an agent of this app`);
    if (agent.status === 'offline') throw routingError(RoutingCodes.noAgentOnline, `${memberId} is not online`);
    if (agent.load >= agent.capacity) throw routingError(RoutingCodes.allAgentsBusy, `${memberId} is serving ${agent.load} of ${agent.capacity} sessions`);
    return agent;
  }

  private async agentOfGroup(tx: DbOrTx, appId: number, groupId: number, session: Session, defaultCapacity: number): Promise<PickedAgent> {
    const pool: Pool = { groupId, agentIds: [], skippedAgentIds: [session.agentId] };
    const agent = await pickAgent(tx, appId, pool, defaultCapacity);
    if (agent) return agent;
    const where = groupId ? `in group ${groupId}` : 'in this app';
    if (!(await anyoneOnline(tx, appId, pool))) throw routingError(RoutingCodes.noAgentOnline, `No other agent ${where} is online`);
    throw routingError(RoutingCodes.allAgentsBusy, `Every other online agent ${where} is busy, resting or full`);
  }

  private async handOver(ctx: ConversationTx, session: Session, next: PickedAgent, account: Parameters<typeof successPrompt>[0], groupId?: number): Promise<Session> {
    const from = session.agentId;
    if (!session.suspended) {
      await this.deps.agents.addLoad(ctx.tx, session.appId, from, -1);
      await this.deps.agents.addLoad(ctx.tx, session.appId, next.memberId, 1, true);
    }
    await ctx.jobs.cancel(ctx.tx, ACCEPT_TIMEOUT_JOB, sessionKey(session));
    await this.deps.router.notifyAgent(ctx, session, 'SessionTransferredAway', from);
    const handedOver = { agentId: next.memberId, state: 'Agent' as const, assignedAt: ctx.now(), acceptedAt: ctx.now(), ...(groupId ? { agentGroupId: groupId } : {}) };
    const moved = await ctx.change(session, handedOver, { type: 'AgentForward', payload: { forwardFromAgentId: from, agentNick: next.nick } });
    await ctx.systemPrompt(moved, successPrompt(account, moved.languageTag, next.nick));
    await this.deps.router.notifyAgent(ctx, moved, 'SessionAssigned');
    ctx.afterCommit(() => this.deps.router.drain(session.appId));
    return moved;
  }
}

/** A live agent's status, load and capacity, or undefined if the id is not an agent of the app. */
export async function agentCandidate(tx: DbOrTx, appId: number, memberId: string, defaultCapacity: number): Promise<AgentCandidate | undefined> {
  const member = await memberRow(tx, appId, memberId);
  if (!member || member.deletedAt || member.loginDisabled || !(member.roles.includes('staff') || member.roles.includes('super_admin'))) return undefined;
  const state = await agentStateOf(tx, appId, memberId);
  return { memberId, nick: member.nick, status: state?.status ?? 'offline', load: state?.load ?? 0, capacity: member.maxConcurrent ?? defaultCapacity };
}
