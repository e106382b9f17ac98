import { useEffect, useRef } from 'preact/hooks';
import type { Translate } from '@parley/chat-ui/i18n/index.ts';
import { EMOJI } from '@parley/chat-ui/emoji.ts';

export function EmojiPanel({ t, onPick, onClose }: { t: Translate; onPick(emoji: string): void; onClose(): void }) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => panel.current?.querySelector('button')?.focus(), []);
  return (
    <div class="pw-emoji" role="dialog" aria-label={t('app.emoji.panel')} ref={panel} onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), onClose())}>
      <div class="pw-emoji-grid">
        {EMOJI.map((emoji) => (
          <button key={emoji} type="button" class="pw-emoji-item" aria-label={emoji} onClick={() => onPick(emoji)}>
            {emoji}
          </button>
        ))}
      </div>
    </div>
  );
}
