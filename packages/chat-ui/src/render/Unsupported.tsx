import type { Translate } from './types.ts';

/** Anything we cannot show: unknown element types, malformed or foreign custom data. */
export function Unsupported(props: { t: Translate; desc?: string }) {
  return (
    <p class="pl-unsupported" data-testid="unsupported-message">
      {props.t('render.unsupported')}
      {props.desc && <span class="pl-unsupported-desc">{props.desc}</span>}
    </p>
  );
}
