// New-session and new-message alerts (issue 6): a chime (WebAudio), a count in the tab title while
// the agent looks elsewhere ("(3) Parley Workbench", cleared when the tab gets focus back), and a
// desktop notification when the browser allows it. On or off per browser (localStorage).
import { appEvents, type WorkbenchEvent } from '../app-events';
import { t } from '../i18n';
import { createSoundPlayer, type SoundPlayer } from './sound';
import './strings';

const STORAGE_KEY = 'parley.workbench.notifications';
const BADGE = /^\(\d+\) /;

export interface Notifier {
  enabled(): boolean;
  setEnabled(on: boolean): void;
  requestPermission(): Promise<void>;
}

export interface NotifierDeps {
  window: Window;
  document: Document;
  sound: SoundPlayer;
  /** Read when needed: absent in some browsers and in cross-origin frames' policies. */
  notificationClass(): typeof Notification | undefined;
  storage(): Storage | undefined;
}

export function createNotifier(deps: NotifierDeps): Notifier & { dispose(): void } {
  const { window: win, document: doc, sound } = deps;
  let on = readSetting(deps.storage()) !== 'off';
  let unread = 0;

  /** The agent is not looking: another tab, another window, or (embedded) the host page has focus. */
  const away = () => doc.visibilityState === 'hidden' || !doc.hasFocus();
  const showCount = () => {
    const base = doc.title.replace(BADGE, '');
    doc.title = unread > 0 ? `(${unread}) ${base}` : base;
  };
  const clearCount = () => {
    if (unread === 0) return;
    unread = 0;
    showCount();
  };
  const count = () => {
    unread += 1;
    showCount();
  };

  const desktop = (title: string, body: string, tag: string) => {
    const Desktop = deps.notificationClass();
    if (!Desktop || Desktop.permission !== 'granted') return;
    try {
      const shown = new Desktop(title, { body, tag });
      shown.onclick = () => {
        win.focus();
        shown.close();
      };
    } catch {
      // Some browsers only allow notifications from a service worker; the chime and title still work.
    }
  };

  const alert = (event: WorkbenchEvent) => {
    if (!on) return;
    if (event.type === 'callIn') {
      sound.play('callIn');
      if (!away()) return;
      count();
      desktop(t('notify.callIn', { name: event.nickname }), t('notify.callInBody'), `parley-callin-${event.sessionId}`);
    } else if (event.type === 'newMessage') {
      // The agent at the screen sees a message arrive; a chime for each would be noise.
      if (!away()) return;
      sound.play('message');
      count();
      desktop(event.fromMemberId ? t('notify.newInternal') : t('notify.newMessage'), event.preview, `parley-message-${event.sessionId ?? event.fromMemberId ?? ''}`);
    }
  };

  const onVisibility = () => void (away() ? undefined : clearCount());
  const unlock = () => sound.unlock();
  win.addEventListener('focus', clearCount);
  doc.addEventListener('visibilitychange', onVisibility);
  win.addEventListener('pointerdown', unlock, { once: true });
  win.addEventListener('keydown', unlock, { once: true });
  const stopListening = appEvents.on(alert);

  return {
    enabled: () => on,
    setEnabled(next) {
      on = next;
      writeSetting(deps.storage(), next ? 'on' : 'off');
      if (next)
        sound.unlock(); // called from the toggle's click: a gesture that lets audio start
      else clearCount();
    },
    async requestPermission() {
      const Desktop = deps.notificationClass();
      if (Desktop && Desktop.permission === 'default') await Desktop.requestPermission();
    },
    dispose() {
      stopListening();
      win.removeEventListener('focus', clearCount);
      doc.removeEventListener('visibilitychange', onVisibility);
      win.removeEventListener('pointerdown', unlock);
      win.removeEventListener('keydown', unlock);
    },
  };
}

function readSetting(storage: Storage | undefined): string | null {
  try {
    return storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

function writeSetting(storage: Storage | undefined, value: string): void {
  try {
    storage?.setItem(STORAGE_KEY, value);
  } catch {
    // storage blocked (privacy mode, sandboxed frame): the choice lasts for this page only
  }
}

const browserStorage = (): Storage | undefined => {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
};

/** The workbench's notifier: listening from the moment the workbench loads it. */
export const notifier: Notifier = createNotifier({
  window,
  document,
  sound: createSoundPlayer(),
  notificationClass: () => globalThis.Notification,
  storage: browserStorage,
});
