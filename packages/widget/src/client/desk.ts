// Reading and writing Desk custom messages (spec 02 §2): a TIMCustomElem whose Data is the JSON of
// `{customerServicePlugin: 0, src: "<n>", …}`. The client only needs `src` and a few fields; the
// renderers (src/render) read the rest.
import type { MsgElement } from '@parley/protocol';

export type DeskData = Record<string, unknown> & { src: string };

/** The Desk message of a one-element body, if it is one. */
export function deskOf(body: MsgElement[] | undefined): DeskData | undefined {
  if (!body || body.length !== 1 || body[0].MsgType !== 'TIMCustomElem') return undefined;
  try {
    const data = JSON.parse(String(body[0].MsgContent.Data)) as unknown;
    if (data && typeof data === 'object' && (data as DeskData).customerServicePlugin === 0 && typeof (data as DeskData).src === 'string') return data as DeskData;
  } catch {
    // Not JSON: an ordinary custom message.
  }
  return undefined;
}

export const customBody = (data: Record<string, unknown>): MsgElement[] => [{ MsgType: 'TIMCustomElem', MsgContent: { Data: JSON.stringify(data) } }];

export const deskBody = (src: string, fields: Record<string, unknown> = {}): MsgElement[] => customBody({ customerServicePlugin: 0, src, ...fields });

export const textBody = (text: string): MsgElement[] => [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }];

/**
 * Flags that steer the client and are not chat history (spec 02 R16): the client applies them to the
 * session state and does not keep them as messages. src 19/20 (session ended) stay: they are shown.
 */
export const STATE_FLAGS: ReadonlySet<string> = new Set(['7', '10', '12', '23', '24', '26', '27']);

/** src 23 bit 2: the user may ask for a rating card (src 24). */
export const USER_MAY_REQUEST_RATING = 1 << 2;
