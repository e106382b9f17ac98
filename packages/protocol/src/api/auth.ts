import { z } from 'zod';
import { timestamp } from './common.ts';

// Member login for the console and the workbench (spec 03 §1.1–1.2).

export const loginBody = z.object({
  email: z.string().trim().min(1, 'email is required').max(254),
  password: z.string().min(1, 'password is required').max(200),
  sdkAppId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});
export type LoginBody = z.input<typeof loginBody>;
export const embedLoginBody = z.object({ token: z.string().min(1, 'token is required').max(128) });

export const memberRef = z.object({ memberId: z.string(), nick: z.string(), email: z.string(), roles: z.array(z.string()) });
export const appRef = z.object({ sdkAppId: z.number(), name: z.string() });

/** One app: logged in. Several apps with this email and password: `chooseApp`, then again with `sdkAppId`. */
export const loginResponse = z.union([z.object({ member: memberRef, app: appRef, csrfToken: z.string(), expiresAt: timestamp }), z.object({ chooseApp: z.array(appRef) })]);
export const embedLoginResponse = z.object({ member: memberRef, app: appRef, csrfToken: z.string(), sessionToken: z.string(), expiresAt: timestamp });
export const meResponse = z.object({
  member: memberRef.nullable(),
  identifier: z.string(),
  roles: z.array(z.string()),
  via: z.enum(['usersig', 'cookie', 'session']),
  app: appRef,
  csrfToken: z.string().nullable(),
});
export const versionResponse = z.object({ name: z.string(), version: z.string() });
export { ok } from './common.ts';

/** Embedding the workbench (spec 03 §2.3–2.4): the page loads sdkUrl as a script within 10 minutes, once. */
export const sdkLoginBody = z.object({ memberId: z.string().trim().min(1, 'memberId is required').max(254) });
export const sdkLoginResponse = z.object({ sdkUrl: z.string(), expiresAt: timestamp });

export type MemberRef = z.input<typeof memberRef>;
export type AppRef = z.input<typeof appRef>;
export type LoginResponse = z.input<typeof loginResponse>;
export type EmbedLoginResponse = z.input<typeof embedLoginResponse>;
export type MeResponse = z.input<typeof meResponse>;
