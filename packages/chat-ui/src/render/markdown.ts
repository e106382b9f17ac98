// Markdown (src 30 rich text, src 31 streams) → sanitised HTML. marked does not sanitise, so its
// output goes through DOMPurify with an allow-list: formatting, lists, tables, code, links and images;
// no style, no event handlers, no iframes, forms, scripts or SVG. Links and images are checked again
// per element (DOMPurify's URI check is one regex for both) and links always open a new tab.
import { Marked } from 'marked';
import DOMPurify from 'dompurify';
import { safeLinkHref, safeResourceUrl } from './safe-url.ts';

const ALLOWED_TAGS = [
  'p',
  'br',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'strong',
  'b',
  'em',
  'i',
  'del',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'img',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'input',
];
// `input` only for GFM task-list checkboxes; the hook below drops every other input.
const ALLOWED_ATTR = ['href', 'title', 'alt', 'src', 'align', 'start', 'type', 'checked', 'disabled'];

const marked = new Marked({ gfm: true, breaks: true, async: false });

let purifier: ReturnType<typeof DOMPurify> | undefined;
/** The alt text for images the author left without one; set for the duration of one sanitize call. */
let defaultAlt = '';

/** Our own DOMPurify instance, so our hooks never affect another user of the library on the page. */
function purify(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const instance = DOMPurify(window);
  instance.addHook('afterSanitizeAttributes', (node) => {
    const element = node as Element;
    if (element.tagName === 'A') secureLink(element);
    else if (element.tagName === 'IMG') secureImage(element);
    else if (element.tagName === 'INPUT') secureCheckbox(element);
  });
  purifier = instance;
  return instance;
}

function secureLink(link: Element) {
  const href = safeLinkHref(link.getAttribute('href') ?? '');
  if (href === undefined) {
    link.removeAttribute('href');
    return;
  }
  link.setAttribute('href', href);
  link.setAttribute('target', '_blank');
  link.setAttribute('rel', 'noopener noreferrer');
}

function secureImage(image: Element) {
  const src = safeResourceUrl(image.getAttribute('src') ?? '');
  if (src === undefined) {
    image.remove();
    return;
  }
  image.setAttribute('src', src);
  if (!image.getAttribute('alt')) image.setAttribute('alt', defaultAlt);
  image.setAttribute('loading', 'lazy');
  image.setAttribute('referrerpolicy', 'no-referrer');
}

function secureCheckbox(input: Element) {
  if (input.getAttribute('type') !== 'checkbox') input.remove();
  else input.setAttribute('disabled', '');
}

/** Some servers write `[text] (url)` with a space (spec 02 §9.14); CommonMark would not see a link. */
const SPACED_LINK = /\]\s+\((?=https?:\/\/)/g;

/** Sanitised HTML for a Markdown string; safe to assign to innerHTML. */
export function markdownToHtml(markdown: string, imageAlt = ''): string {
  const html = marked.parse(markdown.replace(SPACED_LINK, ']('), { async: false });
  defaultAlt = imageAlt;
  return purify().sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR, ALLOW_DATA_ATTR: false, ALLOW_ARIA_ATTR: false });
}
