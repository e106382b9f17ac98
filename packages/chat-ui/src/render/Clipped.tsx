import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { clipText, type ClipLimits } from './clip.ts';
import type { Translate } from './types.ts';

/** Renders `children(visibleText)`, clipped to `limits` with a "show more" toggle when too long. */
export function Clipped(props: { text: string; limits: ClipLimits; t: Translate; children: (visible: string) => ComponentChildren }) {
  const [expanded, setExpanded] = useState(false);
  const clipped = clipText(props.text, props.limits);
  if (clipped === undefined) return <>{props.children(props.text)}</>;
  return (
    <>
      {props.children(expanded ? props.text : `${clipped}…`)}
      <button type="button" class="pl-more" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
        {props.t(expanded ? 'render.showLess' : 'render.showMore')}
      </button>
    </>
  );
}
