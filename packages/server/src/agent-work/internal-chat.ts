import { and, count, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { InternalMessage, MsgElement } from '@parley/protocol';
import { badBody, checkBody, type MediaResolver } from '../conversations/index.ts';
import type { Events } from '../events/index.ts';
import type { Clock } from '../platform/clock.ts';
import { rowsOf, type Db } from '../platform/db.ts';
import { AppError, invalid, notFound } from '../platform/errors.ts';
import { agentStreamOf } from '../routing/index.ts';
import { hiddenThreads, internalMessages } from './schema.ts';
import { hasWorkbenchAccess, liveMemberRoles, memberNicks, memberRow } from '../team/index.ts';

/** A transaction that lost a deadlock (another writer locked the same agent streams the other way) is retried. */
const DEADLOCK_RETRIES = 3;

export interface InternalChatDeps {
  db: Db;
  events: Events;
  clock: Clock;
  media?: MediaResolver;
}

/** A thread is the pair of members, whoever wrote first. */
export const threadIdOf = (a: string, b: string) => [a, b].sort().join('|');

/**
 * 员工内部会话 (spec 03 §1.11): one-to-one chat between members of the workbench, text, images
 * and files. Hiding a thread (不显示) keeps its history; the next message shows it again. Each
 * message reaches both members' agent streams, so open workbenches get it live.
 */
export class InternalChat {
  constructor(private deps: InternalChatDeps) {}

  async send(appId: number, fromId: string, toId: string, body: unknown): Promise<InternalMessage<Date>> {
    if (fromId === toId) throw invalid('An internal conversation needs another member; you cannot write to yourself');
    await this.requireAgent(appId, fromId);
    await this.requireAgent(appId, toId);
    const elements = await this.prepare(appId, fromId, body);
    const threadId = threadIdOf(fromId, toId);
    return this.retryingDeadlocks(() =>
      this.deps.events.log.transaction(async (tx, batch) => {
        const [row] = await tx.insert(internalMessages).values({ appId, threadId, fromMember: fromId, toMember: toId, body: elements, at: this.deps.clock.now() }).returning();
        await tx.delete(hiddenThreads).where(and(eq(hiddenThreads.appId, appId), eq(hiddenThreads.threadId, threadId)));
        const message = messageOf(row);
        // Streams in a fixed order, so two members writing to each other at once cannot deadlock.
        for (const memberId of [fromId, toId].sort()) await this.deps.events.log.append(tx, batch, appId, agentStreamOf(memberId), 'InternalMessage', { ...message, at: message.at.toISOString() });
        return message;
      }),
    );
  }

  /** The member's visible threads, latest activity first, each with the other member and the last message. */
  async threads(appId: number, memberId: string, page: { page: number; pageSize: number }) {
    const latest = sql`SELECT DISTINCT ON (thread_id) id, thread_id, from_member, to_member, body, at,
        CASE WHEN from_member = ${memberId} THEN to_member ELSE from_member END AS other
      FROM internal_messages WHERE app_id = ${appId} AND (from_member = ${memberId} OR to_member = ${memberId})
      ORDER BY thread_id, id DESC`;
    const visible = sql`FROM (${latest}) t WHERE NOT EXISTS (
      SELECT 1 FROM hidden_threads h WHERE h.app_id = ${appId} AND h.member_id = ${memberId} AND h.thread_id = t.thread_id)`;
    const [{ total }] = rowsOf<{ total: number }>(await this.deps.db.execute(sql`SELECT count(*)::int AS total ${visible}`));
    const rows = rowsOf<{ id: number; thread_id: string; from_member: string; to_member: string; body: MsgElement[]; at: Date | string; other: string }>(
      await this.deps.db.execute(sql`SELECT t.* ${visible} ORDER BY t.id DESC LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`),
    );
    const nicks = await this.nicksOf(
      appId,
      rows.map((r) => r.other),
    );
    const items = rows.map((r) => ({
      threadId: r.thread_id,
      member: { memberId: r.other, nick: nicks.get(r.other) ?? r.other },
      lastMessage: { id: Number(r.id), threadId: r.thread_id, from: r.from_member, to: r.to_member, body: r.body, at: new Date(r.at) },
    }));
    return { items, total: Number(total), page: page.page, pageSize: page.pageSize };
  }

  /** A thread's messages: the newest page, or the page before message `before`; oldest first within it. */
  async messages(appId: number, memberId: string, otherId: string, page: { before?: number; limit: number }) {
    await this.requireKnown(appId, otherId);
    const rows = await this.deps.db
      .select()
      .from(internalMessages)
      .where(and(this.threadOf(appId, memberId, otherId), page.before !== undefined ? lt(internalMessages.id, page.before) : undefined))
      .orderBy(desc(internalMessages.id))
      .limit(page.limit + 1);
    return { messages: rows.slice(0, page.limit).reverse().map(messageOf), more: rows.length > page.limit };
  }

  /** 不显示: the thread leaves the member's list; its history stays. */
  async hide(appId: number, memberId: string, otherId: string): Promise<void> {
    await this.requireKnown(appId, otherId);
    const [{ total }] = await this.deps.db
      .select({ total: count() })
      .from(internalMessages)
      .where(this.threadOf(appId, memberId, otherId));
    if (total === 0) throw notFound(`You have no conversation with ${otherId}`);
    const threadId = threadIdOf(memberId, otherId);
    const hiddenAt = this.deps.clock.now();
    await this.deps.db
      .insert(hiddenThreads)
      .values({ appId, memberId, threadId, hiddenAt })
      .onConflictDoUpdate({ target: [hiddenThreads.appId, hiddenThreads.memberId, hiddenThreads.threadId], set: { hiddenAt } });
  }

  /** The pair's messages; the pair is matched too, so odd ids cannot make two threads collide. */
  private threadOf(appId: number, a: string, b: string) {
    return and(
      eq(internalMessages.appId, appId),
      eq(internalMessages.threadId, threadIdOf(a, b)),
      or(and(eq(internalMessages.fromMember, a), eq(internalMessages.toMember, b)), and(eq(internalMessages.fromMember, b), eq(internalMessages.toMember, a))),
    );
  }

  /** A live member of the app who may use the workbench; anyone else is unknown here. */
  private async requireAgent(appId: number, memberId: string): Promise<void> {
    const roles = await liveMemberRoles(this.deps.db, appId, memberId);
    if (!roles || !hasWorkbenchAccess(roles)) throw notFound(`${memberId} is not a workbench member of this app`);
  }

  /** Any member the app has had: history with a deleted colleague stays readable. */
  private async requireKnown(appId: number, memberId: string): Promise<void> {
    if (!(await memberRow(this.deps.db, appId, memberId))) throw notFound(`${memberId} is not a member of this app`);
  }

  /** Checked like a service message; Desk custom messages belong to customer conversations. */
  private async prepare(appId: number, fromId: string, body: unknown): Promise<MsgElement[]> {
    const checked = checkBody(body, 'service');
    if (checked.desk) throw badBody(`src ${checked.desk.src} is a Desk message for customer conversations, not for internal ones`);
    if (checked.media.length === 0) return checked.elements;
    const resolve = this.deps.media;
    if (!resolve) throw new AppError(90002, 'Image and file messages are not available on this server');
    const elements = [...checked.elements];
    for (const index of checked.media) elements[index] = await resolve(elements[index], { appId, uploaderId: fromId, index });
    return elements;
  }

  private async nicksOf(appId: number, ids: string[]): Promise<Map<string, string>> {
    return memberNicks(this.deps.db, appId, ids);
  }

  private async retryingDeadlocks<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (attempt >= DEADLOCK_RETRIES || !isDeadlock(error)) throw error;
      }
    }
  }
}

function messageOf(row: typeof internalMessages.$inferSelect): InternalMessage<Date> {
  return { id: row.id, threadId: row.threadId, from: row.fromMember, to: row.toMember, body: row.body as MsgElement[], at: row.at };
}

const isDeadlock = (error: unknown): boolean => {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '40P01' || e?.cause?.code === '40P01';
};
