// What one MsgBody element is, checked once per element object (a message is read by the renderer,
// the layout helpers and the preview; the cache keeps that to one JSON.parse).
import { readDeskData, type DeskView } from './desk-data.ts';
import type { MsgElement } from './types.ts';

export type ElementView =
  | { type: 'text'; text: string }
  | { type: 'image'; content: Record<string, unknown> }
  | { type: 'file'; content: Record<string, unknown> }
  | { type: 'desk'; view: DeskView }
  | { type: 'unsupported' };

const cache = new WeakMap<object, ElementView>();

function read(element: unknown): ElementView {
  if (typeof element !== 'object' || element === null) return { type: 'unsupported' };
  const { MsgType, MsgContent } = element as { MsgType?: unknown; MsgContent?: unknown };
  if (typeof MsgContent !== 'object' || MsgContent === null) return { type: 'unsupported' };
  const content = MsgContent as Record<string, unknown>;
  switch (MsgType) {
    case 'TIMTextElem':
      return typeof content.Text === 'string' ? { type: 'text', text: content.Text } : { type: 'unsupported' };
    case 'TIMImageElem':
      return { type: 'image', content };
    case 'TIMFileElem':
      return { type: 'file', content };
    case 'TIMCustomElem':
      return { type: 'desk', view: readDeskData(content.Data, content.Desc) };
    default:
      return { type: 'unsupported' };
  }
}

export function readElement(element: MsgElement | unknown): ElementView {
  if (typeof element !== 'object' || element === null) return read(element);
  let view = cache.get(element);
  if (!view) {
    view = read(element);
    cache.set(element, view);
  }
  return view;
}

/** The checked views of a message's body; a body that is not an array reads as one unsupported element. */
export function readBody(body: unknown): ElementView[] {
  return Array.isArray(body) ? body.map(readElement) : [{ type: 'unsupported' }];
}
