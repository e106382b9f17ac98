// One line of plain text for session lists and notifications. The result is text: show it as a text
// node, never as HTML.
import type { DeskView } from './desk-data.ts';
import { readBody, type ElementView } from './elements.ts';
import type { RenderableMessage, Translate } from './types.ts';

const MAX_PREVIEW = 120;
/** Enough of a long Markdown answer to fill one line; the rest is never looked at. */
const MAX_SCAN = 2000;

function markdownToPlain(markdown: string, t: Translate): string {
  return markdown
    .slice(0, MAX_SCAN)
    .replace(/!\[[^\]]*\]\s*\([^)]*\)/g, ` ${t('render.preview.image')} `)
    .replace(/\[([^\]]*)\]\s*\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, '')
    .replace(/^\s{0,3}(?:[-+*]|\d+[.)])\s+/gm, '')
    .replace(/[*_`~#>|]+/g, '');
}

function deskPreview(view: DeskView, t: Translate): string {
  switch (view.kind) {
    case 'flag':
      return '';
    case 'unsupported':
      return view.desc ?? t('render.unsupported');
    case 'rating':
      return t('render.preview.rating');
    case 'branch':
    case 'taskBranch':
    case 'formCollection':
      return view.header || t('render.preview.form');
    case 'sessionEnded':
      return t(view.timeout ? 'render.session.timeout' : 'render.session.ended');
    case 'product':
      return t('render.preview.product', { title: view.header });
    case 'order':
      return t('render.preview.order', { title: view.name });
    case 'robotCard':
      return view.title || view.items[0] || '';
    case 'markdown':
      return markdownToPlain(view.text, t);
    case 'taskForm':
      return view.tip || t('render.preview.form');
  }
}

function elementPreview(element: ElementView, t: Translate): string {
  switch (element.type) {
    case 'text':
      return element.text.slice(0, MAX_SCAN);
    case 'image':
      return t('render.preview.image');
    case 'file': {
      const name = element.content.FileName;
      return t('render.preview.file', { name: typeof name === 'string' ? name : '' });
    }
    case 'desk':
      return deskPreview(element.view, t);
    case 'unsupported':
      return t('render.unsupported');
  }
}

/** A one-line plain-text summary of a message ('' for flag messages). */
export function previewText(message: RenderableMessage, t: Translate): string {
  const line = readBody(message.body)
    .map((element) => elementPreview(element, t))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  const characters = Array.from(line); // not slice(): it could split an emoji's surrogate pair
  return characters.length > MAX_PREVIEW ? `${characters.slice(0, MAX_PREVIEW - 1).join('')}…` : line;
}
