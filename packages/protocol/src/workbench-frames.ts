import { z } from 'zod';
import type { SessionEventPayload, SessionEventType } from './session-events.ts';
import type { AgentStatus, SessionState } from './workbench-api.ts';

// The workbench socket (`GET /api/workbench/ws`): what the server sends an agent's browser, and the
// one frame the browser sends. The server builds frames with these types; the workbench reads them.

/** Events of an agent's own stream (`agent:<memberId>`): not Desk callback events, never seen by customers. */
export const AGENT_STREAM_EVENTS = [
  /** The session is the agent's, in service (auto reception, an accepted offer, a transfer, contact_user). */
  'SessionAssigned',
  /** Manual reception: the session waits for the agent to accept it. */
  'SessionOffered',
  /** Transferred to another agent. */
  'SessionTransferredAway',
  /** Taken back: the offer lapsed, or the agent lost access. */
  'SessionWithdrawn',
  /** The session ended. */
  'SessionClosed',
  'AgentStatusChanged',
  /** A message between members (员工内部会话). */
  'InternalMessage',
] as const;
export type AgentStreamEventType = (typeof AGENT_STREAM_EVENTS)[number];
export type AgentSessionEventType = Exclude<AgentStreamEventType, 'AgentStatusChanged' | 'InternalMessage'>;

const sessionState = z.enum(['Chatbot', 'Queueing', 'WaitingForAgentAnswering', 'Agent', 'Ended'] as const satisfies readonly SessionState[]);

/** The payload of the agent-stream events about one session. */
export const agentSessionNotice = z.object({ sessionId: z.string(), accountId: z.string(), userId: z.string(), state: sessionState });
export type AgentSessionNotice = z.infer<typeof agentSessionNotice>;

/** AgentStatusChanged's payload. */
export interface AgentStatusNotice {
  memberId: string;
  status: AgentStatus;
  restReason: string;
  /** The member, an admin, or `system:<why>`. */
  changedBy: string;
}

/** One log row as the workbench sees it: the whole payload (the service side may see agent ids). */
export interface StreamEvent<Type extends string = string, Payload extends object = Record<string, unknown>> {
  seq: number;
  type: Type;
  /** Unix milliseconds. */
  at: number;
  payload: Payload;
}

/** A conversation event of one of the agent's sessions. */
export type ConversationStreamEvent = StreamEvent<SessionEventType | (string & {}), Partial<SessionEventPayload> & Record<string, unknown>>;

export const streamEvent = z.object({ seq: z.number().int().min(1), type: z.string().min(1), at: z.number(), payload: z.record(z.string(), z.unknown()) });

const openSession = z.object({ sessionId: z.string(), accountId: z.string().optional(), userId: z.string().optional(), state: sessionState });

/** What the server sends: zod schemas, so tests (and any client that wants to) can check frames. */
export const workbenchServerFrame = z.discriminatedUnion('type', [
  /** Sent once on open: the agent's stream cursor (`after`), its head, and the sessions the agent holds. */
  z.object({ type: z.literal('ready'), memberId: z.string(), after: z.number().int().min(0), head: z.number().int().min(0), sessions: z.array(openSession) }),
  z.object({ type: z.literal('agent'), event: streamEvent }),
  z.object({ type: z.literal('conversation'), sessionId: z.string(), event: streamEvent }),
  z.object({ type: z.literal('pong') }),
  z.object({ type: z.literal('error'), code: z.union([z.number(), z.string()]), message: z.string() }),
]);
export type WorkbenchServerFrame = z.infer<typeof workbenchServerFrame>;

/** The only frame a workbench sends: a ping (a sign of life that keeps the agent online). */
export const workbenchClientFrame = z.discriminatedUnion('type', [z.object({ type: z.literal('ping') })]);
export type WorkbenchClientFrame = z.infer<typeof workbenchClientFrame>;
