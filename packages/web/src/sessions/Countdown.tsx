// The time left to accept an offered session (manual reception); urgent in its last seconds.
import { useT } from '../i18n';
import { formatCountdown } from '../format/time';
import { Icon } from '../ui/Icon';
import { useNow } from '../ui/useNow';

const URGENT_SECONDS = 10;

export function Countdown({ deadline }: { deadline: number }) {
  const t = useT();
  const now = useNow(1000, true);
  const left = Math.max(0, Math.ceil((deadline - now) / 1000));
  const state = left === 0 ? 'expired' : left <= URGENT_SECONDS ? 'urgent' : 'running';
  return (
    <span class={`countdown countdown-${state}`} data-testid="accept-countdown" data-seconds={left} role="timer" aria-label={t('sessions.acceptWithin', { time: formatCountdown(left) })}>
      <Icon name="clock" size={14} />
      {left === 0 ? t('sessions.expiring') : formatCountdown(left)}
    </span>
  );
}
