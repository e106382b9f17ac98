// The reply box: Enter sends, Shift+Enter breaks the line, `#` opens the quick replies; emoji,
// images and files (uploaded with progress); the customer sees "typing…" while the agent writes.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { MsgElement, QuickReply } from '../api/types';
import { useT } from '../i18n';
import { Icon } from '../ui/Icon';
import { toast } from '../ui/toasts';
import { useDismiss } from '../ui/useDismiss';
import { EmojiPicker } from './EmojiPicker';
import { QuickReplies } from './QuickReplies';
import { useUploads } from './useUploads';

/** The customer's typing indicator needs a signal now and then, not on every key. */
export const TYPING_EVERY_MS = 3000;
const TEXT_MAX = 8000;
const drafts = new Map<string, string>();

export interface ComposerProps {
  sessionId: string;
  onSend(body: MsgElement[]): Promise<unknown>;
  onTyping(): void;
}

/** Calls `signal` at most once per `everyMs`. */
export function throttle(signal: () => void, everyMs: number, now: () => number = Date.now): () => void {
  let last = -Infinity;
  return () => {
    const at = now();
    if (at - last < everyMs) return;
    last = at;
    signal();
  };
}

/** A `#` typed at the start or after a space opens the quick replies (spec 03 WB-AI-05). */
export const opensQuickReplies = (text: string, caret: number) => text[caret - 1] === '#' && (caret === 1 || /\s/.test(text[caret - 2]));

export function Composer({ sessionId, onSend, onTyping }: ComposerProps) {
  const t = useT();
  const [text, setText] = useState(() => drafts.get(sessionId) ?? '');
  const [panel, setPanel] = useState<'none' | 'emoji' | 'quick'>('none');
  const hashAt = useRef<number | undefined>();
  const input = useRef<HTMLTextAreaElement>(null);
  const imageInput = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const toolbar = useRef<HTMLDivElement>(null);
  const typing = useRef(throttle(onTyping, TYPING_EVERY_MS));
  const { uploads, start, cancel } = useUploads(onSend, (kind) => toast.info(kind === 'image' ? 'composer.imageTooLarge' : 'composer.fileTooLarge'));
  const closePanel = useCallback(() => setPanel('none'), []);
  useDismiss(toolbar, panel !== 'none', closePanel);

  useEffect(() => {
    setText(drafts.get(sessionId) ?? '');
    setPanel('none');
    typing.current = throttle(onTyping, TYPING_EVERY_MS);
    input.current?.focus();
  }, [sessionId]);

  const update = (next: string) => {
    setText(next);
    if (next) drafts.set(sessionId, next);
    else drafts.delete(sessionId);
  };

  const send = () => {
    const value = text.trim();
    if (!value) return;
    update('');
    void onSend([{ MsgType: 'TIMTextElem', MsgContent: { Text: value } }]).catch(() => undefined); // a failed line offers a retry
    input.current?.focus();
  };

  /** Puts text where the cursor is (replacing the `#` that opened the quick replies). */
  const insert = (insertion: string, replaceFrom?: number) => {
    const element = input.current;
    const caret = element?.selectionStart ?? text.length;
    const from = replaceFrom ?? caret;
    const next = (text.slice(0, from) + insertion + text.slice(caret)).slice(0, TEXT_MAX);
    update(next);
    requestAnimationFrame(() => {
      element?.focus();
      const at = from + insertion.length;
      element?.setSelectionRange(at, at);
    });
  };

  const pickQuickReply = (reply: QuickReply) => {
    const from = hashAt.current;
    hashAt.current = undefined;
    setPanel('none');
    insert(reply.content, from);
  };

  const onInput = (event: Event) => {
    const element = event.currentTarget as HTMLTextAreaElement;
    update(element.value);
    if (element.value.trim()) typing.current();
    if (opensQuickReplies(element.value, element.selectionStart)) {
      hashAt.current = element.selectionStart - 1;
      setPanel('quick');
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  };

  const chooseFile = (kind: 'image' | 'file') => (event: Event) => {
    const element = event.currentTarget as HTMLInputElement;
    for (const file of [...(element.files ?? [])]) start(file, kind);
    element.value = '';
  };

  return (
    <div class="composer">
      {uploads.length ? (
        <ul class="upload-list">
          {uploads.map((upload) => (
            <li key={upload.id} class={`upload${upload.error ? ' failed' : ''}`} data-testid="upload-progress">
              <Icon name={upload.kind === 'image' ? 'image' : 'file'} size={16} />
              <span class="upload-name">{upload.name}</span>
              {upload.error ? (
                <span class="form-error small">{t('composer.uploadFailed')}</span>
              ) : (
                <progress max={1} value={upload.progress} aria-label={t('composer.uploading', { name: upload.name })} />
              )}
              <button type="button" class="icon-button small" aria-label={t('common.cancel')} onClick={() => cancel(upload.id)}>
                <Icon name="close" size={14} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div class="composer-toolbar" ref={toolbar}>
        <button
          type="button"
          class={`icon-button${panel === 'emoji' ? ' active' : ''}`}
          aria-label={t('composer.emoji')}
          title={t('composer.emoji')}
          aria-expanded={panel === 'emoji'}
          data-testid="emoji-button"
          onClick={() => setPanel(panel === 'emoji' ? 'none' : 'emoji')}
        >
          <Icon name="smile" />
        </button>
        <button type="button" class="icon-button" aria-label={t('composer.image')} title={t('composer.image')} onClick={() => imageInput.current?.click()}>
          <Icon name="image" />
        </button>
        <button type="button" class="icon-button" aria-label={t('composer.file')} title={t('composer.file')} onClick={() => fileInput.current?.click()}>
          <Icon name="paperclip" />
        </button>
        <button
          type="button"
          class={`icon-button${panel === 'quick' ? ' active' : ''}`}
          aria-label={t('composer.quickReplies')}
          title={t('composer.quickReplies')}
          aria-expanded={panel === 'quick'}
          data-testid="quick-replies-button"
          onClick={() => {
            hashAt.current = undefined;
            setPanel(panel === 'quick' ? 'none' : 'quick');
          }}
        >
          <Icon name="bolt" />
        </button>
        <span class="composer-hint muted small">{t('composer.hint')}</span>
        <input ref={imageInput} type="file" accept="image/jpeg,image/png,image/gif,image/webp,image/bmp" multiple hidden data-testid="attach-image" onChange={chooseFile('image')} />
        <input ref={fileInput} type="file" multiple hidden data-testid="attach-file" onChange={chooseFile('file')} />
        {panel === 'emoji' ? (
          <EmojiPicker
            onPick={(emoji) => {
              setPanel('none');
              insert(emoji);
            }}
          />
        ) : null}
        {panel === 'quick' ? (
          <QuickReplies
            onPick={pickQuickReply}
            onClose={() => {
              setPanel('none');
              input.current?.focus();
            }}
          />
        ) : null}
      </div>
      <div class="composer-input">
        <textarea
          ref={input}
          value={text}
          rows={3}
          maxLength={TEXT_MAX}
          placeholder={t('composer.placeholder')}
          aria-label={t('composer.label')}
          data-testid="composer-input"
          onInput={onInput}
          onKeyDown={onKeyDown}
        />
        <button type="button" class="button primary send-button" disabled={!text.trim()} data-testid="send-button" onClick={send}>
          <Icon name="send" size={16} />
          <span>{t('composer.send')}</span>
        </button>
      </div>
    </div>
  );
}
