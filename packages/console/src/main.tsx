// The admin console's entry: read the page's config (the CSP nonce for Ant Design's styles) and render.
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './styles.css';

interface PageConfig {
  styleNonce?: string;
}

function pageConfig(): PageConfig {
  try {
    return JSON.parse(document.getElementById('parley-config')?.textContent || '{}') as PageConfig;
  } catch {
    return {};
  }
}

/**
 * The page's CSP admits <style> elements only with this page's nonce. Ant Design's CSS-in-JS gets it
 * through ConfigProvider; a few helpers beneath it (the scroll lock of dialogs and drawers, the
 * scrollbar measurement) create theirs without one, so every style element this page creates carries it.
 * Styles an attacker could inject as markup are not created this way and stay refused.
 */
function nonceOwnStyles(nonce: string) {
  const create = document.createElement.bind(document);
  document.createElement = ((tagName: string, options?: ElementCreationOptions) => {
    const element = create(tagName, options);
    if (tagName.toLowerCase() === 'style') element.setAttribute('nonce', nonce);
    return element;
  }) as typeof document.createElement;
}

const { styleNonce } = pageConfig();
if (styleNonce) nonceOwnStyles(styleNonce);
createRoot(document.getElementById('app')!).render(<App nonce={styleNonce} />);
