// 标记 a session: a note of at most 200 bytes (UTF-8; a Chinese character counts 3).
import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { Dialog } from '../ui/Dialog';
import { errorText } from '../ui/errors';
import { Icon } from '../ui/Icon';
import { MARK_MAX_BYTES, utf8Bytes } from './session-actions';

export function MarkDialog({ initial, onClose, onSave }: { initial: string; onClose(): void; onSave(mark: string): Promise<unknown> }) {
  const t = useT();
  const [mark, setMark] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const bytes = utf8Bytes(mark);
  const tooLong = bytes > MARK_MAX_BYTES;

  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onSave(mark.trim());
      onClose();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t('mark.title')}
      onClose={onClose}
      testId="mark-dialog"
      size="small"
      footer={
        <>
          <button type="button" class="button ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" class="button primary" disabled={busy || tooLong} data-testid="mark-save" onClick={() => void save()}>
            {busy ? t('common.working') : t('common.save')}
          </button>
        </>
      }
    >
      <label class="field">
        <span>{t('mark.label')}</span>
        <textarea data-autofocus rows={3} value={mark} data-testid="mark-input" aria-describedby="mark-count" onInput={(event) => setMark(event.currentTarget.value)} />
      </label>
      <p id="mark-count" class={`field-count${tooLong ? ' form-error' : ' muted'}`}>
        {t('mark.bytes', { n: bytes, max: MARK_MAX_BYTES })}
      </p>
      {error ? (
        <p class="form-error" role="alert">
          <Icon name="alert" /> {errorText(error, t)}
        </p>
      ) : null}
    </Dialog>
  );
}

export function ConfirmDialog({ title, text, confirm, danger, onClose, onConfirm }: { title: string; text: string; confirm: string; danger?: boolean; onClose(): void; onConfirm(): void }) {
  const t = useT();
  return (
    <Dialog
      title={title}
      onClose={onClose}
      testId="confirm-dialog"
      size="small"
      footer={
        <>
          <button type="button" class="button ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" data-autofocus class={`button ${danger ? 'danger' : 'primary'}`} data-testid="confirm-button" onClick={onConfirm}>
            {confirm}
          </button>
        </>
      }
    >
      <p>{text}</p>
    </Dialog>
  );
}
