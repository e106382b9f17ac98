import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { workbenchClientFrame, type AgentStreamEventType, type StreamEvent, type WorkbenchClientFrame, type WorkbenchServerFrame } from '@parley/protocol';
import { z } from 'zod';
import { streamOf } from '../../conversations/index.ts';
import type { StoredEvent, StreamFollower } from '../../events/index.ts';
import { findJsonProblem } from '../../platform/json-guard.ts';
import { agentStreamOf } from '../../routing/index.ts';
import type { Services } from '../../services.ts';
import { hasWorkbenchAccess } from '../../team/index.ts';
import { closeSocket, sendFrame } from '../chat/chat-socket.ts';
import { keepAlive } from '../chat/plugin.ts';
import { loginCredentialOf } from './auth.ts';
import { sendError } from './errors.ts';

// The workbench's realtime channel (`GET /api/workbench/ws`): the agent's own stream (assignments,
// offers, status changes, internal messages) and the conversations of the agent's open sessions.

/** Agent-stream events that put a session in the agent's hands, and those that take it away. */
const FOLLOW_ON: ReadonlySet<string> = new Set<AgentStreamEventType>(['SessionAssigned', 'SessionOffered']);
const LEAVE_ON: ReadonlySet<string> = new Set<AgentStreamEventType>(['SessionClosed', 'SessionTransferredAway', 'SessionWithdrawn']);
/** Signs of life closer together than this are not written again (client pings can be frequent). */
const HEARTBEAT_EVERY_MS = 10_000;
const RESUME_MAX = 200;
const BAD_FRAME = 90001;

const socketQuery = z.object({
  /** The last agent-stream seq the client saw; without it, only what happens from now on. */
  after: z.coerce.number().int().min(0).optional(),
  /** `sessionId:seq,…`: where to resume each conversation; others replay from the session's start. */
  resume: z
    .string()
    .max(RESUME_MAX * 100)
    .optional()
    .transform((value, ctx) => {
      const cursors = new Map<string, number>();
      for (const part of value ? value.split(',') : []) {
        const match = /^([^:,]{1,128}):(\d{1,15})$/.exec(part);
        if (!match) {
          ctx.addIssue({ code: 'custom', message: `resume entries are sessionId:seq (got ${JSON.stringify(part.slice(0, 140))})` });
          return z.NEVER;
        }
        cursors.set(match[1], Number(match[2]));
      }
      if (cursors.size > RESUME_MAX) ctx.addIssue({ code: 'custom', message: `resume names at most ${RESUME_MAX} sessions` });
      return cursors;
    }),
});

interface Followed {
  follower: StreamFollower;
  streamId: string;
  /** Set when the session left the agent: delivery stops once the conversation reaches this seq. */
  stopAt?: number;
}

/** Registered behind authenticate + requireWorkbench: a logged-in member's browser only. */
export async function workbenchSocketRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const cursorsOf = new WeakMap<FastifyRequest, z.infer<typeof socketQuery>>();
  // Checked before the upgrade, so a bad query is an HTTP 400 rather than a socket that closes at once.
  const parseCursors = async (request: FastifyRequest) => void cursorsOf.set(request, socketQuery.parse(request.query));
  app.get('/workbench/ws', { websocket: true, preHandler: [sameOrigin(services), agentOnly, parseCursors] }, (socket, request) => {
    const { app: caller, memberId } = request.caller!;
    const cursors = cursorsOf.get(request)!;
    const agent = new WorkbenchSocket(socket, services, request.log, { appId: caller.sdkAppId, memberId: memberId!, token: loginCredentialOf(request)?.token });
    keepAlive(socket);
    socket.on('pong', () => void agent.alive());
    void agent.start(cursors.after, cursors.resume ?? new Map());
  });
}

/**
 * Browsers send cookies on cross-site WebSocket upgrades, and CORS does not apply to them: a page
 * elsewhere could open an agent's socket. Only pages of this site (or PUBLIC_URL) may.
 */
function sameOrigin(services: Services) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (origin === undefined) return; // not a browser: no ambient cookie to abuse
    const allowed = new Set([request.host]);
    if (services.config.publicUrl) allowed.add(hostOf(services.config.publicUrl));
    if (!allowed.has(hostOf(origin))) return sendError(reply, 403, 'forbidden', `Origin ${origin} may not open this workbench's socket`);
  };
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
};

async function agentOnly(request: FastifyRequest, reply: FastifyReply) {
  if (!request.caller?.memberId) return sendError(reply, 403, 'forbidden', 'The workbench socket belongs to a logged-in agent; log in as a member');
}

/**
 * One agent's socket. On open it follows the agent's stream from the client's cursor and the
 * conversation of each open session; a SessionAssigned or SessionOffered adds a conversation, a
 * SessionClosed, SessionTransferredAway or SessionWithdrawn ends it once its last events are out.
 * Closing does not take the agent offline: presence does, after 90 s without a sign of life.
 */
export class WorkbenchSocket {
  private agentFollower?: StreamFollower;
  private followed = new Map<string, Followed>();
  private disposed = false;
  private lastBeat = -Infinity;

  constructor(
    private socket: WebSocket,
    private services: Services,
    private log: FastifyBaseLogger,
    private who: { appId: number; memberId: string; token?: string },
  ) {
    socket.on('message', (data, isBinary) => this.onMessage(isBinary ? undefined : data.toString()));
    socket.on('close', () => this.dispose());
    socket.on('error', () => this.dispose());
  }

  async start(after: number | undefined, resume: Map<string, number>): Promise<void> {
    try {
      const { appId, memberId } = this.who;
      await this.heartbeat(true);
      const stream = agentStreamOf(memberId);
      const head = await this.services.events.log.lastSeq(appId, stream);
      const open = await this.services.agentWork.queries.openSessionsOf(appId, memberId);
      const from = Math.min(after ?? head, head);
      this.send({ type: 'ready', memberId, after: from, head, sessions: open });
      for (const session of open) await this.follow(session.sessionId, resume.get(session.sessionId));
      if (this.disposed) return;
      this.agentFollower = this.services.events.follow(appId, stream, from, (event) => this.onAgentEvent(event));
      await this.agentFollower.start();
      if (this.disposed) this.agentFollower.stop();
    } catch (error) {
      this.log.error({ err: error }, 'workbench socket failed to start');
      this.close(1011, 'internal error; reconnect');
    }
  }

  /** A pong to the server's ping: a sign of life, and a check that the login still stands. */
  async alive(): Promise<void> {
    if (this.who.token) {
      const login = await this.services.team.auth.authenticate(this.who.token).catch(() => 'unknown' as const);
      if (!login) return this.close(4401, 'logged out or access revoked');
      if (login !== 'unknown' && !hasWorkbenchAccess(login.member.roles)) return this.close(4403, 'the workbench needs the staff role');
    }
    await this.heartbeat();
  }

  private async onAgentEvent(event: StoredEvent): Promise<void> {
    this.send({ type: 'agent', event: frameEvent(event) });
    const sessionId = String(event.payload.sessionId ?? '');
    if (!sessionId) return;
    if (FOLLOW_ON.has(event.type)) await this.follow(sessionId);
    else if (LEAVE_ON.has(event.type)) await this.leave(sessionId);
  }

  /** Follows one session's conversation: from the client's cursor, else from the session's first event. */
  private async follow(sessionId: string, after?: number): Promise<void> {
    const current = this.followed.get(sessionId);
    if (current) return void (current.stopAt = undefined); // assigned again (offer accepted, transferred back)
    const { appId, memberId } = this.who;
    const session = await this.services.conversations.runner.findSession(appId, sessionId);
    // A replayed assignment of a session that has moved on since: nothing to follow.
    if (!session || session.agentId !== memberId || (session.state !== 'Agent' && session.state !== 'WaitingForAgentAnswering')) return;
    const streamId = streamOf(session.accountId, session.userId);
    const from = after ?? ((await this.services.agentWork.queries.firstSeqOf(appId, streamId, sessionId)) ?? 1) - 1;
    if (this.disposed || this.followed.has(sessionId)) return;
    const entry: Followed = { streamId, follower: this.services.events.follow(appId, streamId, from, (event) => this.onConversationEvent(sessionId, entry, event)) };
    this.followed.set(sessionId, entry);
    await entry.follower.start();
  }

  private onConversationEvent(sessionId: string, entry: Followed, event: StoredEvent): void {
    // A conversation holds every session of the user with the account; only this one is the agent's.
    if (event.payload.sessionId === sessionId) this.send({ type: 'conversation', sessionId, event: frameEvent(event) });
    if (entry.stopAt !== undefined && event.seq >= entry.stopAt) this.unfollow(sessionId);
  }

  /**
   * The session left the agent. The conversation's events written with that change (the end
   * prompt, SessionEnd, the rating card) may not have arrived yet: stop once they have.
   */
  private async leave(sessionId: string): Promise<void> {
    const entry = this.followed.get(sessionId);
    if (!entry) return;
    const head = await this.services.events.log.lastSeq(this.who.appId, entry.streamId);
    if (entry.follower.position >= head) this.unfollow(sessionId);
    else entry.stopAt = head;
  }

  private unfollow(sessionId: string): void {
    this.followed.get(sessionId)?.follower.stop();
    this.followed.delete(sessionId);
  }

  private async onMessage(raw: string | undefined): Promise<void> {
    const frame = parseFrame(raw);
    if (frame?.type !== 'ping') return this.send({ type: 'error', code: BAD_FRAME, message: 'Frames are JSON objects; the only one a workbench sends is {"type":"ping"}' });
    this.send({ type: 'pong' });
    await this.heartbeat();
  }

  private async heartbeat(force = false): Promise<void> {
    const now = this.services.clock.now().getTime();
    if (!force && now - this.lastBeat < HEARTBEAT_EVERY_MS) return;
    this.lastBeat = now;
    await this.services.routing.agents.heartbeat(this.who.appId, this.who.memberId).catch((error) => this.log.warn({ err: error }, 'workbench heartbeat failed'));
  }

  private send(frame: WorkbenchServerFrame): void {
    sendFrame(this.socket, frame, () => this.close(1013, 'client too slow; reconnect with your last seqs'));
  }

  private close(code: number, reason: string): void {
    this.dispose();
    closeSocket(this.socket, code, reason);
  }

  private dispose(): void {
    this.disposed = true;
    this.agentFollower?.stop();
    for (const sessionId of [...this.followed.keys()]) this.unfollow(sessionId);
  }
}

/** What the workbench sees of a log row: everything, agent ids included (it is the service side). */
const frameEvent = (event: StoredEvent): StreamEvent => ({ seq: event.seq, type: event.type, at: event.at.getTime(), payload: event.payload });

function parseFrame(raw: string | undefined): WorkbenchClientFrame | undefined {
  if (raw === undefined) return undefined;
  try {
    const value = JSON.parse(raw) as unknown;
    if (findJsonProblem(value)) return undefined; // NUL, lone surrogates, deep nesting
    const frame = workbenchClientFrame.safeParse(value);
    return frame.success ? frame.data : undefined;
  } catch {
    return undefined;
  }
}
