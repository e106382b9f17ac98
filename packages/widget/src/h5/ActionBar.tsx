import type { ChatClient, ChatView } from '../client/index.ts';
import type { Translate } from '@parley/chat-ui/i18n/index.ts';

/**
 * The quick buttons above the composer (spec 02 §8): talk to a human while the robot serves; end the
 * human service (or leave the queue) while a person is there or awaited; rate when src 23 allows it.
 */
export function ActionBar({ view, client, t }: { view: ChatView; client: ChatClient; t: Translate }) {
  const { phase, inSeat } = view.session;
  const withHuman = inSeat || phase === 'agent';
  const showHuman = !withHuman && phase !== 'queueing';
  const showEnd = withHuman || phase === 'queueing';
  if (!showHuman && !showEnd && !view.canRequestRating) return null;
  return (
    <div class="pw-actions" role="toolbar" aria-orientation="horizontal">
      {showHuman && (
        <button type="button" class="pw-chip" data-testid="human-button" onClick={() => client.requestHuman()}>
          <Icon path="M12 12a4 4 0 100-8 4 4 0 000 8zm-7 8a7 7 0 0114 0" />
          {t('app.human')}
        </button>
      )}
      {view.canRequestRating && (
        <button type="button" class="pw-chip" data-testid="rate-button" onClick={() => client.requestRating()}>
          <Icon path="M12 3l2.7 5.6 6.1.8-4.5 4.2 1.1 6.1L12 16.8l-5.4 2.9 1.1-6.1-4.5-4.2 6.1-.8z" />
          {t('app.rate')}
        </button>
      )}
      {showEnd && (
        <button type="button" class="pw-chip pw-chip-danger" data-testid="end-human-button" onClick={() => client.endHumanSession()}>
          <Icon path="M6 6l12 12M18 6L6 18" />
          {inSeat || phase === 'agent' ? t('app.endHuman') : t('app.leaveQueue')}
        </button>
      )}
    </div>
  );
}

function Icon({ path }: { path: string }) {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
      <path d={path} />
    </svg>
  );
}
