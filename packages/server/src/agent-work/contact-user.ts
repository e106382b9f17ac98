import { seatStatusMessage } from '@parley/protocol';
import { HUMAN_STATES, anySessionChannel, type ConversationRunner, type ConversationTx, type Session } from '../conversations/index.ts';
import { customerOf } from '../customers/index.ts';
import type { DbOrTx } from '../platform/db.ts';
import { anyoneOnline, pickAgent, RoutingCodes, routingError, takeRoutingLock, type PickedAgent, type AgentStates, type HumanRouter, type ServiceSettingsService } from '../routing/index.ts';
import { groupExists } from '../team/index.ts';
import { agentCandidate } from './transfer.ts';

export interface ContactInput {
  accountId: string;
  userId: string;
  memberId?: string;
  groupId?: number;
}

export interface ContactDeps {
  runner: ConversationRunner;
  router: HumanRouter;
  agents: AgentStates;
  settings: ServiceSettingsService;
}

/**
 * contact_user and 员工主动联系用户 (spec 05 §3.3, 03 §1.9): an agent starts a human session with a
 * known user. The session is marked IsContactUser and goes straight into the agent's service.
 */
export class ContactUser {
  constructor(private deps: ContactDeps) {}

  async contact(appId: number, input: ContactInput): Promise<{ memberId: string; sessionId: string }> {
    const settings = await this.deps.settings.get(appId);
    if (!settings.contactUserEnabled) throw routingError(RoutingCodes.contactUserOff, 'Contacting users is turned off for this app');
    const account = await this.deps.runner.requireAccount(appId, input.accountId);
    const customer = await this.knownUser(appId, input.userId);
    return this.deps.runner.run(appId, account.accountId, input.userId, async (ctx) => {
      const open = await ctx.openSession(appId, account.accountId, input.userId);
      if (open && HUMAN_STATES.has(open.state)) throw routingError(RoutingCodes.alreadyWithHuman, `${input.userId} is already in a human session (${open.sessionId})`);
      if (input.groupId && !(await groupExists(ctx.tx, appId, input.groupId))) throw routingError(RoutingCodes.contactBadGroup, `Group ${input.groupId} does not exist in this app`);
      await takeRoutingLock(ctx.tx, appId);
      const agent = input.memberId
        ? await this.namedAgent(ctx.tx, appId, input.memberId.toLowerCase(), settings.maxConcurrent)
        : await this.anyAgent(ctx.tx, appId, input.groupId ?? 0, settings.maxConcurrent);
      const session = open ?? (await ctx.createSession(account, input.userId, customer.channelType, '', { isContactUser: true }));
      await this.start(ctx, session, agent);
      return { memberId: agent.memberId, sessionId: session.sessionId };
    });
  }

  /** Users the app has seen: a customer record or an earlier session (141015 otherwise). */
  private async knownUser(appId: number, userId: string): Promise<{ channelType: 'SDK' | 'Web(H5)' }> {
    const db = this.deps.runner.deps.db;
    const customer = await customerOf(db, appId, userId);
    if (customer) return { channelType: customer.channelType };
    const seen = await anySessionChannel(db, appId, userId);
    if (seen) return { channelType: seen };
    throw routingError(RoutingCodes.unknownUser, `User ${userId} does not exist in this app`);
  }

  private async namedAgent(tx: DbOrTx, appId: number, memberId: string, defaultCapacity: number): Promise<PickedAgent> {
    const agent = await agentCandidate(tx, appId, memberId, defaultCapacity);
    if (!agent) throw routingError(RoutingCodes.invalidParam, `MemberId ${memberId} is not an agent of this app`);
    if (agent.status === 'offline') throw routingError(RoutingCodes.agentOffline, `${memberId} is not online`);
    if (agent.status === 'rest') throw routingError(RoutingCodes.agentResting, `${memberId} is on a break; retry when they are available`);
    if (agent.load >= agent.capacity) throw routingError(RoutingCodes.agentFull, `${memberId} is serving ${agent.load} of ${agent.capacity} sessions`);
    return agent;
  }

  private async anyAgent(tx: DbOrTx, appId: number, groupId: number, defaultCapacity: number): Promise<PickedAgent> {
    const pool = { groupId, agentIds: [], skippedAgentIds: [] };
    const agent = await pickAgent(tx, appId, pool, defaultCapacity);
    if (agent) return agent;
    if (!(await anyoneOnline(tx, appId, pool))) throw routingError(RoutingCodes.noAgentOnline, 'No agent is online');
    throw routingError(RoutingCodes.contactNoAgent, 'No online agent is free to take the session');
  }

  /** Straight into the agent's service; an open robot session becomes a contact session too (IsContactUser). */
  private async start(ctx: ConversationTx, session: Session, agent: PickedAgent): Promise<void> {
    await this.deps.agents.addLoad(ctx.tx, session.appId, agent.memberId, 1, true);
    const taken = { isContactUser: true, state: 'Agent' as const, agentId: agent.memberId, assignedAt: ctx.now(), acceptedAt: ctx.now(), queuedAt: null };
    const started = await ctx.change(session, taken, { type: 'TransferToHumanSuccess', payload: { agentNick: agent.nick } });
    await ctx.systemFlag(started, seatStatusMessage(true));
    await this.deps.router.notifyAgent(ctx, started, 'SessionAssigned');
  }
}
