import type { DeskMessage } from '@parley/protocol';
import { useEffect, useId, useState } from 'preact/hooks';
import type { DeskView } from './desk-data.ts';
import type { ViewProps } from './props.ts';
import { useSubmission } from './submission.ts';

type Rating = Extract<DeskView, { kind: 'rating' }>;

/** The src 10 answer to a rating card (spec 02 §4.3, R6, R7): the chosen level and the card's sessionId. */
export function ratingSelection(view: Rating, level: { id: string; content: string }): DeskMessage<'10'> {
  return { customerServicePlugin: 0, src: '10', menuSelected: { id: level.id, content: level.content, sessionId: view.sessionId } };
}

/** expireTime is Unix seconds (spec 02 §4.2; the server writes seconds). */
export const isRatingExpired = (view: Rating, now: number) => view.selected === undefined && view.expireTime !== undefined && now >= view.expireTime * 1000;

/** Re-renders when the card expires, so an open chat does not keep offering a dead card. */
function useExpiry(view: Rating): boolean {
  const [now, setNow] = useState(() => Date.now());
  const expired = isRatingExpired(view, now);
  useEffect(() => {
    if (expired || view.expireTime === undefined) return;
    const wait = view.expireTime * 1000 - Date.now();
    if (wait > 2 ** 31 - 1) return; // setTimeout's limit (~24 days); such a card outlives the page
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, wait) + 50);
    return () => clearTimeout(timer);
  }, [expired, view.expireTime]);
  return expired;
}

/** src 9: star (type 1) or number (type 2) rating; choose a level, then submit (sends src 10). */
export function RatingCard({ view, actions, t }: ViewProps<'rating'>) {
  const [choice, setChoice] = useState<string>();
  const [hover, setHover] = useState<string>();
  const { state, submit } = useSubmission(actions);
  const expired = useExpiry(view);
  const promptId = useId();
  const rated = view.selected !== undefined || state === 'sent';
  const interactive = actions !== undefined && !rated && !expired && state !== 'sending';
  const chosenId = view.selected?.id ?? choice;
  const activeIndex = view.menu.findIndex((level) => level.id === (interactive ? (hover ?? chosenId) : chosenId));
  const chosen = view.menu.find((level) => level.id === chosenId);
  const ratedLabel = view.selected?.content || chosen?.content || (activeIndex >= 0 ? String(activeIndex + 1) : '');
  const described = activeIndex >= 0 ? view.menu[activeIndex].content : '';
  return (
    <section class="pl-card pl-rating" data-testid="rating-card" data-style={view.style} data-state={view.selected ? 'rated' : expired ? 'expired' : 'open'}>
      {view.head && <h3 class="pl-card-title">{view.head}</h3>}
      <p class="pl-rating-prompt" id={promptId}>
        {t('render.rating.prompt')}
      </p>
      <div class="pl-rating-options" role="radiogroup" aria-labelledby={promptId} onMouseLeave={() => setHover(undefined)}>
        {view.menu.map((level, i) => (
          <button
            key={level.id}
            type="button"
            role="radio"
            aria-checked={level.id === chosenId}
            aria-label={t('render.rating.level', { n: i + 1, label: level.content })}
            class={`pl-rating-option${activeIndex >= i && (view.style === 'star' || activeIndex === i) ? ' pl-on' : ''}`}
            data-testid="rating-option"
            disabled={!interactive}
            onClick={() => setChoice(level.id)}
            onMouseEnter={() => setHover(level.id)}
            onFocus={() => setHover(level.id)}
            onBlur={() => setHover(undefined)}
          >
            {view.style === 'star' ? '★' : i + 1}
          </button>
        ))}
      </div>
      {(interactive || described) && (
        <p class="pl-rating-desc" aria-live="polite">
          {described}
        </p>
      )}
      {rated && ratedLabel && <p class="pl-card-note">{t('render.rating.selected', { value: ratedLabel })}</p>}
      {expired && <p class="pl-card-note pl-expired">{t('render.rating.expired')}</p>}
      {state === 'failed' && (
        <p class="pl-error" role="alert">
          {t('render.submitFailed')}
        </p>
      )}
      {!rated && !expired && actions && (
        <button type="button" class="pl-button pl-button-block" data-testid="rating-submit" disabled={!interactive || !chosen} onClick={() => chosen && submit(ratingSelection(view, chosen))}>
          {t(state === 'sending' ? 'render.sending' : 'render.rating.submit')}
        </button>
      )}
      {rated && view.tail && <p class="pl-card-tail">{view.tail}</p>}
    </section>
  );
}
