import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { agentGroups, groupMembers, loginSessions, members } from '../../src/team/schema.ts';
import type { Role } from '../../src/team/schema.ts';
import type { TestServer } from '../harness.ts';

// Team fixtures written straight into the team tables (schema 0007), so these suites do not depend
// on how the team services create members and groups.

export async function addMember(test: TestServer, appId: number, memberId: string, roles: Role[] = ['staff']): Promise<string> {
  await test.server.services.db.insert(members).values({ appId, memberId, email: memberId, nick: memberId.split('@')[0], roles, passwordHash: 'unusable' });
  return memberId;
}

export async function deleteMember(test: TestServer, appId: number, memberId: string): Promise<void> {
  await test.server.services.db
    .update(members)
    .set({ deletedAt: test.server.services.clock.now() })
    .where(and(eq(members.appId, appId), eq(members.memberId, memberId)));
}

export async function addGroup(test: TestServer, appId: number, name: string, memberIds: string[] = []): Promise<number> {
  const db = test.server.services.db;
  const [group] = await db.insert(agentGroups).values({ appId, name }).returning();
  if (memberIds.length) await db.insert(groupMembers).values(memberIds.map((memberId) => ({ appId, groupId: group.groupId, memberId })));
  return group.groupId;
}

export interface WorkbenchClient {
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

/**
 * A logged-in workbench browser: a login row as the team's login writes it (only the token's
 * SHA-256 is stored), the cookie, and the CSRF token on unsafe methods.
 */
export async function workbenchLogin(test: TestServer, appId: number, memberId: string): Promise<WorkbenchClient> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(16).toString('hex');
  const now = test.server.services.clock.now();
  await test.server.services.db.insert(loginSessions).values({
    tokenHash: createHash('sha256').update(token).digest('hex'),
    appId,
    memberId,
    csrfToken,
    credentialsVersion: 1,
    createdAt: now,
    expiresAt: new Date(now.getTime() + 3_600_000),
  });
  return {
    async request(method, path, body) {
      const response = await fetch(`${test.baseUrl}/api${path}`, {
        method,
        headers: {
          cookie: `parley_session=${token}`,
          'x-csrf-token': csrfToken,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
  };
}
