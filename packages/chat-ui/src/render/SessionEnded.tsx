import type { ViewProps } from './props.ts';

/** src 19 / 20: a centred notice that the session ended (normally / by the reply timeout). */
export function SessionEnded({ view, t }: ViewProps<'sessionEnded'>) {
  return (
    <p class="pl-notice" data-testid="session-ended" data-reason={view.timeout ? 'timeout' : 'ended'}>
      {t(view.timeout ? 'render.session.timeout' : 'render.session.ended')}
    </p>
  );
}
