// What the SDK puts on the integrator's page (spec 03 §2.1): the workbench iframe, either filling the
// element named by the script's data-render-dom-id (embed mode) or in a floating window opened by a
// floating button (floating-window mode). Styles are set through the CSSOM, which a page's CSP
// without 'unsafe-inline' still allows; nothing is written as HTML.

/** Spec 03 §2.1: smaller than this, the workbench does not fit. */
export const MIN_WIDTH = 760;
export const MIN_HEIGHT = 480;
const Z_INDEX = '2147483000';
const ACCENT = '#2563eb';

export const FRAME_ID = 'parley-workbench-frame';
export const WINDOW_ID = 'parley-workbench-window';
export const BUTTON_ID = 'parley-workbench-button';

export interface ViewOptions {
  src: string;
  /** The element to fill; absent: floating-window mode. */
  container?: HTMLElement;
  warn(message: string): void;
}

type Style = Partial<Record<keyof CSSStyleDeclaration, string>>;
const styled = <T extends HTMLElement>(element: T, style: Style): T => (Object.assign(element.style, style), element);

export class SdkView {
  readonly frame: HTMLIFrameElement;
  readonly floating: boolean;
  private window?: HTMLElement;
  private button?: HTMLButtonElement;
  private badge?: HTMLElement;
  private shown = { ui: true, workbench: true, button: true };

  constructor(options: ViewOptions) {
    this.floating = !options.container;
    this.frame = styled(document.createElement('iframe'), { border: '0', display: 'block', width: '100%', height: '100%', background: '#fff' });
    this.frame.id = FRAME_ID;
    this.frame.title = 'Parley Workbench';
    this.frame.src = options.src;
    this.frame.setAttribute('allow', 'clipboard-write');
    if (options.container) this.fill(options.container, options.warn);
    else this.float();
    this.render();
  }

  setShown(part: keyof SdkView['shown'], on: boolean): void {
    this.shown[part] = on;
    if (part === 'workbench' && on) this.setBadge(false);
    this.render();
  }

  /** A session came in while the floating window is closed: a dot on the button. */
  attention(): void {
    if (this.floating && !this.shown.workbench) this.setBadge(true);
  }

  private fill(container: HTMLElement, warn: (message: string) => void): void {
    container.replaceChildren(this.frame);
    const { width, height } = container.getBoundingClientRect();
    if (width < MIN_WIDTH || height < MIN_HEIGHT) {
      warn(`The element #${container.id} is ${Math.round(width)}×${Math.round(height)} px; the workbench needs at least ${MIN_WIDTH}×${MIN_HEIGHT} px to show completely`);
    }
  }

  private float(): void {
    this.shown.workbench = false;
    const panel = styled(document.createElement('section'), {
      position: 'fixed',
      right: '24px',
      bottom: '92px',
      width: `min(${MIN_WIDTH + 200}px, calc(100vw - 32px))`,
      height: `min(${MIN_HEIGHT + 160}px, calc(100vh - 116px))`,
      flexDirection: 'column',
      borderRadius: '12px',
      overflow: 'hidden',
      background: '#fff',
      boxShadow: '0 12px 40px rgba(15, 23, 42, 0.28)',
      zIndex: Z_INDEX,
    });
    panel.id = WINDOW_ID;
    panel.setAttribute('aria-label', 'Parley Workbench');
    panel.append(this.header(), styled(document.createElement('div'), { flex: '1', minHeight: '0' }));
    panel.lastElementChild!.append(this.frame);
    this.window = panel;
    this.button = this.floatButton();
    document.body.append(panel, this.button);
  }

  private header(): HTMLElement {
    const bar = styled(document.createElement('div'), {
      display: 'flex',
      alignItems: 'center',
      justifyContent: 'space-between',
      height: '32px',
      padding: '0 8px 0 14px',
      background: '#0f172a',
      color: '#fff',
      font: '600 13px/1 system-ui, sans-serif',
    });
    const title = document.createElement('span');
    title.textContent = 'Parley Workbench';
    const close = styled(document.createElement('button'), { border: '0', background: 'transparent', color: '#fff', font: '20px/1 system-ui, sans-serif', cursor: 'pointer', padding: '2px 8px' });
    close.type = 'button';
    close.textContent = '×';
    close.setAttribute('aria-label', 'Minimise the workbench');
    close.addEventListener('click', () => this.setShown('workbench', false));
    bar.append(title, close);
    return bar;
  }

  private floatButton(): HTMLButtonElement {
    const button = styled(document.createElement('button'), {
      position: 'fixed',
      right: '24px',
      bottom: '24px',
      width: '56px',
      height: '56px',
      borderRadius: '50%',
      border: '0',
      background: ACCENT,
      color: '#fff',
      alignItems: 'center',
      justifyContent: 'center',
      cursor: 'pointer',
      boxShadow: '0 6px 20px rgba(37, 99, 235, 0.45)',
      zIndex: Z_INDEX,
    });
    button.id = BUTTON_ID;
    button.type = 'button';
    button.setAttribute('aria-label', 'Open the Parley workbench');
    button.append(chatIcon());
    this.badge = styled(document.createElement('span'), {
      position: 'absolute',
      top: '6px',
      right: '6px',
      width: '12px',
      height: '12px',
      borderRadius: '50%',
      background: '#ef4444',
      border: '2px solid #fff',
      display: 'none',
    });
    button.append(this.badge);
    button.addEventListener('click', () => this.setShown('workbench', !this.shown.workbench));
    return button;
  }

  private setBadge(on: boolean): void {
    if (this.badge) this.badge.style.display = on ? 'block' : 'none';
  }

  private render(): void {
    const { ui, workbench, button } = this.shown;
    if (!this.floating) {
      this.frame.style.display = ui && workbench ? 'block' : 'none';
      return;
    }
    this.window!.style.display = ui && workbench ? 'flex' : 'none';
    this.button!.style.display = ui && button ? 'flex' : 'none';
    this.button!.setAttribute('aria-expanded', String(workbench));
  }
}

function chatIcon(): SVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '26');
  svg.setAttribute('height', '26');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '2');
  path.setAttribute('stroke-linejoin', 'round');
  svg.append(path);
  return svg;
}
