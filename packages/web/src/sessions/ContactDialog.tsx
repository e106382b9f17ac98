// 员工主动联系用户 (spec 03 §1.9): open a session with a user by their UserID.
import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { Dialog } from '../ui/Dialog';
import { errorText } from '../ui/errors';
import { Icon } from '../ui/Icon';
import { contactUser } from './contact';

export function ContactDialog({ onClose, onContacted }: { onClose(): void; onContacted(sessionId: string): void }) {
  const t = useT();
  const [userId, setUserId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const submit = async () => {
    if (!userId.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      onContacted(await contactUser(userId.trim()));
    } catch (caught) {
      setError(errorText(caught, t));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t('contact.title')}
      onClose={onClose}
      testId="contact-dialog"
      size="small"
      footer={
        <>
          <button type="button" class="button ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="contact-form" class="button primary" disabled={busy || !userId.trim()} data-testid="contact-confirm">
            {busy ? t('common.working') : t('contact.start')}
          </button>
        </>
      }
    >
      <form
        id="contact-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <p class="muted">{t('contact.hint')}</p>
        <label class="field">
          <span>{t('contact.userId')}</span>
          <input data-autofocus data-testid="contact-user-id" maxLength={128} value={userId} onInput={(event) => setUserId(event.currentTarget.value)} />
        </label>
        {error ? (
          <p class="form-error" role="alert">
            <Icon name="alert" /> {error}
          </p>
        ) : null}
      </form>
    </Dialog>
  );
}
