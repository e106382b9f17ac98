// 员工内部会话 (spec 03 §1.11): the panel the workbench shows on its internal tab. Threads on the
// left, the open conversation on the right (one at a time on a narrow screen).
import './internal.css';
import './strings';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n';
import { useStore } from '../state/store';
import { ConversationView } from './ConversationView';
import { internalStore, loadThreads, openThread, setMe, setWatching, unreadTotal, type Thread } from './internal-store';
import { NewThreadDialog } from './NewThreadDialog';
import { placeMenu, ThreadMenu, type MenuPlace } from './ThreadMenu';
import { ThreadList } from './ThreadList';

export { unreadTotal } from './internal-store';

export function InternalChat({ me }: { me: { memberId: string; nick: string } }) {
  const t = useT();
  const [starting, setStarting] = useState(false);
  const [menu, setMenu] = useState<MenuPlace | undefined>();
  const open = useStore(internalStore, (s) => s.threads.find((thread) => thread.member.memberId === s.openId));

  useEffect(() => {
    setMe(me.memberId);
    setWatching(true);
    void loadThreads();
    return () => setWatching(false);
  }, [me.memberId]);

  const onMenu = useCallback((thread: Thread, event: MouseEvent) => setMenu(placeMenu(thread, event)), []);
  const closeMenu = useCallback(() => setMenu(undefined), []);

  return (
    <section class={`internal${open ? ' has-open' : ''}`} aria-label={t('internal.title')} data-testid="internal-panel">
      <ThreadList onNew={() => setStarting(true)} onMenu={onMenu} />
      {open ? (
        <ConversationView key={open.member.memberId} me={me} colleague={open.member} onMenu={(event) => onMenu(open, event)} />
      ) : (
        <div class="internal-placeholder muted">{t('internal.pick')}</div>
      )}
      {menu ? <ThreadMenu place={menu} onClose={closeMenu} /> : null}
      {starting ? (
        <NewThreadDialog
          me={me.memberId}
          onClose={() => setStarting(false)}
          onPick={(colleague) => {
            setStarting(false);
            openThread(colleague);
          }}
        />
      ) : null}
    </section>
  );
}

/** Unread internal messages (for a badge on the workbench's internal tab); re-renders when it changes. */
export function useInternalUnread(): number {
  return useStore(internalStore, (s) => unreadTotal(s));
}
