import { z } from 'zod';
import type { Actor } from '../../agent-work/index.ts';
import { deskErrorCode } from './account-commands.ts';
import { intField } from './body.ts';
import { command, type CommandTable } from './command.ts';
import { flag, sessionId } from './conversation-commands.ts';

// Spec 05 §3.2 transfer_session, §3.3 contact_user, §3.7–§3.10 end, suspend, unsuspend and mark:
// the business server acting on sessions in human service. Tencent field names in, one agent-work
// call each; the engine's codes (141xxx) go out as they are.

const int = intField();
/** The app acts, not an agent: any session of the app, whoever serves it. */
const THE_APP: Actor = {};
/** GroupId and MemberId: 0 and "" mean "not given" (the default strategy), as clients often send them. */
const groupId = int.optional();
const memberId = z.string().max(200).optional();
const target = (input: { GroupId?: number; MemberId?: string }) => ({ groupId: input.GroupId || undefined, memberId: input.MemberId || undefined });

type SessionAction = 'end' | 'suspend' | 'unsuspend';

/** end_session, suspend_session and unsuspend_session: a SessionId in, the envelope out. */
const sessionCommand = (action: SessionAction) =>
  command({
    schema: z.object({ SessionId: sessionId }),
    rateLimited: false,
    errorCode: deskErrorCode,
    handle: async (ctx, input) => {
      await ctx.services.agentWork.actions[action](ctx.app.sdkAppId, input.SessionId, THE_APP);
    },
  });

export const humanCommands: CommandTable[string] = {
  transfer_session: command({
    schema: z.object({ SessionId: sessionId, GroupId: groupId, MemberId: memberId }),
    rateLimited: false,
    errorCode: deskErrorCode,
    handle: async (ctx, input) => {
      await ctx.services.agentWork.transfers.transfer(ctx.app.sdkAppId, input.SessionId, target(input), THE_APP);
    },
  }),
  contact_user: command({
    // The table spells IMAgentUserId / ClientUserId, the sample IMAgentUserID / ClientUserID: keys match case-insensitively.
    schema: z.object({ IMAgentUserId: z.string().min(1).max(128), ClientUserId: z.string().min(1).max(128), GroupId: groupId, MemberId: memberId }),
    rateLimited: false,
    errorCode: deskErrorCode,
    handle: async (ctx, input) => {
      const contacted = await ctx.services.agentWork.contacts.contact(ctx.app.sdkAppId, { accountId: input.IMAgentUserId, userId: input.ClientUserId, ...target(input) });
      // SessionId is a Parley addition: the business server can then send_msg into the new session.
      return { MemberId: contacted.memberId, SessionId: contacted.sessionId };
    },
  }),
  end_session: sessionCommand('end'),
  suspend_session: sessionCommand('suspend'),
  unsuspend_session: sessionCommand('unsuspend'),
  mark_session: command({
    // The spec's table and samples mix sessionId/SessionId and starStatus/StarStatus (§9 item 4).
    schema: z.object({
      SessionId: sessionId,
      Mark: z.string().optional(), // at most 200 bytes; the engine measures and names the size
      StarStatus: flag('1 stars the session, 0 removes the star').optional(),
      UserTimeoutSwitch: flag('1 enables the user timeout, 0 disables it').optional(),
    }),
    rateLimited: false,
    errorCode: deskErrorCode,
    handle: async (ctx, input) => {
      const mark = {
        mark: input.Mark,
        starred: input.StarStatus === undefined ? undefined : input.StarStatus === 1,
        userTimeoutEnabled: input.UserTimeoutSwitch === undefined ? undefined : input.UserTimeoutSwitch === 1,
      };
      await ctx.services.agentWork.actions.mark(ctx.app.sdkAppId, input.SessionId, mark, THE_APP);
    },
  }),
};
