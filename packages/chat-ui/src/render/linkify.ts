// Finds http(s) URLs in plain text so they can be rendered as links (as elements, never as HTML).
import { safeWebUrl } from './safe-url.ts';

export type TextPart = string | { href: string; label: string };

/** A URL runs to whitespace, a quote or full-width punctuation (Chinese text often has no space after it). */
const URL_IN_TEXT = /https?:\/\/[^\s<>"'`，。；：！？（）【】《》「」『』、…]+/gi;
const count = (text: string, char: string) => text.split(char).length - 1;

/** Drops sentence punctuation after a URL; a ')' stays when it closes a '(' of the URL (Wikipedia links). */
function trimUrl(raw: string): string {
  let url = raw;
  while (url.length > 0) {
    const last = url[url.length - 1];
    const closesParen = last === ')' && count(url, '(') >= count(url, ')');
    if (closesParen || !'.,;:!?)]}'.includes(last)) break;
    url = url.slice(0, -1);
  }
  return url;
}

export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const label = trimUrl(match[0]);
    const href = safeWebUrl(label);
    if (!href) continue;
    const start = match.index;
    if (start > last) parts.push(text.slice(last, start));
    parts.push({ href, label });
    last = start + label.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
