// Very long messages (a pasted log, a runaway stream) would freeze the page if rendered whole; they
// are clipped to a prefix until the reader asks for the rest.

export interface ClipLimits {
  chars: number;
  lines: number;
}

export const TEXT_LIMITS: ClipLimits = { chars: 2000, lines: 40 };
export const MARKDOWN_LIMITS: ClipLimits = { chars: 4000, lines: 80 };

/** The prefix to show, or undefined when the text fits. Cuts at a line break when one is near. */
export function clipText(text: string, limits: ClipLimits): string | undefined {
  let end = Math.min(text.length, limits.chars);
  let newline = -1;
  for (let line = 0; line < limits.lines; line++) {
    newline = text.indexOf('\n', newline + 1);
    if (newline === -1 || newline >= end) break;
    if (line === limits.lines - 1) end = newline;
  }
  if (end >= text.length) return undefined;
  const lastBreak = text.lastIndexOf('\n', end);
  return lastBreak > end * 0.8 ? text.slice(0, lastBreak) : text.slice(0, end);
}
