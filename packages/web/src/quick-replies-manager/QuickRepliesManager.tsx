// 个人快捷回复 (spec 03 WB-QR-02): the agent's own categories and replies, managed in a dialog opened
// from the quick-reply picker or the user menu. Every change bumps the store's version, so the
// picker shows it; forms and confirmations open as dialogs on top (Esc closes the top one only).
import { useEffect, useState } from 'preact/hooks';
import { ConfirmDialog } from '../chat/MarkDialog';
import { useT } from '../i18n';
import { useStore } from '../state/store';
import { Dialog } from '../ui/Dialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Icon } from '../ui/Icon';
import { toast } from '../ui/toasts';
import { BulkAddDialog } from './BulkAddDialog';
import { CategoryDialog } from './CategoryDialog';
import { CategoryList } from './CategoryList';
import { closeQuickRepliesManager, quickRepliesChanged, quickRepliesManagerStore } from './manager-store';
import { personalApi, type PersonalCategory, type PersonalReply } from './personal-api';
import { ReplyDialog } from './ReplyDialog';
import { ReplyPanel } from './ReplyPanel';
import { usePersonalCategories } from './use-personal-replies';
import './quick-replies-manager.css';

type Modal =
  | { kind: 'category'; category?: PersonalCategory }
  | { kind: 'deleteCategory'; category: PersonalCategory }
  | { kind: 'reply'; reply?: PersonalReply }
  | { kind: 'deleteReply'; reply: PersonalReply }
  | { kind: 'bulk' };

/** Rendered once by the workbench; shows the manager while the store says it is open. */
export function QuickRepliesManagerHost() {
  const open = useStore(quickRepliesManagerStore, (s) => s.open);
  useEffect(() => closeQuickRepliesManager, []); // a logout leaves it closed for the next login
  return open ? <QuickRepliesManager onClose={closeQuickRepliesManager} /> : null;
}

export function QuickRepliesManager({ onClose }: { onClose(): void }) {
  const t = useT();
  const version = useStore(quickRepliesManagerStore, (s) => s.version);
  const { data: categories, loading, error } = usePersonalCategories(version);
  const [selectedId, setSelectedId] = useState<number | undefined>();
  const [modal, setModal] = useState<Modal | undefined>();
  const [actionError, setActionError] = useState<unknown>();
  // The first category is open at the start, and after the open one is deleted.
  const selected = categories?.find((c) => c.categoryId === selectedId) ?? categories?.[0];

  const closeModal = () => setModal(undefined);
  /** After a save: close the form and reload the lists here and in the picker. */
  const saved = () => {
    setModal(undefined);
    setActionError(undefined);
    quickRepliesChanged();
  };
  const remove = async (action: () => Promise<unknown>) => {
    setModal(undefined);
    setActionError(undefined);
    try {
      await action();
      quickRepliesChanged();
    } catch (caught) {
      setActionError(caught);
    }
  };

  return (
    <>
      <Dialog title={t('qrm.title')} onClose={onClose} testId="qr-manager" size="large">
        <div class="qrm">
          <p class="muted small qrm-intro">{t('qrm.intro')}</p>
          <ErrorAlert error={actionError ?? error} class="qrm-error" testId="qr-error" />
          {categories ? (
            <div class="qrm-columns">
              <CategoryList categories={categories} selectedId={selected?.categoryId} onSelect={setSelectedId} onNew={() => setModal({ kind: 'category' })} />
              {selected ? (
                <ReplyPanel
                  key={selected.categoryId}
                  category={selected}
                  version={version}
                  onRename={() => setModal({ kind: 'category', category: selected })}
                  onDeleteCategory={() => setModal({ kind: 'deleteCategory', category: selected })}
                  onAdd={() => setModal({ kind: 'reply' })}
                  onBulkAdd={() => setModal({ kind: 'bulk' })}
                  onEdit={(reply) => setModal({ kind: 'reply', reply })}
                  onDelete={(reply) => setModal({ kind: 'deleteReply', reply })}
                />
              ) : (
                <FirstCategory onNew={() => setModal({ kind: 'category' })} />
              )}
            </div>
          ) : loading ? (
            <p class="muted" role="status">
              {t('common.loading')}
            </p>
          ) : null}
        </div>
      </Dialog>
      {modal?.kind === 'category' ? (
        <CategoryDialog
          category={modal.category}
          onClose={closeModal}
          onSaved={(category) => {
            setSelectedId(category.categoryId);
            saved();
          }}
        />
      ) : null}
      {modal?.kind === 'deleteCategory' ? (
        <ConfirmDialog
          title={t('qrm.deleteCategoryTitle')}
          text={t('qrm.deleteCategoryText', { name: modal.category.name, n: modal.category.replyCount })}
          confirm={t('qrm.delete')}
          danger
          onClose={closeModal}
          onConfirm={() => void remove(() => personalApi.deleteCategory(modal.category.categoryId))}
        />
      ) : null}
      {modal?.kind === 'reply' && selected ? <ReplyDialog categoryId={selected.categoryId} reply={modal.reply} onClose={closeModal} onSaved={saved} /> : null}
      {modal?.kind === 'deleteReply' ? (
        <ConfirmDialog
          title={t('qrm.deleteReplyTitle')}
          text={t('qrm.deleteReplyText', { title: modal.reply.title })}
          confirm={t('qrm.delete')}
          danger
          onClose={closeModal}
          onConfirm={() => void remove(() => personalApi.deleteReply(modal.reply.replyId))}
        />
      ) : null}
      {modal?.kind === 'bulk' && selected ? (
        <BulkAddDialog
          category={selected}
          onClose={closeModal}
          onAdded={(added) => {
            toast.success('qrm.added', { n: added });
            saved();
          }}
        />
      ) : null}
    </>
  );
}

function FirstCategory({ onNew }: { onNew(): void }) {
  const t = useT();
  return (
    <div class="qrm-replies qrm-first">
      <span class="empty-icon" aria-hidden="true">
        <Icon name="bolt" size={32} />
      </span>
      <p>{t('qrm.noCategories')}</p>
      <button type="button" class="button primary" data-testid="qr-category-first" onClick={onNew}>
        <Icon name="plus" size={16} />
        <span>{t('qrm.newCategory')}</span>
      </button>
    </div>
  );
}
