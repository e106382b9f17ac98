import { z } from 'zod';
import { expectedRevision, timestamp } from './common.ts';

export { ok } from './common.ts';

/** Roles an admin may give (super_admin is the app's own). */
export const ASSIGNABLE_ROLES = ['admin', 'staff'] as const;

// Team management (spec 01 §10.1–10.3): input rules for members and groups, shared by /api and the CLI.

const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Emails are member ids, so they are compared lower-cased and trimmed. */
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'email must be at most 254 characters')
  .regex(EMAIL, 'email must be an address like name@example.com')
  .regex(NO_CONTROL, 'email must not contain control characters');

export const nick = z.string().trim().min(1, 'nick must not be empty').max(50, 'nick must be at most 50 characters').regex(NO_CONTROL, 'nick must not contain control characters');

export const phone = z
  .string()
  .trim()
  .max(32, 'phone must be at most 32 characters')
  .regex(/^[0-9+\-() ]*$/, 'phone may contain only digits, spaces and + - ( )');

const role = z.enum(ASSIGNABLE_ROLES, { error: 'roles are "admin" and/or "staff"; super_admin cannot be assigned' });
export const roles = z
  .array(role)
  .min(1, 'roles must name at least one of "admin", "staff"')
  .max(10)
  .transform((list) => [...new Set(list)].sort());

export const maxConcurrent = z.number().int('maxConcurrent must be an integer').min(1, 'maxConcurrent must be 1 to 100').max(100, 'maxConcurrent must be 1 to 100');

export const inviteInput = z.strictObject({ email, nick, roles, phone: phone.optional(), maxConcurrent: maxConcurrent.optional() });
export type InviteInput = z.infer<typeof inviteInput>;

/** Email is immutable: to change it, delete the member and add them again (spec 01 §10.1). */
export const memberPatch = z
  .strictObject(
    { nick: nick.optional(), roles: roles.optional(), phone: phone.optional(), maxConcurrent: maxConcurrent.nullable().optional(), expectedRevision },
    { error: (issue) => (issue.code === 'unrecognized_keys' && issue.keys.includes('email') ? 'email cannot be changed: delete the member and add them again' : undefined) },
  )
  .refine((patch) => Object.keys(patch).some((key) => key !== 'expectedRevision'), 'send at least one of nick, roles, phone, maxConcurrent');
export type MemberPatch = z.infer<typeof memberPatch>;

export const groupName = z.string().trim().min(1, 'name must not be empty').max(50, 'name must be at most 50 characters').regex(NO_CONTROL, 'name must not contain control characters');
export const memberIds = z
  .array(z.string().trim().toLowerCase().min(1).max(254))
  .max(1000, 'a group has at most 1000 members')
  .transform((ids) => [...new Set(ids)]);

export const groupInput = z.strictObject({ name: groupName, memberIds: memberIds.default([]) });
export type GroupInput = z.infer<typeof groupInput>;
export const groupPatch = z
  .strictObject({ name: groupName.optional(), memberIds: memberIds.optional(), expectedRevision })
  .refine((patch) => patch.name !== undefined || patch.memberIds !== undefined, 'send name, memberIds or both');
export type GroupPatch = z.infer<typeof groupPatch>;

/** Paging and search for lists; `q` matches nick or email (members) or the name (groups). */
export const listQuery = (defaultPageSize: number) =>
  z.object({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(defaultPageSize),
    q: z.string().trim().max(100).optional(),
  });
export type ListQuery = z.infer<ReturnType<typeof listQuery>>;

export const memberParams = z.object({ memberId: z.string().trim().min(1).max(254) });
// Out-of-range ids are left to the service, which answers 404 as for any unknown group.
export const groupParams = z.object({ groupId: z.coerce.number().int('groupId must be an integer') });
export const directoryQuery = z.object({ q: z.string().trim().max(100).optional() });

const groupRef = z.object({ groupId: z.number(), name: z.string() });
export const member = z.object({
  memberId: z.string(),
  email: z.string(),
  nick: z.string(),
  phone: z.string(),
  roles: z.array(z.string()),
  /** Concurrent sessions before the agent counts as full; null: the app's default. */
  maxConcurrent: z.number().nullable(),
  loginDisabled: z.boolean(),
  lastOnlineAt: timestamp.nullable(),
  createdAt: timestamp,
  /** The member's revision: send it back as `expectedRevision` when editing. */
  updatedAt: timestamp,
  /** Set on deleted members, whose names history and analytics still show. */
  deletedAt: timestamp.nullable(),
});
export const memberWithGroups = member.extend({ groups: z.array(groupRef) });
export const memberPage = z.object({ total: z.number(), page: z.number(), pageSize: z.number(), items: z.array(member) });
/** The password appears only when it could not be mailed, and only in this one answer. */
export const issuedPassword = z.object({ member, emailed: z.boolean(), password: z.string().optional() });
/** `updatedAt` is the group's revision: send it back as `expectedRevision` when editing. */
export const groupSummary = z.object({ groupId: z.number(), name: z.string(), memberCount: z.number(), createdAt: timestamp, updatedAt: timestamp });
export const group = groupSummary.extend({ members: z.array(z.object({ memberId: z.string(), nick: z.string(), email: z.string() })) });
export const groupPage = z.object({ total: z.number(), page: z.number(), pageSize: z.number(), items: z.array(groupSummary) });
export const directoryEntry = z.object({ memberId: z.string(), nick: z.string(), email: z.string(), roles: z.array(z.string()), groups: z.array(groupRef) });
export const directory = z.object({ items: z.array(directoryEntry) });
