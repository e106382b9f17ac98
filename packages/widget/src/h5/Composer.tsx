import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatClient, UploadKind } from '../client/index.ts';
import type { Translate } from '@parley/chat-ui/i18n/index.ts';
import type { EmbedBridge } from './embed-bridge.ts';
import { EmojiPanel } from './EmojiPanel.tsx';

interface Upload {
  name: string;
  fraction: number;
}

const MAX_ROWS_PX = 120;
/** 3000 CJK characters are 9 KB of UTF-8: within the server's 12 KB message limit. */
const MAX_TEXT = 3000;

/** Text (Enter sends, Shift+Enter is a new line), emoji, and image or file uploads with progress. */
export function Composer({ client, t, bridge }: { client: ChatClient; t: Translate; bridge?: EmbedBridge }) {
  const [text, setText] = useState('');
  const [emojiOpen, setEmojiOpen] = useState(false);
  const [upload, setUpload] = useState<Upload>();
  const [uploadError, setUploadError] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => bridge?.onOpen(() => input.current?.focus()), [bridge]);

  // Grow with the text up to a few lines, then scroll.
  useEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_ROWS_PX)}px`;
  }, [text]);

  const send = () => {
    if (!text.trim()) return;
    client.sendText(text);
    setText('');
    setEmojiOpen(false);
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // isComposing: Enter that confirms an IME candidate (Chinese input) must not send.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      send();
    }
  };

  const insertEmoji = (emoji: string) => {
    const el = input.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    setText(text.slice(0, start) + emoji + text.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + emoji.length, start + emoji.length);
    });
  };

  const onFile = async (event: Event, kind: UploadKind) => {
    const field = event.currentTarget as HTMLInputElement;
    const file = field.files?.[0];
    field.value = ''; // the same file can be chosen again
    if (!file) return;
    setUploadError('');
    setUpload({ name: file.name, fraction: 0 });
    try {
      await client.sendFile(file, kind, (fraction) => setUpload({ name: file.name, fraction }));
    } catch (error) {
      setUploadError(t('app.upload.failed', { reason: error instanceof Error ? error.message : String(error) }));
    } finally {
      setUpload(undefined);
    }
  };

  return (
    <footer class="pw-composer">
      {upload && (
        <div
          class="pw-upload"
          data-testid="upload-progress"
          role="progressbar"
          aria-label={t('app.upload.progress', { name: upload.name })}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(upload.fraction * 100)}
        >
          <span class="pw-upload-name">{t('app.upload.progress', { name: upload.name })}</span>
          <span class="pw-upload-bar">
            <span style={{ width: `${Math.round(upload.fraction * 100)}%` }} />
          </span>
        </div>
      )}
      {uploadError && (
        <p class="pw-upload-error" role="alert">
          {uploadError}
        </p>
      )}
      {emojiOpen && <EmojiPanel t={t} onPick={insertEmoji} onClose={() => (setEmojiOpen(false), input.current?.focus())} />}
      <div class="pw-composer-row">
        <div class="pw-tools">
          <button type="button" class="pw-tool" data-testid="emoji-button" aria-label={t('app.emoji')} aria-expanded={emojiOpen} aria-haspopup="true" onClick={() => setEmojiOpen(!emojiOpen)}>
            <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round">
              <circle cx="12" cy="12" r="9" />
              <path d="M8.5 14.5a4.5 4.5 0 007 0M9 9.5h.01M15 9.5h.01" />
            </svg>
          </button>
          <label class="pw-tool" title={t('app.attach.image')}>
            <input type="file" class="pw-visually-hidden" accept="image/*" data-testid="attach-image" aria-label={t('app.attach.image')} disabled={!!upload} onChange={(e) => onFile(e, 'image')} />
            <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round">
              <rect x="3" y="4" width="18" height="16" rx="2" />
              <circle cx="9" cy="10" r="2" />
              <path d="M21 16l-5-5-9 9" />
            </svg>
          </label>
          <label class="pw-tool" title={t('app.attach.file')}>
            <input type="file" class="pw-visually-hidden" data-testid="attach-file" aria-label={t('app.attach.file')} disabled={!!upload} onChange={(e) => onFile(e, 'file')} />
            <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">
              <path d="M21 11.5l-8.6 8.6a5 5 0 01-7.1-7.1l8.6-8.6a3.3 3.3 0 014.7 4.7l-8.6 8.6a1.7 1.7 0 01-2.4-2.4l7.9-7.9" />
            </svg>
          </label>
        </div>
        <textarea
          ref={input}
          class="pw-input"
          rows={1}
          data-testid="composer-input"
          aria-label={t('app.composer.label')}
          placeholder={t('app.composer.placeholder')}
          value={text}
          enterkeyhint="send"
          maxLength={MAX_TEXT}
          onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
          onKeyDown={onKeyDown}
        />
        <button type="button" class="pw-send" data-testid="send-button" aria-label={t('app.send')} disabled={!text.trim()} onClick={send}>
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="currentColor">
            <path d="M3.4 20.4l17.4-7.5a1 1 0 000-1.8L3.4 3.6a1 1 0 00-1.4 1.1L4 11l9 1-9 1-2 6.3a1 1 0 001.4 1.1z" />
          </svg>
        </button>
      </div>
    </footer>
  );
}
