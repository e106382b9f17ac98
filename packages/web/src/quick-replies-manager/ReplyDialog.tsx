// One personal quick reply: a new one in the chosen category, or an edit of an existing one.
import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { FormDialog } from '../ui/FormDialog';
import { FieldCount } from './FieldCount';
import { charCount, PERSONAL_LIMITS, personalApi, type PersonalReply } from './personal-api';

export interface ReplyDialogProps {
  categoryId: number;
  reply?: PersonalReply;
  onClose(): void;
  onSaved(): void;
}

export function ReplyDialog({ categoryId, reply, onClose, onSaved }: ReplyDialogProps) {
  const t = useT();
  const [title, setTitle] = useState(reply?.title ?? '');
  const [content, setContent] = useState(reply?.content ?? '');
  const fields = { title: title.trim(), content: content.trim() };
  const titleCount = charCount(fields.title);
  const contentCount = charCount(fields.content);
  const unchanged = reply !== undefined && fields.title === reply.title && fields.content === reply.content;
  const canSubmit = titleCount > 0 && titleCount <= PERSONAL_LIMITS.title && contentCount > 0 && contentCount <= PERSONAL_LIMITS.content && !unchanged;

  const save = async () => {
    if (reply) await personalApi.updateReply(reply.replyId, fields);
    else await personalApi.createReply({ categoryId, ...fields });
    onSaved();
  };

  return (
    <FormDialog
      title={t(reply ? 'qrm.editReply' : 'qrm.newReply')}
      testId="qr-reply-dialog"
      submitLabel={t(reply ? 'common.save' : 'qrm.add')}
      canSubmit={canSubmit}
      onSubmit={save}
      onClose={onClose}
      submitOnCtrlEnter
      size="medium"
    >
      <label class="field">
        <span>{t('qrm.replyTitle')}</span>
        <input data-autofocus data-testid="qr-reply-title" value={title} aria-describedby="qr-title-count" onInput={(event) => setTitle(event.currentTarget.value)} />
      </label>
      <FieldCount id="qr-title-count" count={titleCount} max={PERSONAL_LIMITS.title} />
      <label class="field">
        <span>{t('qrm.replyContent')}</span>
        <textarea rows={6} data-testid="qr-reply-content" value={content} aria-describedby="qr-content-count" onInput={(event) => setContent(event.currentTarget.value)} />
      </label>
      <FieldCount id="qr-content-count" count={contentCount} max={PERSONAL_LIMITS.content} />
      <p class="muted small">{t('qrm.ctrlEnter')}</p>
    </FormDialog>
  );
}
