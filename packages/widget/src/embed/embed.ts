// The script embed: `<script src="<origin>/widget/embed.js" data-key="<publicKey>" async></script>`
// (or `embed.js?key=<publicKey>`) adds a round launcher button and, on first click, a chat panel
// iframe with the account's chat page. The page inside reports unread messages and asks to close by
// postMessage; only messages from that iframe's window and the chat's origin are listened to.
// Runs on customers' pages: no framework, no globals beyond one flag, styles set through the CSSOM
// (which a strict style-src CSP on the host page still allows).

import { embedStrings } from '../i18n/app.ts';
import { createTranslator, pickLocale } from '@parley/chat-ui/i18n/index.ts';

type Styles = Partial<Record<keyof CSSStyleDeclaration, string>>;

const Z = '2147483000';
const MOBILE = '(max-width: 480px)';
const ICON_CHAT = 'M4 5.5A2.5 2.5 0 016.5 3h11A2.5 2.5 0 0120 5.5v8a2.5 2.5 0 01-2.5 2.5H10l-4.2 3.6a.5.5 0 01-.8-.4V16h-.5A2.5 2.5 0 014 13.5z';
const ICON_CLOSE = 'M6 6l12 12M18 6L6 18';

function findScript(): HTMLScriptElement | undefined {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  return Array.from(document.getElementsByTagName('script')).find((s) => /\/widget\/embed\.js(\?|$)/.test(s.src));
}

function style(element: HTMLElement | SVGElement, styles: Styles): void {
  Object.assign(element.style, styles);
}

function icon(path: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '28');
  svg.setAttribute('height', '28');
  svg.setAttribute('aria-hidden', 'true');
  const shape = document.createElementNS(ns, 'path');
  shape.setAttribute('d', path);
  shape.setAttribute('fill', path === ICON_CHAT ? 'currentColor' : 'none');
  shape.setAttribute('stroke', 'currentColor');
  shape.setAttribute('stroke-width', path === ICON_CHAT ? '0' : '2.5');
  shape.setAttribute('stroke-linecap', 'round');
  svg.appendChild(shape);
  return svg;
}

function start(script: HTMLScriptElement): void {
  const source = new URL(script.src, location.href);
  const key = script.dataset.key || source.searchParams.get('key') || '';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(key)) return void console.warn('Parley: embed.js needs data-key="<public key>"');
  const chatOrigin = source.origin;
  const t = createTranslator(pickLocale(), embedStrings);
  const mobile = matchMedia(MOBILE);

  const launcher = document.createElement('button');
  launcher.id = 'parley-launcher';
  launcher.type = 'button';
  launcher.setAttribute('aria-haspopup', 'dialog');
  style(launcher, {
    position: 'fixed',
    right: '20px',
    bottom: '20px',
    zIndex: Z,
    width: '56px',
    height: '56px',
    padding: '0',
    border: '0',
    borderRadius: '50%',
    background: '#2563eb',
    color: '#fff',
    boxShadow: '0 6px 20px rgba(37,99,235,.4)',
    cursor: 'pointer',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
  });
  const badge = document.createElement('span');
  badge.setAttribute('aria-hidden', 'true');
  style(badge, {
    position: 'absolute',
    top: '-2px',
    right: '-2px',
    minWidth: '20px',
    height: '20px',
    padding: '0 5px',
    borderRadius: '10px',
    background: '#dc2626',
    color: '#fff',
    font: '600 12px/20px system-ui,sans-serif',
    textAlign: 'center',
    boxSizing: 'border-box',
    display: 'none',
  });

  let frame: HTMLIFrameElement | undefined;
  let open = false;
  let unread = 0;

  const render = () => {
    launcher.replaceChildren(icon(open ? ICON_CLOSE : ICON_CHAT), badge);
    badge.textContent = unread > 99 ? '99+' : String(unread);
    style(badge, { display: unread > 0 && !open ? 'block' : 'none' });
    launcher.setAttribute('aria-label', t(open ? 'embed.close' : unread > 0 ? 'embed.openUnread' : 'embed.open', { n: unread }));
    launcher.setAttribute('aria-expanded', String(open));
    // Full-screen on phones: the panel's own close button takes over from the launcher.
    style(launcher, { display: open && mobile.matches ? 'none' : 'flex' });
    if (frame) placeFrame(frame);
  };

  const placeFrame = (element: HTMLIFrameElement) => {
    const full = mobile.matches;
    style(element, {
      position: 'fixed',
      zIndex: Z,
      border: '0',
      background: '#fff',
      display: open ? 'block' : 'none',
      colorScheme: 'normal',
      ...(full
        ? { top: '0', left: '0', right: '0', bottom: '0', width: '100%', height: '100%', borderRadius: '0', boxShadow: 'none' }
        : {
            top: 'auto',
            left: 'auto',
            right: '20px',
            bottom: '88px',
            width: '380px',
            height: '600px',
            maxHeight: 'calc(100vh - 108px)',
            maxWidth: 'calc(100vw - 40px)',
            borderRadius: '14px',
            boxShadow: '0 12px 40px rgba(15,23,42,.25)',
          }),
    });
  };

  const tellFrame = () => frame?.contentWindow?.postMessage({ type: 'parley:open', open }, chatOrigin);

  const createFrame = () => {
    const element = document.createElement('iframe');
    element.id = 'parley-frame';
    element.title = t('embed.title');
    element.src = `${chatOrigin}/chat/${encodeURIComponent(key)}?embed=1`;
    element.setAttribute('allow', 'clipboard-write');
    element.addEventListener('load', tellFrame);
    launcher.setAttribute('aria-controls', element.id);
    document.body.appendChild(element);
    return element;
  };

  const toggle = (next: boolean) => {
    open = next;
    frame ??= createFrame();
    if (open) unread = 0;
    render();
    tellFrame();
    if (open) frame.focus();
    else launcher.focus();
  };

  launcher.addEventListener('click', () => toggle(!open));
  addEventListener('message', (event: MessageEvent) => {
    if (!frame || event.origin !== chatOrigin || event.source !== frame.contentWindow) return;
    const data = event.data as { type?: string; count?: unknown } | null;
    if (data?.type === 'parley:close' && open) toggle(false);
    if (data?.type === 'parley:unread' && typeof data.count === 'number' && data.count >= 0) {
      unread = open ? 0 : Math.floor(data.count);
      render();
    }
  });
  mobile.addEventListener?.('change', render);
  render();
  document.body.appendChild(launcher);
}

const script = findScript();
const flags = window as unknown as { __parleyEmbed?: boolean };
if (script && !flags.__parleyEmbed) {
  flags.__parleyEmbed = true;
  if (document.body) start(script);
  else document.addEventListener('DOMContentLoaded', () => start(script));
}
