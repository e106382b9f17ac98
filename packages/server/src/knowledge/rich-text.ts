/**
 * Defence in depth for rich-text (Markdown) answers: they are rendered by customer widgets and
 * consoles, which sanitise again. Here we drop active HTML and neutralise script URLs on input.
 */
const DANGEROUS_BLOCKS = /<(script|style|iframe|object|embed|template|noscript)\b[\s\S]*?(<\/\1\s*>|$)/gi;
const ALLOWED_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 's', 'br', 'p', 'ul', 'ol', 'li', 'code', 'pre', 'blockquote', 'span', 'sub', 'sup']);
const ANY_TAG = /<\/?([a-zA-Z][\w-]*)\b[^>]*>/g;
const SCRIPT_URL = /^\s*(javascript|vbscript|data(?!:image\/(png|jpe?g|gif|webp);))\s*:/i;

function safeUrl(url: string): string {
  // Browsers ignore control characters and whitespace inside schemes, so strip them before checking.
  const compact = url.replace(/[\u0000-\u0020]/g, '');
  return SCRIPT_URL.test(compact) ? '#' : url;
}

/** Links may lead to web pages and mail addresses only. */
const LINK_URL = /^(https?:\/\/|mailto:)/i;
const ATTRIBUTE = /\s([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;

function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const [, name, double, single, bare] of tag.matchAll(ATTRIBUTE)) attributes.set(name.toLowerCase(), double ?? single ?? bare ?? '');
  return attributes;
}

const escapeAttribute = (value: string) =>
  value
    .replace(/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;');

/**
 * `<a>` keeps an http(s) or mailto href (anything else: the text stays, the link goes). A link that
 * opens a new tab gets rel="noopener noreferrer", so the page it opens cannot reach back. A safe
 * link comes back as it was sent, and sanitising twice changes nothing.
 */
function anchorTag(tag: string): string {
  const attributes = attributesOf(tag);
  const href = attributes.get('href')?.replace(/[\u0000-\u0020]/g, '') ?? '';
  if (!LINK_URL.test(href)) return '<a>';
  const newTab = attributes.get('target')?.toLowerCase() === '_blank' ? ' target="_blank" rel="noopener noreferrer"' : '';
  return `<a href="${escapeAttribute(href)}"${newTab}>`;
}

export function sanitizeMarkdown(input: string): string {
  return input
    .replace(DANGEROUS_BLOCKS, '')
    .replace(ANY_TAG, (tag, name: string) => {
      const lower = name.toLowerCase();
      if (lower === 'a') return tag.startsWith('</') ? '</a>' : anchorTag(tag);
      if (!ALLOWED_TAGS.has(lower)) return '';
      return tag.startsWith('</') ? `</${lower}>` : `<${lower}>`; // attributes dropped
    })
    .replace(/(!?\[[^\]]*\]\()\s*([^)\s]+)/g, (_m, head: string, url: string) => head + safeUrl(url))
    .replace(/<((?:[a-z][a-z0-9+.-]*):[^>\s]*)>/gi, (m, url: string) => (SCRIPT_URL.test(url) ? '' : m));
}
