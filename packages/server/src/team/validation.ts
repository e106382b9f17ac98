import { teamApi } from '@parley/protocol';

// Input rules for members and groups live in @parley/protocol (the /api contract); the CLI and the team service use them from here.

export const { email, nick, phone, roles, maxConcurrent, inviteInput, memberPatch, groupName, memberIds, groupInput, groupPatch, listQuery } = teamApi;
export type { InviteInput, MemberPatch, GroupInput, GroupPatch, ListQuery } from '@parley/protocol';
