import { safeResourceUrl } from '@parley/chat-ui/render/safe-url.ts';

/** The account's picture, or its first letter on the accent colour when it has none. */
export function Avatar({ url, name, size }: { url: string; name: string; size: number }) {
  const src = url ? safeResourceUrl(url) : undefined;
  const style = { width: `${size}px`, height: `${size}px` };
  if (src) return <img class="pw-avatar" src={src} alt="" style={style} referrerpolicy="no-referrer" />;
  return (
    <span class="pw-avatar pw-avatar-letter" style={{ ...style, fontSize: `${Math.round(size * 0.45)}px` }} aria-hidden="true">
      {Array.from(name.trim())[0] ?? '?'}
    </span>
  );
}
