// 快捷回复: the replies open to the agent (shared by scope, and their own), searchable, by category;
// Enter or a click inserts one into the composer.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { QuickReply, QuickReplyCategory } from '../api/types';
import { workbenchApi } from '../api/workbench';
import { useT } from '../i18n';
import { openQuickRepliesManager, quickRepliesManagerStore } from '../quick-replies-manager/manager-store';
import { useStore } from '../state/store';
import { errorText } from '../ui/errors';
import { Icon } from '../ui/Icon';
import { SearchBox } from '../ui/SearchBox';

const SEARCH_DELAY_MS = 200;

export function QuickReplies({ initialQuery = '', onPick, onClose }: { initialQuery?: string; onPick(reply: QuickReply): void; onClose(): void }) {
  const t = useT();
  const [q, setQ] = useState(initialQuery);
  const [categoryId, setCategoryId] = useState<number | undefined>();
  const [categories, setCategories] = useState<QuickReplyCategory[]>([]);
  const [items, setItems] = useState<QuickReply[]>([]);
  const [active, setActive] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const listRef = useRef<HTMLUListElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const version = useStore(quickRepliesManagerStore, (s) => s.version); // the agent changed their own replies
  useEffect(() => searchRef.current?.focus(), []);

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      setLoading(true);
      workbenchApi
        .quickReplies({ q: q.trim() || undefined, categoryId, pageSize: 100 })
        .then((page) => {
          if (cancelled) return;
          setCategories(page.categories);
          setItems(page.items);
          setActive(0);
          setError(undefined);
        })
        .catch((caught) => !cancelled && setError(caught))
        .finally(() => !cancelled && setLoading(false));
    }, SEARCH_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [q, categoryId, version]);

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (items.length) setActive((active + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length);
    } else if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      if (items[active]) onPick(items[active]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    }
  };

  const categoryName = (id: number) => categories.find((c) => c.categoryId === id)?.name ?? '';
  return (
    <div class="popover quick-replies" role="dialog" aria-label={t('quick.title')} data-testid="quick-replies" onKeyDown={onKeyDown}>
      <div class="popover-header">
        <strong>{t('quick.title')}</strong>
        <span class="muted small">{t('quick.hint')}</span>
        <button
          type="button"
          class="link-button small quick-manage"
          title={t('qrm.open')}
          aria-label={t('qrm.open')}
          data-testid="qr-manage-button"
          onKeyDown={(event) => event.key === 'Enter' && event.stopPropagation()}
          onClick={() => {
            onClose();
            openQuickRepliesManager();
          }}
        >
          {t('qrm.manage')}
        </button>
        <button type="button" class="icon-button small" aria-label={t('common.close')} onClick={onClose}>
          <Icon name="close" size={16} />
        </button>
      </div>
      <SearchBox
        label={t('quick.search')}
        value={q}
        onValue={setQ}
        inputRef={searchRef}
        data-testid="quick-reply-search"
        aria-controls="quick-reply-list"
        aria-activedescendant={items[active] ? `quick-reply-${items[active].replyId}` : undefined}
      />
      {categories.length ? (
        <div class="category-chips" role="group" aria-label={t('quick.categories')}>
          <button type="button" class={`chip-button${categoryId === undefined ? ' active' : ''}`} aria-pressed={categoryId === undefined} onClick={() => setCategoryId(undefined)}>
            {t('quick.all')}
          </button>
          {categories.map((category) => (
            <button
              key={category.categoryId}
              type="button"
              class={`chip-button${categoryId === category.categoryId ? ' active' : ''}`}
              aria-pressed={categoryId === category.categoryId}
              onClick={() => setCategoryId(category.categoryId)}
            >
              {category.name}
              {category.personal ? <span class="muted"> · {t('quick.personal')}</span> : null}
            </button>
          ))}
        </div>
      ) : null}
      <ul class="quick-list" id="quick-reply-list" role="listbox" ref={listRef} aria-label={t('quick.title')}>
        {error ? <li class="quick-empty form-error">{errorText(error, t)}</li> : null}
        {!error && !loading && items.length === 0 ? <li class="quick-empty muted">{q ? t('quick.noMatches') : t('quick.empty')}</li> : null}
        {items.map((reply, index) => (
          <li
            key={reply.replyId}
            id={`quick-reply-${reply.replyId}`}
            role="option"
            aria-selected={index === active}
            data-index={index}
            class={`quick-item${index === active ? ' active' : ''}`}
            data-testid="quick-reply-item"
            onMouseEnter={() => setActive(index)}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onPick(reply)}
          >
            <span class="quick-title">
              {reply.title}
              <span class="muted small"> · {categoryName(reply.categoryId)}</span>
            </span>
            <span class="quick-content">{reply.content}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
