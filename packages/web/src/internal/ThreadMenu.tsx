// The thread's menu (right-click, the options button, or the context-menu key): 不显示 (hide).
import { useRef } from 'preact/hooks';
import { useT } from '../i18n';
import { toast } from '../ui/toasts';
import { useDismiss } from '../ui/useDismiss';
import { hideThread, type Thread } from './internal-store';

export interface MenuPlace {
  thread: Thread;
  x: number;
  y: number;
}

/** Where to open the menu: at the pointer, or (keyboard, no pointer) beside the control. */
export function placeMenu(thread: Thread, event: MouseEvent): MenuPlace {
  event.preventDefault();
  const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
  const fromPointer = event.clientX !== 0 || event.clientY !== 0;
  return { thread, x: fromPointer ? event.clientX : box.right - 8, y: fromPointer ? event.clientY : box.bottom };
}

export function ThreadMenu({ place, onClose }: { place: MenuPlace; onClose(): void }) {
  const t = useT();
  const root = useRef<HTMLDivElement>(null);
  useDismiss(root, true, onClose);
  const { member } = place.thread;
  const hide = async () => {
    onClose();
    try {
      await hideThread(member.memberId);
      toast.success('internal.hidden', { name: member.nick });
    } catch (error) {
      toast.error(error);
    }
  };
  // Kept inside the window whatever the click position.
  const left = Math.max(8, Math.min(place.x, window.innerWidth - 200));
  const top = Math.max(8, Math.min(place.y, window.innerHeight - 64));
  return (
    <div ref={root} class="menu internal-menu" role="menu" aria-label={t('internal.options', { name: member.nick })} style={`left:${Math.round(left)}px;top:${Math.round(top)}px`}>
      <button type="button" role="menuitem" class="menu-item" data-testid="internal-hide" onClick={() => void hide()} ref={(el) => el?.focus()}>
        <span class="menu-item-text">
          {t('internal.hide')}
          <span class="muted small internal-menu-hint">{t('internal.hideHint')}</span>
        </span>
      </button>
    </div>
  );
}
