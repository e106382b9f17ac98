import type { ComponentChildren } from 'preact';
import type { ViewProps } from './props.ts';
import { safeWebUrl } from './safe-url.ts';
import { CardPicture } from './CardPicture.tsx';

/** src 22 (spec 02 §4.9): title, description, picture; the whole card links to `url` when it is http(s). */
export function ProductCard({ view }: ViewProps<'product'>) {
  const href = safeWebUrl(view.url);
  const body: ComponentChildren = (
    <>
      <CardPicture src={view.pic} alt={view.header} />
      <span class="pl-product-text">
        <strong class="pl-product-title">{view.header}</strong>
        {view.desc && <span class="pl-product-desc">{view.desc}</span>}
      </span>
    </>
  );
  return href ? (
    <a class="pl-card pl-product" data-testid="product-card" href={href} target="_blank" rel="noopener noreferrer">
      {body}
    </a>
  ) : (
    <div class="pl-card pl-product" data-testid="product-card">
      {body}
    </div>
  );
}
