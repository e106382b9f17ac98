import { and, eq } from 'drizzle-orm';
import type { ConversationRunner } from '../conversations/conversation-runner.ts';
import type { ConversationTx, Session } from '../conversations/conversation-tx.ts';
import { noSession } from '../conversations/errors.ts';
import type { DbOrTx } from '../platform/db.ts';
import { anyoneOnline, pickAgent, type PickedAgent, type Pool } from '../routing/agent-picker.ts';
import type { AgentStates } from '../routing/agent-states.ts';
import { RoutingCodes, routingError } from '../routing/errors.ts';
import { ACCEPT_TIMEOUT_JOB, sessionKey, type HumanRouter } from '../routing/human-router.ts';
import { successPrompt } from '../routing/prompts.ts';
import { takeRoutingLock } from '../routing/routing-lock.ts';
import { agentStates } from '../routing/schema.ts';
import type { ServiceSettingsService } from '../routing/service-settings.ts';
import { agentGroups, members } from '../team/schema.ts';
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
    const moved = await ctx.update(session, {
      agentId: next.memberId,
      state: 'Agent',
      assignedAt: ctx.now(),
      acceptedAt: ctx.now(),
      ...(groupId ? { agentGroupId: groupId } : {}),
    });
    await ctx.appendEvent(moved, 'AgentForward', { forwardFromAgentId: from, agentNick: next.nick });
    await ctx.systemPrompt(moved, successPrompt(account, moved.languageTag, next.nick));
    await this.deps.router.notifyAgent(ctx, moved, 'SessionAssigned');
    ctx.afterCommit(() => this.deps.router.drain(session.appId));
    return moved;
  }
}

export async function groupExists(tx: DbOrTx, appId: number, groupId: number): Promise<boolean> {
  const [row] = await tx.select({ id: agentGroups.groupId }).from(agentGroups).where(and(eq(agentGroups.appId, appId), eq(agentGroups.groupId, groupId)));
  return !!row;
}

/** A live agent's status, load and capacity, or undefined if the id is not an agent of the app. */
export async function agentCandidate(tx: DbOrTx, appId: number, memberId: string, defaultCapacity: number): Promise<AgentCandidate | undefined> {
  const [member] = await tx.select().from(members).where(and(eq(members.appId, appId), eq(members.memberId, memberId)));
  if (!member || member.deletedAt || member.loginDisabled || !(member.roles.includes('staff') || member.roles.includes('super_admin'))) return undefined;
  const [state] = await tx.select().from(agentStates).where(and(eq(agentStates.appId, appId), eq(agentStates.memberId, memberId)));
  return { memberId, nick: member.nick, status: state?.status ?? 'offline', load: state?.load ?? 0, capacity: member.maxConcurrent ?? defaultCapacity };
}
