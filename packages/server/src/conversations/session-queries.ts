import { and, desc, eq, inArray } from 'drizzle-orm';
import type { ChannelType } from '@parley/protocol';
import type { DbOrTx } from '../platform/db.ts';
import { messages, sessions } from './schema.ts';

// Read models of sessions and messages for other features (routing, agent work): reads only, each
// scoped by app, through the caller's `db` or transaction.

export type MessageRow = typeof messages.$inferSelect;

/** The channel of any session the user has had with the app, or undefined if they have had none. */
export async function anySessionChannel(db: DbOrTx, appId: number, userId: string): Promise<ChannelType | undefined> {
  const [seen] = await db
    .select({ channelType: sessions.channelType })
    .from(sessions)
    .where(and(eq(sessions.appId, appId), eq(sessions.userId, userId)))
    .limit(1);
  return seen?.channelType;
}

/** The role (1 user, 2 robot, 3 service) of the session's last message that is not a flag, or undefined. */
export async function lastMessageRole(db: DbOrTx, appId: number, sessionId: string): Promise<number | undefined> {
  const [last] = await db
    .select({ role: messages.fromRole })
    .from(messages)
    .where(and(eq(messages.appId, appId), eq(messages.sessionId, sessionId), eq(messages.flag, false)))
    .orderBy(desc(messages.seq))
    .limit(1);
  return last?.role;
}

/** A message of the app by its key, or undefined. */
export async function messageByKey(db: DbOrTx, appId: number, msgKey: string): Promise<MessageRow | undefined> {
  const [message] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.appId, appId), eq(messages.msgKey, msgKey)));
  return message;
}

/** The ids of the sessions an agent holds: in service or offered to them. */
export async function heldSessionIds(db: DbOrTx, appId: number, agentId: string): Promise<string[]> {
  const rows = await db
    .select({ sessionId: sessions.sessionId })
    .from(sessions)
    .where(and(eq(sessions.appId, appId), eq(sessions.agentId, agentId), inArray(sessions.state, ['Agent', 'WaitingForAgentAnswering'])));
  return rows.map((r) => r.sessionId);
}
