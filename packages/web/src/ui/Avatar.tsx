// Initials on a colour picked from the id, so a person keeps their colour everywhere.

const HUES = [211, 262, 150, 24, 330, 190, 45, 290, 0, 170];

export function hueOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return HUES[hash % HUES.length];
}

/** Up to two letters: the first of the first two words, or the first two characters (CJK names). */
export function initialsOf(name: string): string {
  const firstChar = [...name.trim()][0] ?? '';
  if (/[\u3400-\u9fff\uac00-\ud7af\u3040-\u30ff]/.test(firstChar)) return firstChar; // CJK names: one character reads best
  const words = name
    .trim()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (words.length === 0) return '?';
  if (words.length === 1) return [...words[0]].slice(0, 2).join('').toUpperCase();
  return ([...words[0]][0] + [...words[1]][0]).toUpperCase();
}

export function Avatar({ id, name, size = 36, kind }: { id: string; name: string; size?: number; kind?: 'robot' | 'system' }) {
  const hue = hueOf(id);
  const style = `--avatar-hue:${hue};width:${size}px;height:${size}px;font-size:${Math.round(size * 0.4)}px`;
  return (
    <span class={`avatar${kind ? ` avatar-${kind}` : ''}`} style={style} aria-hidden="true">
      {initialsOf(name)}
    </span>
  );
}
