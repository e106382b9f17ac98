import { and, eq } from 'drizzle-orm';
import { streamMessageOf, type DeskMessage, type SessionEventType } from '@parley/protocol';
import { AppError } from '../platform/errors.ts';
import type { ConversationTx, Session } from './conversation-tx.ts';
import { ConversationCodes, invalidParam, invalidState } from './errors.ts';
import { customBody, deskOf, MAX_BODY_BYTES } from './message-body.ts';
import { messages } from './schema.ts';

export const STREAM_TIMEOUT_JOB = 'conversation.stream-timeout';
/** A stream with no chunk for this long is closed (isFinished 1) so clients stop waiting. */
export const STREAM_IDLE_TIMEOUT_MS = 60_000;

/**
 * send_stream_msg (spec 05 §4.2, spec 02 §5): one src 31 message whose cumulative `chunks` grow.
 * The log carries each chunk as a StreamChunk event (clients append it), and the message row holds
 * the whole body, so history and late readers see the stream as it stands. Each call is one
 * transaction that rewrites the whole body, so a producer of many small pieces (an LLM) should
 * join them first: a chunk may be any text, several tokens long (bot/stream-batcher.ts does this).
 */
export class StreamWriter {
  async start(ctx: ConversationTx, session: Session, type: SessionEventType, chunk: string, finish: boolean, clientMsgId?: string): Promise<{ msgKey: string }> {
    const body = customBody(streamMessageOf([chunk], finish));
    assertSize(body);
    const { msgKey } = await ctx.writeMessage(session, { type, from: session.accountId, role: 2, body, streamOpen: !finish, clientMsgId });
    if (finish) await ctx.appendEvent(session, 'StreamEnd', { msgKey, reason: 'finished' });
    else await this.armTimeout(ctx, session, msgKey);
    return { msgKey };
  }

  async append(ctx: ConversationTx, session: Session, msgKey: string, chunk: string, finish: boolean): Promise<{ msgKey: string }> {
    const [row] = await ctx.tx
      .select()
      .from(messages)
      .where(and(eq(messages.appId, session.appId), eq(messages.msgKey, msgKey), eq(messages.sessionId, session.sessionId)));
    const current = row && deskOf(row.body);
    if (!row || current?.src !== '31') throw invalidParam(`MsgKey ${msgKey} is not a streaming message of session ${session.sessionId}`);
    if (!row.streamOpen) throw invalidState(`The streaming message ${msgKey} has already finished`);
    const chunks = [...(current.message as DeskMessage<'31'>).chunks, chunk];
    const body = customBody(streamMessageOf(chunks, finish));
    assertSize(body);
    await ctx.tx
      .update(messages)
      .set({ body, streamOpen: !finish, modifiedAt: ctx.now() })
      .where(and(eq(messages.appId, row.appId), eq(messages.msgKey, msgKey)));
    await ctx.appendEvent(session, 'StreamChunk', { msgKey, chunk, chunkIndex: chunks.length - 1 });
    if (finish) {
      await ctx.appendEvent(session, 'StreamEnd', { msgKey, reason: 'finished' });
      await ctx.jobs.cancel(ctx.tx, STREAM_TIMEOUT_JOB, msgKey);
    } else {
      await this.armTimeout(ctx, session, msgKey);
    }
    return { msgKey };
  }

  /** The timer fired: close the stream as it stands, unless it finished meanwhile. */
  async expire(ctx: ConversationTx, session: Session, msgKey: string): Promise<void> {
    const [row] = await ctx.tx
      .select()
      .from(messages)
      .where(and(eq(messages.appId, session.appId), eq(messages.msgKey, msgKey)));
    const current = row && deskOf(row.body);
    if (!row?.streamOpen || current?.src !== '31') return;
    const body = customBody(streamMessageOf((current.message as DeskMessage<'31'>).chunks, true));
    await ctx.tx
      .update(messages)
      .set({ body, streamOpen: false, modifiedAt: ctx.now() })
      .where(and(eq(messages.appId, row.appId), eq(messages.msgKey, msgKey)));
    await ctx.appendEvent(session, 'StreamEnd', { msgKey, reason: 'timeout' });
  }

  private armTimeout(ctx: ConversationTx, session: Session, msgKey: string) {
    const runAt = new Date(ctx.now().getTime() + STREAM_IDLE_TIMEOUT_MS);
    return ctx.jobs.schedule(ctx.tx, { appId: session.appId, kind: STREAM_TIMEOUT_JOB, key: msgKey, payload: { sessionId: session.sessionId, msgKey }, runAt });
  }
}

function assertSize(body: unknown): void {
  if (Buffer.byteLength(JSON.stringify(body)) > MAX_BODY_BYTES) {
    throw new AppError(ConversationCodes.bodyTooLarge, `The streaming message would exceed ${MAX_BODY_BYTES} bytes; finish it and start another`);
  }
}
