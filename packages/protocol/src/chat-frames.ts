import { z } from 'zod';
import type { MsgElement } from './session-events.ts';

// The customer chat transport (README "Customer chat protocol"): JSON text frames over one WebSocket,
// and the same shapes over the HTTP fallback. Every conversation event has a sequence number in its
// conversation (one user with one customer-service account); a client resumes by subscribing with
// the last `seq` it saw and receives every later event exactly once, replayed then live.

const id = z.string().min(1).max(128);

export const helloFrame = z.object({
  type: z.literal('hello'),
  sdkAppId: z.number().int().positive(),
  userId: id,
  userSig: z.string().min(1).max(4096),
  /** Shown to agents; app users may set them at every connect (spec 02 §8 initWithProfile). */
  nick: z.string().max(64).optional(),
  avatarUrl: z.string().max(1024).optional(),
  /** The customer's language for prompts and the robot (a language tag added to the robot). */
  languageTag: z.string().max(16).optional(),
});

export const subscribeFrame = z.object({
  type: z.literal('subscribe'),
  accountId: id,
  /** The last seq the client has; omitted or 0 replays the whole conversation. */
  after: z.number().int().min(0).optional(),
  /** Instead of `after`: only the last N events (a fresh screen that needs no deep history). */
  tail: z.number().int().min(0).max(500).optional(),
});

export const unsubscribeFrame = z.object({ type: z.literal('unsubscribe'), accountId: id });

export const sendFrame = z.object({
  type: z.literal('send'),
  /** Echoed in the ack or error, so a client can match answers to requests. */
  id: z.string().max(64).optional(),
  accountId: id,
  /** The client's message id: sending again with the same value returns the first message. */
  msgRandom: z.union([z.string().min(1).max(64), z.number().int().min(0)]).transform(String),
  body: z.array(z.unknown()).min(1),
  cloudCustomData: z.string().max(8192).optional(),
});

export const pingFrame = z.object({ type: z.literal('ping') });

export const clientFrame = z.discriminatedUnion('type', [helloFrame, subscribeFrame, unsubscribeFrame, sendFrame, pingFrame]);
export type ClientFrame = z.infer<typeof clientFrame>;
export type HelloFrame = z.infer<typeof helloFrame>;
export type SendFrame = z.infer<typeof sendFrame>;

/** One conversation event as a customer sees it. */
export interface ChatEvent {
  seq: number;
  type: string;
  /** Unix milliseconds. */
  at: number;
  sessionId: string;
  msgKey?: string;
  msgBody?: MsgElement[];
  cloudCustomData?: string;
  /** 1 the customer, 2 the service side (robot, agent, business server), 3 system prompts. */
  role?: 1 | 2 | 3;
  /** StreamChunk: the appended text and its index in the message's `chunks`. */
  chunk?: string;
  chunkIndex?: number;
  /** StreamEnd: why the stream closed. */
  reason?: 'finished' | 'timeout';
  /** TransferToHumanSuccess, AgentForward: who serves the customer now. */
  agentNick?: string;
  /** TransferringToHumanWait and queue prompts: the place in the queue (1 = next). */
  queuePosition?: number;
}

export type ServerFrame =
  | { type: 'ready'; userId: string; channelType: string; serverTime: number }
  | { type: 'subscribed'; accountId: string; after: number; head: number }
  | { type: 'event'; accountId: string; event: ChatEvent }
  /** Not stored and not replayed (onlineUserOnly): the typing indicator, src 12. */
  | { type: 'signal'; accountId: string; msgBody: MsgElement[] }
  | { type: 'ack'; id?: string; accountId: string; msgRandom: string; msgKey: string; seq: number; sessionId: string; duplicate: boolean }
  | { type: 'error'; id?: string; code: number; message: string }
  | { type: 'pong' };
