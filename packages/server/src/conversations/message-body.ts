import { CLIENT_SOURCES, ONLINE_ONLY_SOURCES, parseDeskData, SERVER_SOURCES, type BotReply, type DeskMessage, type DeskSrc, type MsgElement } from '@parley/protocol';
import { AppError } from '../platform/errors.ts';
import { badBody, ConversationCodes } from './errors.ts';

/** The IM limit on a message body (spec 05 §1.4: "消息包体请不要超过12k"). */
export const MAX_BODY_BYTES = 12 * 1024;
const MEDIA_TYPES = new Set(['TIMImageElem', 'TIMFileElem']);

export type Sender = 'customer' | 'service';

/** A checked body. `desk` is set when the body is one Desk custom message (spec 02). */
export interface CheckedBody {
  elements: MsgElement[];
  desk?: { src: DeskSrc; message: DeskMessage };
  /** Indexes of image and file elements, which the files feature still has to resolve. */
  media: number[];
}

/**
 * Checks a MsgBody from a customer or from the service side (REST, robot): TIMMsgElement shapes,
 * the 12 KB limit, and every Desk custom message against its schema and its direction.
 */
export function checkBody(body: unknown, sender: Sender): CheckedBody {
  if (!Array.isArray(body)) throw new AppError(ConversationCodes.bodyNotArray, 'MsgBody must be an Array of message elements');
  if (body.length === 0) throw badBody('MsgBody must contain at least one message element');
  if (Buffer.byteLength(JSON.stringify(body)) > MAX_BODY_BYTES) throw new AppError(ConversationCodes.bodyTooLarge, `MsgBody is larger than ${MAX_BODY_BYTES} bytes`);
  const checked: CheckedBody = { elements: body as MsgElement[], media: [] };
  for (const [i, element] of body.entries()) {
    const type = (element as { MsgType?: unknown })?.MsgType;
    const content = (element as { MsgContent?: Record<string, unknown> })?.MsgContent;
    if (typeof content !== 'object' || content === null || Array.isArray(content)) throw badBody(`MsgBody[${i}].MsgContent must be an object`);
    if (type === 'TIMTextElem') {
      if (typeof content.Text !== 'string' || content.Text.trim() === '') throw badBody(`MsgBody[${i}].MsgContent.Text must be a non-empty string`);
    } else if (type === 'TIMCustomElem') {
      const desk = checkCustom(content, i, sender);
      if (desk) checked.desk = desk;
    } else if (typeof type === 'string' && MEDIA_TYPES.has(type)) {
      checked.media.push(i);
    } else {
      throw badBody(`MsgBody[${i}].MsgType ${JSON.stringify(type)} is not supported; use TIMTextElem, TIMCustomElem, TIMImageElem or TIMFileElem`);
    }
  }
  if (checked.desk && body.length > 1) throw badBody(`A Desk custom message (src ${checked.desk.src}) must be the only element of its MsgBody`);
  return checked;
}

const ALLOWED: Record<Sender, ReadonlySet<string>> = { customer: new Set(CLIENT_SOURCES), service: new Set(SERVER_SOURCES) };

function checkCustom(content: Record<string, unknown>, i: number, sender: Sender) {
  if (typeof content.Data !== 'string') throw badBody(`MsgBody[${i}].MsgContent.Data must be a string`);
  const parsed = parseDeskData(content.Data);
  if (parsed.kind === 'invalid') throw badBody(`MsgBody[${i}].MsgContent.Data: ${parsed.problem}`);
  if (parsed.kind === 'other') return undefined;
  if (!ALLOWED[sender].has(parsed.src)) {
    const who = sender === 'customer' ? 'the service side' : 'customers';
    throw badBody(`MsgBody[${i}]: src ${parsed.src} is sent by ${who}, not by ${sender === 'customer' ? 'customers' : 'the service side'}`);
  }
  return { src: parsed.src, message: parsed.message };
}

/** Flag messages (spec 02 R16) act and are called back but are not chat history. */
export const isFlag = (checked: CheckedBody) => checked.desk !== undefined && ONLINE_ONLY_SOURCES.has(checked.desk.src);

/** The text the bot should read: all text elements joined; custom messages are not questions. */
export function textOf(body: MsgElement[]): string {
  return body
    .filter((e): e is Extract<MsgElement, { MsgType: 'TIMTextElem' }> => e.MsgType === 'TIMTextElem')
    .map((e) => e.MsgContent.Text)
    .join('\n')
    .trim();
}

export const textBody = (text: string): MsgElement[] => [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }];
export const customBody = (message: object): MsgElement[] => [{ MsgType: 'TIMCustomElem', MsgContent: { Data: JSON.stringify(message) } }];

export function replyBody(reply: BotReply): MsgElement[] {
  return reply.type === 'text' ? textBody(reply.text) : customBody(reply.data);
}

/** The Desk message inside a stored one-element body, if it is one. */
export function deskOf(body: MsgElement[]): { src: DeskSrc; message: DeskMessage } | undefined {
  const [element] = body;
  if (body.length !== 1 || element.MsgType !== 'TIMCustomElem') return undefined;
  const parsed = parseDeskData(element.MsgContent.Data as string);
  return parsed.kind === 'desk' ? { src: parsed.src, message: parsed.message } : undefined;
}
