// 员工主动联系用户 (spec 03 §1.9): open a session with a user by their UserID.
import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { FormDialog } from '../ui/FormDialog';
import { contactUser } from './contact';

export function ContactDialog({ onClose, onContacted }: { onClose(): void; onContacted(sessionId: string): void }) {
  const t = useT();
  const [userId, setUserId] = useState('');

  const contact = async () => onContacted(await contactUser(userId.trim()));

  return (
    <FormDialog
      title={t('contact.title')}
      testId="contact-dialog"
      submitLabel={t('contact.start')}
      submitTestId="contact-confirm"
      canSubmit={userId.trim() !== ''}
      onSubmit={contact}
      onClose={onClose}
    >
      <p class="muted">{t('contact.hint')}</p>
      <label class="field">
        <span>{t('contact.userId')}</span>
        <input data-autofocus data-testid="contact-user-id" maxLength={128} value={userId} onInput={(event) => setUserId(event.currentTarget.value)} />
      </label>
    </FormDialog>
  );
}
