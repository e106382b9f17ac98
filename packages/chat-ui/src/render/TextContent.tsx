import type { ComponentChildren } from 'preact';
import { Clipped } from './Clipped.tsx';
import { TEXT_LIMITS } from './clip.ts';
import { linkify } from './linkify.ts';
import type { Translate } from './types.ts';

/** Plain text as text nodes (never HTML), with http(s) URLs as links that open a new tab. */
export function TextContent(props: { text: string; t: Translate }) {
  return (
    <Clipped text={props.text} limits={TEXT_LIMITS} t={props.t}>
      {(visible) => <p class="pl-text">{linkify(visible).map((part) => (typeof part === 'string' ? part : <ExternalLink href={part.href}>{part.label}</ExternalLink>))}</p>}
    </Clipped>
  );
}

export function ExternalLink(props: { href: string; class?: string; children: ComponentChildren }) {
  return (
    <a href={props.href} class={props.class} target="_blank" rel="noopener noreferrer">
      {props.children}
    </a>
  );
}
