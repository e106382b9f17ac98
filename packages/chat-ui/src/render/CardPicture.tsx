import { safeResourceUrl } from './safe-url.ts';

/** The card's picture, when its URL is one we may load. */
export function CardPicture(props: { src: string; alt: string }) {
  const src = safeResourceUrl(props.src);
  return src ? <img class="pl-card-pic" src={src} alt={props.alt} loading="lazy" referrerpolicy="no-referrer" /> : null;
}
