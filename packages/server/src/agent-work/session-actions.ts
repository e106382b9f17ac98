import type { Account } from '../accounts/index.ts';
import {
  invalidParam,
  invalidState,
  noSession,
  lastMessageRole,
  armUserTimeout,
  disarmUserTimeout,
  endSession,
  HUMAN_STATES,
  type ConversationRunner,
  type ConversationTx,
  type Session,
} from '../conversations/index.ts';
import type { AgentStates, HumanRouter } from '../routing/index.ts';
import type { RatingSender } from '../satisfaction/index.ts';

/** Mark is at most 200 bytes (spec 05 §3.10). */
export const MARK_MAX_BYTES = 200;

/** Who acts: an agent from the workbench (must own the session), or the app itself (REST, console). */
export interface Actor {
  memberId?: string;
}

export interface MarkInput {
  mark?: string;
  starred?: boolean;
  userTimeoutEnabled?: boolean;
}

/** The conversation service's 正在输入 signal (src 12): published to the user, never stored. */
export interface TypingSignal {
  signalTyping(appId: number, account: Account, userId: string): Promise<unknown>;
}

export interface ActionDeps {
  runner: ConversationRunner;
  router: HumanRouter;
  agents: AgentStates;
  ratings: RatingSender;
  typing: TypingSignal;
}

/**
 * What an agent (or the app through REST) does to a session in service: end, suspend and resume,
 * mark and star, the user-timeout switch, and the rating invitation.
 */
export class SessionActions {
  constructor(private deps: ActionDeps) {}

  /** end_session and the workbench's 结束会话: only sessions that reached human service (spec 05 §3.7). */
  end(appId: number, sessionId: string, actor: Actor): Promise<Session> {
    return this.onOwned(appId, sessionId, actor, (ctx, session, account) => {
      if (!HUMAN_STATES.has(session.state)) throw noSession(`Session ${sessionId} is with the robot, not human service; it`);
      return endSession(ctx, session, account, 'agent', this.deps.router);
    });
  }

  /** Suspended sessions skip the user timeout and free their place in the agent's capacity (spec 05 §3.8). */
  suspend(appId: number, sessionId: string, actor: Actor): Promise<Session> {
    return this.onOwned(appId, sessionId, actor, async (ctx, session) => {
      if (session.suspended) return session;
      // Only a session in service: one suspended earlier (robot, queue, offer) would be assigned with load yet count as suspended.
      if (session.state !== 'Agent') throw noSession(`Session ${sessionId} is ${session.state}, not in service with an agent; a session in service with that id`);
      if (this.holdsCapacity(session)) {
        await this.deps.agents.addLoad(ctx.tx, appId, session.agentId, -1);
        ctx.afterCommit(() => this.deps.router.drain(appId));
      }
      return ctx.change(await disarmUserTimeout(ctx, session), { suspended: true }, { type: 'SessionSuspended' });
    });
  }

  /** Counted again in the agent's capacity, even beyond it (spec 05 §3.9); the countdown restarts. */
  unsuspend(appId: number, sessionId: string, actor: Actor): Promise<Session> {
    return this.onOwned(appId, sessionId, actor, async (ctx, session, account) => {
      if (!session.suspended) return session;
      if (this.holdsCapacity(session)) await this.deps.agents.addLoad(ctx.tx, appId, session.agentId, 1);
      const resumed = await ctx.change(session, { suspended: false }, { type: 'SessionUnsuspended' });
      return (await this.serviceSpokeLast(ctx, resumed)) ? armUserTimeout(ctx, resumed, account) : resumed;
    });
  }

  /** mark_session: omitted fields stay as they are. */
  mark(appId: number, sessionId: string, input: MarkInput, actor: Actor): Promise<Session> {
    if (input.mark !== undefined && Buffer.byteLength(input.mark, 'utf8') > MARK_MAX_BYTES) {
      throw invalidParam(`Mark is ${Buffer.byteLength(input.mark, 'utf8')} bytes; at most ${MARK_MAX_BYTES} bytes are allowed`);
    }
    return this.onOwned(appId, sessionId, actor, async (ctx, session, account) => {
      const patch = {
        ...(input.mark !== undefined && input.mark !== session.mark ? { mark: input.mark } : {}),
        ...(input.starred !== undefined && input.starred !== session.starred ? { starred: input.starred } : {}),
        ...(input.userTimeoutEnabled !== undefined && input.userTimeoutEnabled !== session.userTimeoutEnabled ? { userTimeoutEnabled: input.userTimeoutEnabled } : {}),
      };
      // Only what differs is a change; nothing to change writes no event.
      let marked = Object.keys(patch).length ? await ctx.change(session, patch, { type: 'SessionMarked', payload: patch }) : session;
      if (input.userTimeoutEnabled === false) marked = await disarmUserTimeout(ctx, marked);
      if (input.userTimeoutEnabled === true && !marked.timeoutAt && (await this.serviceSpokeLast(ctx, marked))) marked = await armUserTimeout(ctx, marked, account);
      return marked;
    });
  }

  /** 满意度评价: the agent sends the rating card now (InvitationMethod 2 or 3). */
  inviteRating(appId: number, sessionId: string, actor: Actor): Promise<Session> {
    return this.onOwned(appId, sessionId, actor, (ctx, session) => this.deps.ratings.invite(ctx, session));
  }

  /**
   * 正在输入 from the workbench: only on a session in service with this agent (an offered one must be
   * accepted first). A signal, never stored, so no conversation lock is taken.
   */
  async typing(appId: number, sessionId: string, memberId: string): Promise<void> {
    const session = await this.deps.runner.findSession(appId, sessionId);
    if (!session || session.agentId !== memberId || (session.state !== 'Agent' && session.state !== 'WaitingForAgentAnswering')) throw noSession(`Session ${sessionId} of yours`);
    if (session.state !== 'Agent') throw invalidState(`Session ${sessionId} is waiting to be accepted; accept it first`);
    await this.deps.typing.signalTyping(appId, await this.deps.runner.accountOrDefaults(appId, session.accountId), session.userId);
  }

  /** Manual reception's 接入. */
  accept(appId: number, sessionId: string, memberId: string): Promise<Session> {
    return this.deps.router.accept(appId, sessionId, memberId);
  }

  private holdsCapacity(session: Session): boolean {
    return session.agentId !== '' && (session.state === 'Agent' || session.state === 'WaitingForAgentAnswering');
  }

  /** Whether the user owes an answer: the last message in the session came from the service side. */
  private async serviceSpokeLast(ctx: ConversationTx, session: Session): Promise<boolean> {
    const role = await lastMessageRole(ctx.tx, session.appId, session.sessionId);
    return role !== undefined && role !== 1;
  }

  /** Runs on an open session; an agent may act only on a session that is theirs. */
  private onOwned<T>(appId: number, sessionId: string, actor: Actor, work: (ctx: ConversationTx, session: Session, account: Account) => Promise<T>): Promise<T> {
    return this.deps.runner.onSession(appId, sessionId, (ctx, session, account) => {
      if (actor.memberId && session.agentId !== actor.memberId) throw noSession(`Session ${sessionId} of yours`);
      return work(ctx, session, account);
    });
  }
}
