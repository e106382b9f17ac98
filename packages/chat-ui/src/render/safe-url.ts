// URL checks for everything a message may point at. Messages come from customers, agents and the
// business server's REST calls, so no URL is trusted: only schemes that cannot run script pass.

const WEB = new Set(['http:', 'https:']);

function resolve(raw: string): URL | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  try {
    return new URL(value, document.baseURI);
  } catch {
    return undefined;
  }
}

/** An absolute http(s) URL (product links, auto-linked text); anything else is undefined. */
export function safeWebUrl(raw: string): string | undefined {
  if (!/^https?:\/\//i.test(raw.trim())) return undefined;
  const url = resolve(raw);
  return url && WEB.has(url.protocol) ? url.href : undefined;
}

/**
 * An http(s) URL, absolute or relative to this page (the server's own files are relative when
 * PUBLIC_URL is unset). data:, blob:, javascript: and every other scheme are refused: chat images and
 * files always come from a server, so there is nothing legitimate to lose.
 */
export function safeResourceUrl(raw: string): string | undefined {
  const url = resolve(raw);
  return url && WEB.has(url.protocol) ? url.href : undefined;
}

const LINK = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/** Links inside rich text: absolute web, mail and phone links only. */
export function safeLinkHref(raw: string): string | undefined {
  if (!/^[a-z]+:/i.test(raw.trim())) return undefined;
  const url = resolve(raw);
  return url && LINK.has(url.protocol) ? url.href : undefined;
}
