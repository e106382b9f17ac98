import { CardPicture } from './CardPicture.tsx';
import type { ViewProps } from './props.ts';

/** src 28 (spec 02 §4.14): guide title, picture, name, description, then "name value" rows, value in bold. */
export function OrderCard({ view }: ViewProps<'order'>) {
  return (
    <section class="pl-card pl-order" data-testid="order-card">
      {view.guide && <h3 class="pl-card-title">{view.guide}</h3>}
      <div class="pl-order-main">
        <CardPicture src={view.pic} alt={view.name} />
        <span class="pl-product-text">
          <strong class="pl-product-title">{view.name}</strong>
          {view.desc && <span class="pl-product-desc">{view.desc}</span>}
        </span>
      </div>
      {view.fields.length > 0 && (
        <dl class="pl-order-fields">
          {view.fields.map((field, i) => (
            <div key={i} class="pl-order-field">
              <dt>{field.name}</dt>
              <dd>
                <strong>{field.value}</strong>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
