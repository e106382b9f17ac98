// /workbench/sdk.js: the workbench-embedding SDK (spec 03 §2). The integrator's page loads the
// sdkUrl its backend got from POST /api/workbench/sdk-login; this script reads the one-time token
// from its own URL, puts the workbench iframe on the page (in the element named by
// data-render-dom-id, or in a floating window) and exposes `window.tccc`.
import { FrameChannel } from './channel';
import { createTccc, type Tccc } from './tccc';
import { SdkView } from './view';

declare global {
  interface Window {
    tccc?: Tccc;
  }
}

const ALREADY = '已经初始化SDK了，请确认是否重复执行初始化 (the workbench SDK is already initialised; check for a repeated initialisation)';
const SCRIPT_MATCH = /\/workbench\/sdk\.js(\?|$)/;

/** The script element that loaded us: currentScript while it runs (inserted dynamically too), else by URL. */
function ownScript(): HTMLScriptElement | undefined {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && SCRIPT_MATCH.test(current.src)) return current;
  const candidates = [...document.querySelectorAll<HTMLScriptElement>('script[src]')].filter((s) => SCRIPT_MATCH.test(s.src));
  return candidates[candidates.length - 1];
}

function start(): void {
  if (window.tccc) return console.warn(ALREADY);
  const script = ownScript();
  if (!script) return console.error('[tccc] cannot find the <script> that loaded sdk.js');
  const url = new URL(script.src);
  const token = url.searchParams.get('token') ?? '';
  const renderDomId = script.dataset.renderDomId;
  let channel: FrameChannel | undefined;
  let view: SdkView | undefined;
  const sdk = createTccc({
    call: (command) => (channel ? channel.call(command) : Promise.resolve({ ok: false, error: 'The workbench is not on the page yet' })),
    get view() {
      return view;
    },
  });
  window.tccc = sdk.tccc;
  if (!token) {
    queueMicrotask(() => sdk.dispatch('tokenExpired', { message: 'sdk.js was loaded without a token: load the sdkUrl your backend got from POST /api/workbench/sdk-login' }));
    return;
  }
  whenDocumentReady(() => {
    const container = renderDomId ? (document.getElementById(renderDomId) ?? undefined) : undefined;
    if (renderDomId && !container) console.warn(`[tccc] no element #${renderDomId} (data-render-dom-id); showing the workbench as a floating window`);
    view = new SdkView({ src: `${url.origin}/workbench/#embed=${encodeURIComponent(token)}`, container, warn: (message) => console.warn(`[tccc] ${message}`) });
    channel = new FrameChannel(view.frame, url.origin, (message) => {
      if (message.kind === 'welcome') sdk.setInitialStatus(message.status);
      else sdk.dispatch(message.name, message.payload);
    });
  });
}

function whenDocumentReady(run: () => void): void {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run, { once: true });
  else run();
}

start();
