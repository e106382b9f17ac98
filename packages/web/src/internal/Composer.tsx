// Writing to a colleague: text (Enter sends, Shift+Enter adds a line), an image or a file (uploaded
// with progress, then sent as its own message). An unsent draft survives switching conversations.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { MsgElement } from '../api/types';
import { uploadFile, type UploadKind } from '../api/upload';
import { useT } from '../i18n';
import { Icon } from '../ui/Icon';
import { toast } from '../ui/toasts';
import type { Colleague } from './internal-api';
import { sendMessage } from './internal-store';

const drafts = new Map<string, string>();

interface Upload {
  id: number;
  name: string;
  progress: number;
}

let uploadIds = 0;

export function Composer({ colleague }: { colleague: Colleague }) {
  const t = useT();
  const [text, setText] = useState(() => drafts.get(colleague.memberId) ?? '');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => input.current?.focus(), [colleague.memberId]);

  const edit = (value: string) => {
    setText(value);
    drafts.set(colleague.memberId, value);
  };

  const send = () => {
    const words = text.trim();
    if (!words) return;
    edit('');
    const body: MsgElement[] = [{ MsgType: 'TIMTextElem', MsgContent: { Text: words } }];
    void sendMessage(colleague.memberId, body);
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // Not while an input method is composing (Enter then picks the candidate).
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  };

  const attach = async (kind: UploadKind, file: File | undefined) => {
    if (!file) return;
    const id = ++uploadIds;
    const progress = (fraction: number) => setUploads((list) => list.map((u) => (u.id === id ? { ...u, progress: fraction } : u)));
    setUploads((list) => [...list, { id, name: file.name, progress: 0 }]);
    try {
      const uploaded = await uploadFile(file, kind, progress).done;
      await sendMessage(colleague.memberId, [uploaded.element]);
    } catch (error) {
      toast.error(error);
    } finally {
      setUploads((list) => list.filter((u) => u.id !== id));
    }
  };

  return (
    <form
      class="composer internal-composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {uploads.length ? (
        <ul class="upload-list">
          {uploads.map((upload) => (
            <li key={upload.id} class="upload" role="status">
              <span class="upload-name">{t('internal.uploading', { name: upload.name })}</span>
              <progress max={1} value={upload.progress} aria-label={t('internal.uploading', { name: upload.name })} />
            </li>
          ))}
        </ul>
      ) : null}
      <div class="composer-toolbar">
        <AttachButton kind="image" label={t('internal.image')} icon="image" onFile={(file) => void attach('image', file)} />
        <AttachButton kind="file" label={t('internal.file')} icon="paperclip" onFile={(file) => void attach('file', file)} />
        <span class="composer-hint muted small">{t('internal.placeholder')}</span>
      </div>
      <div class="composer-input">
        <textarea
          ref={input}
          rows={2}
          value={text}
          placeholder={t('internal.placeholder')}
          aria-label={t('internal.input', { name: colleague.nick })}
          data-testid="internal-input"
          onInput={(event) => edit((event.currentTarget as HTMLTextAreaElement).value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" class="button primary send-button" data-testid="internal-send" disabled={!text.trim()}>
          <Icon name="send" size={16} />
          <span>{t('internal.send')}</span>
        </button>
      </div>
    </form>
  );
}

/** A labelled icon that opens the file picker (the input itself is visually hidden but reachable). */
function AttachButton({ kind, label, icon, onFile }: { kind: UploadKind; label: string; icon: string; onFile(file: File | undefined): void }) {
  return (
    <label class="icon-button internal-attach" title={label}>
      <Icon name={icon} />
      <input
        type="file"
        class="visually-hidden"
        accept={kind === 'image' ? 'image/*' : undefined}
        aria-label={label}
        data-testid={`internal-attach-${kind}`}
        onChange={(event) => {
          const target = event.currentTarget as HTMLInputElement;
          const file = target.files?.[0];
          target.value = ''; // the same file can be picked again
          onFile(file);
        }}
      />
    </label>
  );
}
