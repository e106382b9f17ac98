// The left column: Mine / Pending / Queue / History with counts, search, paging, and "+" to contact a user.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { workbenchApi } from '../api/workbench';
import { useT } from '../i18n';
import { useStore } from '../state/store';
import { Icon } from '../ui/Icon';
import { SearchBox } from '../ui/SearchBox';
import { toast } from '../ui/toasts';
import { useNow } from '../ui/useNow';
import { ContactDialog } from './ContactDialog';
import { SessionListItem } from './SessionListItem';
import { findItem, itemsOfTab, loadMore, patchItem, refresh, search, select, sessionStore, setTab, showTab, tabCount, TABS, viewOfTab, type Tab } from './session-store';
import { loadLatest } from '../chat/conversation-store';
import { loadInfo } from '../customer/info-store';

const SEARCH_DELAY_MS = 300;
/** The queue has no events of its own for agents: it is read again while shown. */
const QUEUE_POLL_MS = 10_000;

export function SessionSidebar({ me, onOpened }: { me: string; onOpened?(sessionId: string): void }) {
  const t = useT();
  const state = useStore(sessionStore, (s) => s);
  const { tab, selectedId, unread } = state;
  const view = viewOfTab(tab);
  const list = state.lists[view];
  const items = useMemo(() => itemsOfTab(state, tab), [state.lists, tab]);
  const now = useNow(30_000); // list times and queue waits; countdowns tick on their own
  const [contacting, setContacting] = useState(false);
  const [accepting, setAccepting] = useState<string | undefined>();

  useEffect(() => {
    if (!list.loaded && !list.loading) void refresh(view).catch(toast.error);
    if (view !== 'queue') return;
    const timer = setInterval(() => void refresh('queue').catch(() => undefined), QUEUE_POLL_MS);
    return () => clearInterval(timer);
  }, [view]);

  const open = (sessionId: string) => {
    if (sessionId === sessionStore.get().selectedId) reload(sessionId);
    select(sessionId);
    onOpened?.(sessionId);
  };

  const accept = async (sessionId: string) => {
    setAccepting(sessionId);
    try {
      const session = await workbenchApi.accept(sessionId);
      patchItem(sessionId, { state: session.state, acceptDeadline: null });
      setTab('mine');
      open(sessionId);
      await refresh('mine');
    } catch (error) {
      toast.error(error);
      void refresh('mine').catch(() => undefined);
    } finally {
      setAccepting(undefined);
    }
  };

  return (
    <nav class="sidebar" aria-label={t('sessions.title')}>
      <div class="sidebar-header">
        <h2>{t('sessions.title')}</h2>
        <button type="button" class="icon-button" aria-label={t('contact.open')} title={t('contact.open')} data-testid="contact-button" onClick={() => setContacting(true)}>
          <Icon name="plus" />
        </button>
      </div>
      <div class="tabs" role="tablist" aria-label={t('sessions.title')}>
        {TABS.map((name) => (
          <TabButton key={name} tab={name} active={tab === name} count={tabCount(state, name)} />
        ))}
      </div>
      <SessionSearch key={view} initial={list.q} onSearch={(q) => void search(view, q).catch(toast.error)} />
      <div class="session-scroll" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} aria-busy={list.loading}>
        {items.length === 0 ? (
          <EmptyList tab={tab} loading={list.loading && !list.loaded} searching={!!list.q} error={list.error !== undefined && !list.loaded} onRetry={() => void refresh(view).catch(toast.error)} />
        ) : (
          <ul class="session-list">
            {items.map((item) => (
              <SessionListItem
                key={item.sessionId}
                item={item}
                tab={tab}
                me={me}
                selected={item.sessionId === selectedId}
                unread={unread[item.sessionId] ?? 0}
                now={now}
                accepting={accepting === item.sessionId}
                onSelect={open}
                onAccept={(id) => void accept(id)}
              />
            ))}
          </ul>
        )}
        {list.items.length < list.total && tab !== 'pending' ? (
          <button type="button" class="button ghost block load-more" disabled={list.loading} data-testid="load-more" onClick={() => void loadMore(view).catch(toast.error)}>
            {list.loading ? t('common.loading') : t('sessions.loadMore', { n: list.total - list.items.length })}
          </button>
        ) : null}
      </div>
      {contacting ? (
        <ContactDialog
          onClose={() => setContacting(false)}
          onContacted={(sessionId) => {
            setContacting(false);
            setTab('mine');
            open(sessionId);
          }}
        />
      ) : null}
    </nav>
  );
}

/** Opening the open session again reads it again (the socket stops following a session once it ends). */
function reload(sessionId: string): void {
  const item = findItem(sessionId);
  void loadInfo(sessionId).catch(toast.error);
  if (item) void loadLatest(sessionId, item.accountId).catch(toast.error);
}

function TabButton({ tab, active, count }: { tab: Tab; active: boolean; count: number }) {
  const t = useT();
  return (
    <button
      type="button"
      role="tab"
      id={`tab-${tab}`}
      aria-selected={active}
      aria-controls={`panel-${tab}`}
      tabIndex={active ? 0 : -1}
      class={`tab${active ? ' active' : ''}`}
      data-testid={`tab-${tab}`}
      onClick={() => showTab(tab)}
      onKeyDown={(event) => moveTab(event, tab)}
    >
      <span>{t(`sessions.tab.${tab}`)}</span>
      <span class={`tab-count${tab === 'pending' && count > 0 ? ' alert' : ''}`} data-testid={`count-${tab}`}>
        {count}
      </span>
    </button>
  );
}

/** Arrow keys move between tabs (the WAI-ARIA tabs pattern). */
function moveTab(event: KeyboardEvent, tab: Tab): void {
  const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
  if (!step) return;
  event.preventDefault();
  const next = TABS[(TABS.indexOf(tab) + step + TABS.length) % TABS.length];
  showTab(next);
  document.getElementById(`tab-${next}`)?.focus();
}

/** Searches as the agent types (after a pause), or at once on Enter. */
function SessionSearch({ initial, onSearch }: { initial: string; onSearch(q: string): void }) {
  const t = useT();
  const [value, setValue] = useState(initial);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const change = (next: string) => {
    setValue(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => onSearch(next), SEARCH_DELAY_MS);
  };
  return (
    <SearchBox
      label={t('sessions.search')}
      value={value}
      maxLength={100}
      data-testid="session-search"
      onValue={change}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          clearTimeout(timer.current);
          onSearch(value);
        }
      }}
    />
  );
}

function EmptyList({ tab, loading, searching, error, onRetry }: { tab: Tab; loading: boolean; searching: boolean; error: boolean; onRetry(): void }) {
  const t = useT();
  if (loading) return <p class="empty-list">{t('common.loading')}</p>;
  if (error)
    return (
      <div class="empty-list">
        <p>{t('sessions.loadFailed')}</p>
        <button type="button" class="button small" onClick={onRetry}>
          <Icon name="refresh" size={16} /> {t('common.retry')}
        </button>
      </div>
    );
  return (
    <div class="empty-list">
      <Icon name={tab === 'history' ? 'clock' : 'inbox'} size={28} />
      <p>{searching ? t('sessions.noMatches') : t(`sessions.empty.${tab}`)}</p>
    </div>
  );
}
