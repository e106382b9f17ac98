// The list of internal conversations (spec 03 §1.11): "+" starts one; right-click (or the options
// button, or the context-menu key) offers 不显示 (hide), which keeps the history. Styled like the
// session list.
import { previewText } from '@parley/chat-ui/render/MessageBody.tsx';
import { listTime } from '../format/time';
import { useLocale, useT } from '../i18n';
import { useStore } from '../state/store';
import { Avatar } from '../ui/Avatar';
import { errorText } from '../ui/errors';
import { Icon } from '../ui/Icon';
import { useNow } from '../ui/useNow';
import { internalStore, loadMoreThreads, openThread, type Thread } from './internal-store';

export function ThreadList({ onNew, onMenu }: { onNew(): void; onMenu(thread: Thread, event: MouseEvent): void }) {
  const t = useT();
  const { threads, openId, unread, threadsTotal, threadsLoading, threadsError } = useStore(internalStore, (s) => s);
  const withMessages = threads.filter((thread) => thread.lastMessage).length;
  return (
    <nav class="sidebar internal-threads" aria-label={t('internal.threads')}>
      <header class="sidebar-header">
        <h2>{t('internal.title')}</h2>
        <button type="button" class="icon-button" aria-label={t('internal.new')} title={t('internal.new')} data-testid="internal-new" onClick={onNew}>
          <Icon name="plus" />
        </button>
      </header>
      <div class="session-scroll">
        {threads.length === 0 && !threadsLoading && !threadsError ? (
          <div class="empty-list">
            <Icon name="users" size={28} />
            <p>{t('internal.empty')}</p>
            <p class="small">{t('internal.emptyHint')}</p>
          </div>
        ) : null}
        {threadsError ? (
          <p class="internal-error small" role="alert">
            {t('internal.loadFailed', { reason: errorText(threadsError, t) })}
          </p>
        ) : null}
        <ul class="session-list">
          {threads.map((thread) => (
            <ThreadItem key={thread.member.memberId} thread={thread} open={thread.member.memberId === openId} unread={unread[thread.member.memberId] ?? 0} onMenu={onMenu} />
          ))}
        </ul>
        {withMessages < threadsTotal ? (
          <div class="load-more internal-more">
            <button type="button" class="link-button" disabled={threadsLoading} onClick={() => void loadMoreThreads()}>
              {threadsLoading ? t('internal.loading') : t('internal.loadMore')}
            </button>
          </div>
        ) : null}
      </div>
    </nav>
  );
}

function ThreadItem({ thread, open, unread, onMenu }: { thread: Thread; open: boolean; unread: number; onMenu(thread: Thread, event: MouseEvent): void }) {
  const t = useT();
  const locale = useLocale();
  const now = useNow(60_000);
  const { member, lastMessage } = thread;
  const preview = lastMessage ? previewText({ role: 2, at: Date.parse(lastMessage.at), body: lastMessage.body }, t) : '';
  return (
    <li class={`session-item internal-thread${open ? ' selected' : ''}${unread ? ' has-unread' : ''}`}>
      <button
        type="button"
        class="session-main"
        data-testid="internal-thread"
        data-member-id={member.memberId}
        aria-current={open ? 'true' : undefined}
        onClick={() => openThread(member)}
        onContextMenu={(event) => onMenu(thread, event)}
      >
        <Avatar id={member.memberId} name={member.nick} size={38} />
        <span class="session-text">
          <span class="session-top">
            <span class="session-name">{member.nick}</span>
            {lastMessage ? (
              <time class="session-time" dateTime={lastMessage.at}>
                {listTime(Date.parse(lastMessage.at), now, locale, t)}
              </time>
            ) : null}
          </span>
          <span class="session-bottom">
            <span class="session-preview">{preview}</span>
            {unread ? (
              <span class="unread-dot" data-testid="internal-unread" aria-label={t('internal.unread', { n: unread })}>
                {unread > 99 ? '99+' : unread}
              </span>
            ) : null}
          </span>
        </span>
      </button>
      <button
        type="button"
        class="icon-button small internal-thread-options"
        aria-label={t('internal.options', { name: member.nick })}
        aria-haspopup="menu"
        data-testid="internal-thread-menu"
        onClick={(event) => onMenu(thread, event)}
      >
        <Icon name="chevron-down" size={16} />
      </button>
    </li>
  );
}
