import { useEffect, useRef } from 'preact/hooks';
import type { Translate } from './types.ts';

/** A full-size image over the page: Esc, the close button or a click outside closes it; focus returns. */
export function Lightbox(props: { src: string; alt: string; t: Translate; onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    close.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') props.onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      previous?.focus?.();
    };
  }, []);
  return (
    <div class="pl-lightbox" role="dialog" aria-modal="true" aria-label={props.t('render.image.viewer')} onClick={(e) => e.target === e.currentTarget && props.onClose()}>
      <img src={props.src} alt={props.alt} referrerpolicy="no-referrer" />
      <button ref={close} type="button" class="pl-lightbox-close" aria-label={props.t('render.image.close')} onClick={props.onClose}>
        ×
      </button>
    </div>
  );
}
