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

export function sanitizeMarkdown(input: string): string {
  return input
    .replace(DANGEROUS_BLOCKS, '')
    .replace(ANY_TAG, (tag, name: string) => {
      if (!ALLOWED_TAGS.has(name.toLowerCase())) return '';
      return tag.startsWith('</') ? `</${name.toLowerCase()}>` : `<${name.toLowerCase()}>`; // attributes dropped
    })
    .replace(/(!?\[[^\]]*\]\()\s*([^)\s]+)/g, (_m, head: string, url: string) => head + safeUrl(url))
    .replace(/<((?:[a-z][a-z0-9+.-]*):[^>\s]*)>/gi, (m, url: string) => (SCRIPT_URL.test(url) ? '' : m));
}
