// The right column: the selected category (rename, delete) and its replies, searchable and paged,
// each with edit and delete; new replies one at a time or in bulk.
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Icon } from '../ui/Icon';
import { SearchBox } from '../ui/SearchBox';
import type { PersonalCategory, PersonalReply } from './personal-api';
import { useReplyPage } from './use-personal-replies';

export const PAGE_SIZE = 20;

export interface ReplyPanelProps {
  category: PersonalCategory;
  /** Changes after every save or delete: the page loads again. */
  version: number;
  onRename(): void;
  onDeleteCategory(): void;
  onAdd(): void;
  onBulkAdd(): void;
  onEdit(reply: PersonalReply): void;
  onDelete(reply: PersonalReply): void;
}

export function ReplyPanel({ category, version, onRename, onDeleteCategory, onAdd, onBulkAdd, onEdit, onDelete }: ReplyPanelProps) {
  const t = useT();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const { data, loading, error } = useReplyPage(category.categoryId, q, page, PAGE_SIZE, version);
  const pages = Math.max(1, Math.ceil((data?.total ?? 0) / PAGE_SIZE));

  // A delete can empty the last page: step back to the new last one.
  useEffect(() => {
    if (data && page > pages) setPage(pages);
  }, [data, page, pages]);

  return (
    <section class="qrm-replies" aria-labelledby="qrm-category-title">
      <div class="qrm-section-head">
        <h3 id="qrm-category-title" class="qrm-category-title" data-testid="qr-selected-category">
          {category.name}
        </h3>
        <div class="qrm-head-actions">
          <button type="button" class="button small ghost" data-testid="qr-category-rename" onClick={onRename}>
            {t('qrm.rename')}
          </button>
          <button type="button" class="button small danger-outline" data-testid="qr-category-delete" onClick={onDeleteCategory}>
            {t('qrm.delete')}
          </button>
        </div>
      </div>
      <div class="qrm-toolbar">
        <SearchBox
          label={t('qrm.search')}
          value={q}
          data-testid="qr-reply-search"
          onValue={(value) => {
            setQ(value);
            setPage(1);
          }}
        />
        <button type="button" class="button small primary" data-testid="qr-reply-new" onClick={onAdd}>
          <Icon name="plus" size={16} />
          <span>{t('qrm.addReply')}</span>
        </button>
        <button type="button" class="button small" data-testid="qr-bulk-button" onClick={onBulkAdd}>
          {t('qrm.bulkAdd')}
        </button>
      </div>
      <ErrorAlert error={error} testId="qr-list-error" />
      <ul class="qrm-reply-list" aria-busy={loading} aria-label={t('qrm.repliesOf', { name: category.name })}>
        {data?.items.map((reply) => (
          <ReplyRow key={reply.replyId} reply={reply} onEdit={() => onEdit(reply)} onDelete={() => onDelete(reply)} />
        ))}
      </ul>
      {data && !data.items.length && !loading ? <p class="qrm-empty muted">{q.trim() ? t('quick.noMatches') : t('qrm.emptyCategory')}</p> : null}
      {data && data.total > PAGE_SIZE ? <Pager page={page} pages={pages} total={data.total} onPage={setPage} /> : null}
    </section>
  );
}

function ReplyRow({ reply, onEdit, onDelete }: { reply: PersonalReply; onEdit(): void; onDelete(): void }) {
  const t = useT();
  return (
    <li class="qrm-reply" data-testid="qr-reply" data-reply-id={reply.replyId}>
      <div class="qrm-reply-text">
        <span class="quick-title">{reply.title}</span>
        <span class="quick-content">{reply.content}</span>
      </div>
      <div class="qrm-reply-actions">
        <button type="button" class="button small ghost" aria-label={t('qrm.editNamed', { title: reply.title })} data-testid="qr-reply-edit" onClick={onEdit}>
          {t('qrm.edit')}
        </button>
        <button type="button" class="button small ghost qrm-danger" aria-label={t('qrm.deleteNamed', { title: reply.title })} data-testid="qr-reply-delete" onClick={onDelete}>
          {t('qrm.delete')}
        </button>
      </div>
    </li>
  );
}

function Pager({ page, pages, total, onPage }: { page: number; pages: number; total: number; onPage(page: number): void }) {
  const t = useT();
  return (
    <nav class="qrm-pager" aria-label={t('qrm.pages')}>
      <button type="button" class="button small ghost" disabled={page <= 1} data-testid="qr-page-prev" onClick={() => onPage(page - 1)}>
        {t('qrm.prev')}
      </button>
      <span class="muted small" data-testid="qr-page-info" aria-live="polite">
        {t('qrm.page', { page, pages, total })}
      </span>
      <button type="button" class="button small ghost" disabled={page >= pages} data-testid="qr-page-next" onClick={() => onPage(page + 1)}>
        {t('qrm.next')}
      </button>
    </nav>
  );
}
