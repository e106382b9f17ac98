import type { MsgElement } from '@parley/protocol';
import type { BotReply } from '@parley/protocol';
import { AppError } from '../platform/errors.ts';

/** 93000: the IM limit on a message body (spec 05 §1.4: "消息包体请不要超过12k"). */
export const MAX_BODY_BYTES = 12 * 1024;
export const BODY_TOO_LARGE = 93000;
export const BAD_BODY = 90001;

/** Checks a MsgBody from a client or the REST API; custom elements must carry JSON in Data. */
export function validateBody(body: unknown): MsgElement[] {
  if (!Array.isArray(body) || body.length === 0) throw new AppError(BAD_BODY, 'MsgBody must be a non-empty array of message elements');
  if (Buffer.byteLength(JSON.stringify(body)) > MAX_BODY_BYTES) throw new AppError(BODY_TOO_LARGE, `MsgBody is larger than ${MAX_BODY_BYTES} bytes`);
  for (const [i, element] of body.entries()) {
    const type = (element as { MsgType?: unknown })?.MsgType;
    const content = (element as { MsgContent?: Record<string, unknown> })?.MsgContent;
    if (typeof content !== 'object' || content === null) throw new AppError(BAD_BODY, `MsgBody[${i}].MsgContent must be an object`);
    if (type === 'TIMTextElem') {
      if (typeof content.Text !== 'string' || content.Text.trim() === '') throw new AppError(BAD_BODY, `MsgBody[${i}].MsgContent.Text must be a non-empty string`);
    } else if (type === 'TIMCustomElem') {
      if (typeof content.Data !== 'string') throw new AppError(BAD_BODY, `MsgBody[${i}].MsgContent.Data must be a string`);
      try {
        JSON.parse(content.Data);
      } catch {
        throw new AppError(BAD_BODY, `MsgBody[${i}].MsgContent.Data must be serialised JSON`);
      }
    } else {
      throw new AppError(BAD_BODY, `MsgBody[${i}].MsgType ${JSON.stringify(type)} is not supported; use TIMTextElem or TIMCustomElem`);
    }
  }
  return body as MsgElement[];
}

/** The text the bot should read: all text elements joined; custom messages are not questions. */
export function textOf(body: MsgElement[]): string {
  return body
    .filter((e): e is Extract<MsgElement, { MsgType: 'TIMTextElem' }> => e.MsgType === 'TIMTextElem')
    .map((e) => e.MsgContent.Text)
    .join('\n')
    .trim();
}

export const textBody = (text: string): MsgElement[] => [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }];

export function replyBody(reply: BotReply): MsgElement[] {
  return reply.type === 'text' ? textBody(reply.text) : [{ MsgType: 'TIMCustomElem', MsgContent: { Data: JSON.stringify(reply.data) } }];
}
