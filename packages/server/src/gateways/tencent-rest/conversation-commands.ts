import { z } from 'zod';
import { ConversationCodes, type HandoffOutcome } from '../../conversations/index.ts';
import { AppError } from '../../platform/errors.ts';
import { RoutingCodes } from '../../routing/index.ts';
import { intField } from './body.ts';
import { command, type CommandContext, type CommandTable } from './command.ts';
import { deskErrorCode } from './account-commands.ts';

// Spec 05 §3 (describe_chat_messages, describe_im_cdr_list, get_session_state, transfer_to_human)
// and §4 (send_msg, send_stream_msg, modify_msg): Tencent field names in and out, one service call each.

/** Message commands keep the IM codes (90xxx, 93000) and the session codes; everything else is 141004. */
const messageErrorCode = (code: number) => (code >= 90_000 && code < 94_000 ? code : deskErrorCode(code));

const int = intField();
export const flag = (meaning: string) => int.refine((v) => v === 0 || v === 1, `must be 0 or 1 (${meaning})`);
export const sessionId = z.string().min(1).max(128);
const page = { Limit: int.optional(), Offset: int.optional() };
/** Unix seconds up to 9999-12-31T23:59:59Z; larger values (often milliseconds by mistake) are refused, not a database error. */
const unixSeconds = z.number().int().min(0).max(253_402_300_799, 'must be a Unix timestamp in seconds');
const msgRandom = z.unknown().optional();
const msgBody = z.unknown().optional();

/** Commands whose error list is send_msg's (spec 05 §4.1): 90002 for what MsgBody cannot hold, 90009 for a non-administrator. */
const MESSAGE_CODES = { msgBodyErrorCode: 90002, adminRequiredCode: 90009 };

/** 90005 and 90007 are checked here, before the service sees the message (spec 05 §4.1). */
function checkMsgRandom(value: unknown): string {
  if (value === undefined) throw new AppError(90005, 'MsgRandom is required');
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 4294967295) throw new AppError(90005, 'MsgRandom must be a 32-bit unsigned integer');
  return String(value);
}
function requireBody(value: unknown): unknown {
  if (value === undefined) throw new AppError(90007, 'MsgBody is required and must be an Array');
  return value;
}

/**
 * The group a session record names: the session's own group, else (routed with no group) the
 * group of the agent who served it. Names come from the team service, once per group or agent.
 */
function sessionGroups(ctx: CommandContext) {
  const { sdkAppId } = ctx.app;
  const byGroup = new Map<number, Promise<string>>();
  const byAgent = new Map<string, Promise<{ id: number; name: string }>>();
  const nameOf = (groupId: number) => {
    if (!byGroup.has(groupId))
      byGroup.set(
        groupId,
        ctx.services.team.groups.get(sdkAppId, groupId).then(
          (g) => g.name,
          () => '',
        ),
      );
    return byGroup.get(groupId)!;
  };
  const groupOfAgent = (agentId: string) => {
    if (!byAgent.has(agentId))
      byAgent.set(
        agentId,
        ctx.services.team.groups.groupsOf(sdkAppId, agentId).then(([first]) => (first ? { id: first.groupId, name: first.name } : { id: 0, name: '' })),
      );
    return byAgent.get(agentId)!;
  };
  return async (groupId: number, agentId: string): Promise<{ id: number; name: string }> => {
    if (groupId > 0) return { id: groupId, name: await nameOf(groupId) };
    return agentId ? groupOfAgent(agentId) : { id: 0, name: '' };
  };
}

/** transfer_to_human's outcomes that are failures, with the codes spec 05 §3.1 lists for them. */
const TRANSFER_REFUSALS: Partial<Record<HandoffOutcome, { code: number; message: string }>> = {
  'no-agent': { code: RoutingCodes.noAgentOnline, message: 'Assigning a human agent failed: no agent is online' },
  closed: { code: RoutingCodes.noAgentOnline, message: "Assigning a human agent failed: it is outside the customer-service account's working hours (WorkTimeConfig)" },
  denied: { code: RoutingCodes.cannotTransfer, message: 'This session cannot be transferred to human: the business server refused it (AgentTransferDenied)' },
};

/** A session already queued or with an agent "cannot be transferred to human" (141003), not transfer_session's 141026. */
function cannotTransfer(error: unknown): never {
  if (error instanceof AppError && error.code === ConversationCodes.invalidState) {
    throw new AppError(RoutingCodes.cannotTransfer, `This session cannot be transferred to human: ${error.message}`);
  }
  throw error;
}

export const conversationCommands: CommandTable[string] = {
  describe_chat_messages: command({
    schema: z.object({ SessionId: sessionId, ...page, Order: int.refine((v) => v === 1 || v === 2, 'must be 1 (oldest first) or 2 (newest first)').optional() }),
    rateLimited: false,
    errorCode: deskErrorCode,
    handle: async (ctx, input) => {
      const { total, messages } = await ctx.services.conversationQueries.history(ctx.app.sdkAppId, input.SessionId, {
        limit: input.Limit ?? 20,
        offset: input.Offset ?? 0,
        newestFirst: (input.Order ?? 2) === 2,
      });
      return {
        TotalCount: total,
        Messages: messages.map((m) => ({
          FromAccount: m.fromAccount,
          FromAccountRole: m.fromRole,
          MsgBody: m.body,
          Timestamp: m.at.getTime(),
          MsgKey: m.msgKey,
          CloudCustomData: m.cloudCustomData,
        })),
      };
    },
  }),
  describe_im_cdr_list: command({
    schema: z.object({ StartTimestamp: unixSeconds, EndTimestamp: unixSeconds, ...page, ClientUserId: z.string().optional() }),
    rateLimited: false,
    errorCode: deskErrorCode,
    handle: async (ctx, input) => {
      const { total, records } = await ctx.services.conversationQueries.records(ctx.app.sdkAppId, {
        from: new Date(input.StartTimestamp * 1000),
        // Whole seconds: EndTimestamp includes its last millisecond, so a record is found by its own Timestamp.
        to: new Date(input.EndTimestamp * 1000 + 999),
        limit: input.Limit ?? 20,
        offset: input.Offset ?? 0,
        clientUserId: input.ClientUserId,
      });
      const groupOf = sessionGroups(ctx);
      const groups = await Promise.all(records.map((r) => groupOf(r.agentGroupId, r.agentId)));
      return {
        TotalCount: total,
        IMCdrList: records.map((r, i) => ({
          SessionId: r.sessionId,
          AgentGroupId: String(groups[i].id), // a string in this response only (spec 05 §9.13)
          AgentGroupName: groups[i].name,
          AgentId: r.agentId,
          ChannelType: r.channelType,
          ClientUserId: r.clientUserId,
          ClientUserNickName: r.clientNick,
          Duration: r.durationSeconds,
          EndStatus: r.endStatus ?? '',
          SatisfactionSelected: r.satisfaction ?? 0,
          Timestamp: Math.floor(r.startedAt.getTime() / 1000),
        })),
      };
    },
  }),
  get_session_state: command({
    schema: z.object({ SessionId: z.string().optional(), ClientUserId: z.string().optional(), CustomerServiceId: z.string().optional() }),
    rateLimited: false,
    errorCode: deskErrorCode,
    handle: async (ctx, input) => {
      const by = input.SessionId ? { sessionId: input.SessionId } : input.ClientUserId && input.CustomerServiceId ? { userId: input.ClientUserId, accountId: input.CustomerServiceId } : undefined;
      if (!by) throw new AppError(141004, 'Give SessionId, or ClientUserId and CustomerServiceId');
      const state = await ctx.services.conversationQueries.state(ctx.app.sdkAppId, by);
      return { SessionId: state.sessionId, CurrentState: state.state, AgentId: state.agentId };
    },
  }),
  transfer_to_human: command({
    parseErrorCode: 90001,
    ...MESSAGE_CODES,
    schema: z.object({
      SessionId: sessionId,
      AgentIdList: z.array(z.string().min(1).max(200)).max(100).optional(),
      AgentGroupId: int.optional(),
      SendTipIfNoAgentOnline: flag('send the failure prompt').optional(),
      CheckIfDuringWorkingHours: flag('check working hours').optional(),
      SendPromptNotDuringWorkingHours: flag('send the off-hours prompt').optional(),
    }),
    rateLimited: false,
    errorCode: deskErrorCode,
    handle: async (ctx, input) => {
      const result = await ctx.services.conversations
        .transferToHuman(ctx.app.sdkAppId, input.SessionId, {
          agentIds: input.AgentIdList,
          groupId: input.AgentGroupId || undefined, // 0: no particular group, as when omitted
          sendTipIfNoAgentOnline: input.SendTipIfNoAgentOnline === 1,
          checkWorkingHours: input.CheckIfDuringWorkingHours === 1,
          sendPromptOutsideHours: input.SendPromptNotDuringWorkingHours === 1,
        })
        .catch(cannotTransfer);
      const refusal = TRANSFER_REFUSALS[result.outcome];
      if (refusal) throw new AppError(refusal.code, refusal.message);
      return { AgentId: result.agentId, IsInQueue: result.queued ? 1 : 0 };
    },
  }),
  send_msg: command({
    parseErrorCode: 90001,
    ...MESSAGE_CODES,
    schema: z.object({
      SessionId: z.string().optional(),
      FromAccount: z.string().optional(),
      ToAccount: z.string().optional(),
      MsgRandom: msgRandom,
      MsgBody: msgBody,
      CloudCustomData: z.string().max(8192).optional(),
      ExcludeFromUserRespTimeout: flag('count toward the user-reply timeout or not').optional(),
    }),
    rateLimited: false,
    errorCode: messageErrorCode,
    handle: async (ctx, input) => {
      await ctx.services.conversations.serviceSend({
        appId: ctx.app.sdkAppId,
        sessionId: input.SessionId,
        accountId: input.FromAccount,
        userId: input.ToAccount,
        msgRandom: checkMsgRandom(input.MsgRandom),
        body: requireBody(input.MsgBody),
        cloudCustomData: input.CloudCustomData,
        excludeFromUserTimeout: input.ExcludeFromUserRespTimeout === 1,
      });
    },
  }),
  send_stream_msg: command({
    parseErrorCode: 90001,
    ...MESSAGE_CODES,
    // No length cap on Chunk here: the stream writer measures the whole message and answers 93000 (spec 05 §4.2).
    schema: z.object({ SessionId: sessionId, Chunk: z.string(), MsgKey: z.string().min(1).optional(), Finish: flag('1 on the last call').optional() }),
    rateLimited: false,
    errorCode: messageErrorCode,
    handle: async (ctx, input) => {
      const { msgKey } = await ctx.services.conversations.streamSend({
        appId: ctx.app.sdkAppId,
        sessionId: input.SessionId,
        chunk: input.Chunk,
        msgKey: input.MsgKey,
        finish: input.Finish === 1,
      });
      return { MsgKey: msgKey };
    },
  }),
  modify_msg: command({
    parseErrorCode: 90001,
    ...MESSAGE_CODES,
    schema: z.object({ SessionId: sessionId, MsgKey: z.string().min(1), MsgBody: msgBody, CloudCustomData: z.string().max(8192).optional() }),
    rateLimited: false,
    errorCode: messageErrorCode,
    handle: async (ctx, input) => {
      await ctx.services.conversations.modify({
        appId: ctx.app.sdkAppId,
        sessionId: input.SessionId,
        msgKey: input.MsgKey,
        body: requireBody(input.MsgBody),
        cloudCustomData: input.CloudCustomData,
      });
    },
  }),
};
