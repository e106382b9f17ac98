import { useState } from 'preact/hooks';
import { Lightbox } from './Lightbox.tsx';
import { safeResourceUrl } from './safe-url.ts';
import type { Translate } from './types.ts';
import { Unsupported } from './Unsupported.tsx';

interface ImageInfo {
  Type?: unknown;
  URL?: unknown;
  Width?: unknown;
  Height?: unknown;
}

/** ImageInfoArray Type: 1 original, 2 large, 3 thumbnail (Tencent IM); the first of `types` present wins. */
function pick(infos: ImageInfo[], types: number[]): ImageInfo | undefined {
  for (const type of types) {
    const info = infos.find((i) => i.Type === type && typeof i.URL === 'string');
    if (info) return info;
  }
  return infos.find((i) => typeof i.URL === 'string');
}

const dimension = (v: unknown) => (typeof v === 'number' && v > 0 ? Math.round(v) : undefined);

/** A TIMImageElem: the thumbnail, lazy-loaded; a tap opens the original in a lightbox. */
export function ImageContent(props: { content: Record<string, unknown>; t: Translate }) {
  const [open, setOpen] = useState(false);
  const infos = Array.isArray(props.content.ImageInfoArray) ? (props.content.ImageInfoArray as unknown[]).filter((i): i is ImageInfo => typeof i === 'object' && i !== null) : [];
  const thumb = pick(infos, [3, 2, 1]);
  const full = pick(infos, [1, 2, 3]);
  const thumbUrl = thumb && safeResourceUrl(thumb.URL as string);
  const fullUrl = (full && safeResourceUrl(full.URL as string)) ?? thumbUrl;
  if (!thumbUrl || !fullUrl) return <Unsupported t={props.t} />;
  const alt = props.t('render.image.alt');
  return (
    <>
      <button type="button" class="pl-image" aria-label={props.t('render.image.open')} onClick={() => setOpen(true)}>
        <img src={thumbUrl} alt={alt} loading="lazy" width={dimension(thumb?.Width)} height={dimension(thumb?.Height)} referrerpolicy="no-referrer" />
      </button>
      {open && <Lightbox src={fullUrl} alt={alt} t={props.t} onClose={() => setOpen(false)} />}
    </>
  );
}
