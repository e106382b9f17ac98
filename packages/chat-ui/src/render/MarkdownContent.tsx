import { useMemo, useState } from 'preact/hooks';
import { Clipped } from './Clipped.tsx';
import { MARKDOWN_LIMITS } from './clip.ts';
import { Lightbox } from './Lightbox.tsx';
import { markdownToHtml } from './markdown.ts';
import type { ViewProps } from './props.ts';
import type { Translate } from './types.ts';

/** src 30 rich text and src 31 streams: sanitised Markdown; a stream shows a caret until it finishes. */
export function MarkdownContent({ view, message, t }: ViewProps<'markdown'>) {
  const streaming = view.src === '31' && (!view.finished || message.streaming === true);
  return (
    <div class="pl-markdown-wrap" data-testid={view.src === '30' ? 'rich-text' : 'stream-text'} aria-busy={streaming}>
      <Clipped text={view.text} limits={MARKDOWN_LIMITS} t={t}>
        {(visible) => <SanitisedMarkdown markdown={visible} streaming={streaming} t={t} />}
      </Clipped>
    </div>
  );
}

function SanitisedMarkdown(props: { markdown: string; streaming: boolean; t: Translate }) {
  const html = useMemo(() => markdownToHtml(props.markdown, props.t('render.image.alt')), [props.markdown, props.t]);
  const [zoomed, setZoomed] = useState<{ src: string; alt: string }>();
  // Images inside rich text open in the lightbox unless they are a link themselves.
  const onClick = (event: MouseEvent) => {
    const target = event.target as HTMLElement;
    if (target.tagName !== 'IMG' || target.closest('a')) return;
    const image = target as HTMLImageElement;
    setZoomed({ src: image.src, alt: image.alt || props.t('render.image.alt') });
  };
  return (
    <>
      {/* markdownToHtml's output is sanitised by DOMPurify (markdown.ts). */}
      <div class={props.streaming ? 'pl-markdown pl-streaming' : 'pl-markdown'} onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />
      {zoomed && <Lightbox src={zoomed.src} alt={zoomed.alt} t={props.t} onClose={() => setZoomed(undefined)} />}
    </>
  );
}
