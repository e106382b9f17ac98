// A grid of common emoji (the customer chat's set); picking one inserts it where the cursor is.
import { EMOJI } from '@parley/chat-ui/emoji.ts';
import { useT } from '../i18n';

export function EmojiPicker({ onPick }: { onPick(emoji: string): void }) {
  const t = useT();
  return (
    <div class="popover emoji-picker" role="dialog" aria-label={t('composer.emoji')}>
      <div class="emoji-grid">
        {EMOJI.map((emoji) => (
          <button key={emoji} type="button" class="emoji" aria-label={emoji} onClick={() => onPick(emoji)}>
            {emoji}
          </button>
        ))}
      </div>
    </div>
  );
}
