// Sound, tab-title badge and desktop alerts on or off (the notifier of src/notify does the alerting).
import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { Icon } from '../ui/Icon';

/** The shape of src/notify/notifier.ts (ui-shared.md). */
export interface Notifier {
  enabled(): boolean;
  setEnabled(on: boolean): void;
  requestPermission(): Promise<void>;
}

export function NotificationsToggle({ notifier }: { notifier: Notifier }) {
  const t = useT();
  const [on, setOn] = useState(() => notifier.enabled());
  const toggle = () => {
    const next = !on;
    notifier.setEnabled(next);
    setOn(next);
    // Asked on a click: browsers only show the permission prompt for a user gesture.
    if (next) void notifier.requestPermission().catch(() => undefined);
  };
  const label = on ? t('shell.notificationsOn') : t('shell.notificationsOff');
  return (
    <button type="button" class={`icon-button${on ? ' active' : ''}`} aria-pressed={on} aria-label={label} title={label} data-testid="notifications-toggle" onClick={toggle}>
      <Icon name={on ? 'bell' : 'bell-off'} />
    </button>
  );
}
