import { z } from 'zod';
import type { Account } from '../accounts/index.ts';
import { signPayload } from '../callbacks/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { OutboundHttp } from '../platform/http-out.ts';

export const ASSIGN_COMMAND = 'ChatBot.OnAssignHuman';

/** What the business server decided (spec 05 §7.1); `fallback` when it could not be asked. */
export type AssignDecision = { kind: 'assign'; groupId: number; agentIds: string[]; priority: number } | { kind: 'denied' } | { kind: 'fallback'; reason: string };

const answerSchema = z.looseObject({
  ActionStatus: z.string(),
  ErrorCode: z.number().int(),
  ErrorInfo: z.string().optional(),
  AgentGroupId: z.number().int().min(0).optional(),
  AgentIdList: z.array(z.string().max(200)).max(100).optional(),
  Priority: z.number().int().min(0).max(9).optional(),
  AgentTransferDenied: z.union([z.literal(0), z.literal(1)]).optional(),
});

export interface AssignRequest {
  appId: number;
  sessionId: string;
  userId: string;
  account: Account;
  channelType: string;
  timeoutMs: number;
  /** The app's callback secret: the request is signed like session-event callbacks when set. */
  secret?: string | null;
}

/**
 * Asks the business server whom to assign. Slow, failing or malformed answers fall back to auto
 * assignment: a customer must never be stuck because a webhook is down.
 */
export async function askBusinessServer(outbound: OutboundHttp, clock: Clock, input: AssignRequest): Promise<AssignDecision> {
  const body = JSON.stringify({
    CallbackCommand: ASSIGN_COMMAND,
    SessionId: input.sessionId,
    ClientUserId: input.userId,
    // Present only for SDK integrations (spec 05 §7.1).
    ...(input.channelType === 'SDK' ? { CustomerServiceId: input.account.accountId } : {}),
    EventTime: clock.now().getTime(),
  });
  const timestamp = String(Math.floor(clock.now().getTime() / 1000));
  const headers: Record<string, string> = input.secret ? { 'x-parley-timestamp': timestamp, 'x-parley-signature': signPayload(input.secret, timestamp, body) } : {};
  try {
    const response = await outbound.postJson(assignUrl(input.account.assignedByWebhookUrl, input.appId), body, headers, input.timeoutMs);
    if (response.status < 200 || response.status >= 300) return { kind: 'fallback', reason: `HTTP ${response.status}` };
    return decisionOf(response.body);
  } catch (error) {
    return { kind: 'fallback', reason: (error as Error).message };
  }
}

function decisionOf(text: string): AssignDecision {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'fallback', reason: 'the answer is not JSON' };
  }
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) return { kind: 'fallback', reason: `malformed answer: ${parsed.error.issues[0]?.message}` };
  const answer = parsed.data;
  if (answer.ActionStatus !== 'OK' || answer.ErrorCode !== 0) return { kind: 'fallback', reason: `ErrorCode ${answer.ErrorCode} ${answer.ErrorInfo ?? ''}`.trim() };
  if (answer.AgentTransferDenied === 1) return { kind: 'denied' };
  return { kind: 'assign', groupId: answer.AgentGroupId ?? 0, agentIds: (answer.AgentIdList ?? []).map((id) => id.toLowerCase()), priority: answer.Priority ?? 5 };
}

function assignUrl(configured: string, sdkAppId: number): string {
  const url = new URL(configured);
  url.searchParams.set('Sdkappid', String(sdkAppId));
  url.searchParams.set('CallbackCommand', ASSIGN_COMMAND);
  url.searchParams.set('contenttype', 'json');
  url.searchParams.set('ClientIP', '');
  url.searchParams.set('OptPlatform', 'RESTAPI');
  return url.toString();
}
