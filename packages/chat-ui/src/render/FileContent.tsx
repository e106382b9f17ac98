import { safeResourceUrl } from './safe-url.ts';
import type { Translate } from './types.ts';

const UNITS = ['B', 'KB', 'MB', 'GB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

/** The file's type as a short badge ("PDF"), drawn in CSS rather than an emoji some systems lack. */
function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1, dot + 5).toUpperCase() : '';
}

/** A TIMFileElem: name and size, a download link when the URL is http(s) or our own. */
export function FileContent(props: { content: Record<string, unknown>; t: Translate }) {
  const { Url, FileName, FileSize } = props.content;
  const name = typeof FileName === 'string' && FileName.trim() !== '' ? FileName : props.t('render.file.unnamed');
  const size = typeof FileSize === 'number' && FileSize >= 0 ? formatBytes(FileSize) : '';
  const href = typeof Url === 'string' ? safeResourceUrl(Url) : undefined;
  const body = (
    <>
      <span class="pl-file-icon" aria-hidden="true">
        {extension(name)}
      </span>
      <span class="pl-file-text">
        <span class="pl-file-name">{name}</span>
        {size && <span class="pl-file-size">{size}</span>}
      </span>
    </>
  );
  if (!href) return <div class="pl-file">{body}</div>;
  return (
    <a class="pl-file" href={href} download={name} target="_blank" rel="noopener noreferrer" aria-label={props.t('render.file.download', { name })}>
      {body}
    </a>
  );
}
