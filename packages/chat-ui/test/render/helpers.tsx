// Shared fixtures for the renderer tests: mount MessageBody into jsdom, build messages, record actions.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach } from 'vitest';
import { createTranslator, type Locale } from '../../src/i18n/index.ts';
import { renderStrings } from '../../src/i18n/render.ts';
import { MessageBody } from '../../src/render/MessageBody.tsx';
import type { MessageActions, MsgElement, RenderableMessage } from '../../src/render/types.ts';

export const t = createTranslator('en-US', renderStrings);

export const text = (Text: string): MsgElement => ({ MsgType: 'TIMTextElem', MsgContent: { Text } });
/** A custom element; objects are serialised like the server does, strings are sent as they are. */
export const custom = (data: Record<string, unknown> | string): MsgElement => ({
  MsgType: 'TIMCustomElem',
  MsgContent: { Data: typeof data === 'string' ? data : JSON.stringify(data) },
});
export const desk = (src: string, fields: Record<string, unknown> = {}) => custom({ customerServicePlugin: 0, src, ...fields });
export const message = (...body: MsgElement[]): RenderableMessage => ({ role: 2, at: Date.UTC(2025, 0, 1), msgKey: 'k1', body });

export interface RecordedActions extends MessageActions {
  texts: { text: string; options?: { cloudCustomData?: string } }[];
  customs: Record<string, unknown>[];
}

export function recordActions(sendCustomResult?: () => Promise<unknown>): RecordedActions {
  const recorded: RecordedActions = {
    texts: [],
    customs: [],
    sendText: (value, options) => void recorded.texts.push(options ? { text: value, options } : { text: value }),
    sendCustom: (data) => {
      recorded.customs.push(data);
      return sendCustomResult?.();
    },
  };
  return recorded;
}

const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const root of mounted.splice(0)) {
    render(null, root);
    root.remove();
  }
});

/** Renders a message and returns its container; `rerender` shows an edited version in the same place. */
export function mount(msg: RenderableMessage, actions?: MessageActions, locale: Locale = 'en-US') {
  const root = document.createElement('div');
  document.body.append(root);
  mounted.push(root);
  const translate = locale === 'en-US' ? t : createTranslator(locale, renderStrings);
  const draw = (m: RenderableMessage) => act(() => render(<MessageBody message={m} actions={actions} t={translate} locale={locale} />, root));
  draw(msg);
  return { root, rerender: draw };
}

export const byTestId = (root: ParentNode, id: string) => Array.from(root.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));
export const oneByTestId = (root: ParentNode, id: string) => {
  const found = byTestId(root, id);
  if (found.length !== 1) throw new Error(`expected one [data-testid="${id}"], found ${found.length}`);
  return found[0];
};

export function click(element: Element) {
  act(() => (element as HTMLElement).click());
}

export function type(input: HTMLInputElement, value: string) {
  act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export function submit(form: HTMLFormElement) {
  act(() => {
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
}

/** The DOM invariants every hostile-content test checks. */
export function assertInert(root: HTMLElement) {
  const problems: string[] = [];
  if (root.querySelector('script, iframe, object, embed, form[action], svg, style, link, meta, base')) problems.push('dangerous element');
  for (const element of Array.from(root.querySelectorAll('*'))) {
    for (const attribute of Array.from(element.attributes)) {
      if (/^on/i.test(attribute.name)) problems.push(`${element.tagName} ${attribute.name}`);
      if (attribute.name === 'style') problems.push(`${element.tagName} style`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attribute.name) && /^\s*(javascript|data|vbscript):/i.test(attribute.value)) {
        problems.push(`${element.tagName} ${attribute.name}=${attribute.value}`);
      }
    }
  }
  if (problems.length) throw new Error(`unsafe DOM: ${problems.join(', ')}\n${root.innerHTML.slice(0, 2000)}`);
}
