// @vitest-environment jsdom
// Content from customers, agents and REST callers is untrusted. Every case asserts on the DOM: no
// script-capable elements, no on* or style attributes, no javascript:/data: URLs.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { assertInert, byTestId, desk, message, mount, text } from './helpers.tsx';

const MARKDOWN_ATTACKS: [string, string][] = [
  ['a script tag', 'hi <script>window.__pwned = 1</script> there'],
  ['an img with onerror', '<img src=x onerror="window.__pwned = 1">'],
  ['a javascript: link', '[x](javascript:alert(1))'],
  ['an obfuscated javascript: link', '[x](JaVaScRiPt:alert(1)) [y](java&#x09;script:alert(1)) [z](&#106;avascript:alert(1))'],
  ['a javascript: autolink', '<javascript:alert(1)>'],
  ['a data:text/html link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['a data: image', '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)'],
  ['a vbscript: link', '[x](vbscript:msgbox(1))'],
  ['inline SVG with script', '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">x</a></svg>'],
  ['SVG with onload', '<svg onload="alert(1)"></svg>'],
  ['an iframe', '<iframe src="https://evil.test"></iframe><iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['a form', '<form action="https://evil.test"><input name="card"><button formaction="javascript:alert(1)">pay</button></form>'],
  ['a style attribute and tag', '<p style="position:fixed;inset:0">cover</p><style>body{display:none}</style>'],
  ['event handlers on allowed tags', '<a href="https://ok.test" onclick="alert(1)" onmouseover="alert(1)">ok</a><b onclick=alert(1)>b</b>'],
  ['an object and embed', '<object data="x.swf"></object><embed src="x.swf">'],
  ['meta refresh and base', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript:alert(1)//">'],
  ['a mutation-XSS attempt', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
  ['math-namespace confusion', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
  ['a link with target and rel overrides', '<a href="https://ok.test" target="_self" rel="opener">ok</a>'],
];

afterEach(() => {
  delete (window as { __pwned?: number }).__pwned;
});

describe.each([
  ['rich text (src 30)', (markdown: string) => desk('30', { content: markdown })],
  ['a stream (src 31)', (markdown: string) => desk('31', { chunks: ['', markdown], isFinished: 1 })],
])('%s', (_kind, element) => {
  it.each(MARKDOWN_ATTACKS)('neutralises %s', (_name, markdown) => {
    const alert = vi.spyOn(window, 'alert').mockImplementation(() => {});
    const { root } = mount(message(element(markdown)));
    assertInert(root);
    for (const link of Array.from(root.querySelectorAll('a[href]'))) {
      expect(link.getAttribute('href')).toMatch(/^(https?:|mailto:|tel:)/);
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    }
    for (const image of Array.from(root.querySelectorAll('img'))) expect(image.getAttribute('src')).toMatch(/^https?:/);
    expect(root.querySelector('input:not([type="checkbox"]), button:not(.pl-more), textarea, select')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
    expect(alert).not.toHaveBeenCalled();
    alert.mockRestore();
  });
});

describe('plain text', () => {
  it.each([
    '<script>window.__pwned = 1</script>',
    '<img src=x onerror="window.__pwned = 1">',
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload=alert(1)><script>alert(1)</script></svg>',
    'javascript:alert(1)',
    'https://ok.test/"><img src=x onerror=alert(1)>',
  ])('shows %s as text', (value) => {
    const { root } = mount(message(text(value)));
    assertInert(root);
    expect(root.querySelector('img, svg, script')).toBeNull();
    expect(root.querySelector('.pl-text')!.textContent).toBe(value);
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });
});

describe('cards', () => {
  it.each(['javascript:alert(1)', ' javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<script>alert(1)</script>', '//evil.test/x', '/relative/path', 'vbscript:x'])(
    'a product card with url %j is not a link',
    (url) => {
      const { root } = mount(message(desk('22', { content: { header: 'Shoes', desc: 'Red', pic: 'javascript:alert(1)', url } })));
      const card = byTestId(root, 'product-card')[0];
      expect(card.tagName).not.toBe('A');
      expect(root.querySelector('a')).toBeNull();
      expect(root.querySelector('img')).toBeNull();
      assertInert(root);
    },
  );

  it('renders card fields with markup as text', () => {
    const hostile = '<img src=x onerror=alert(1)><script>alert(1)</script>';
    const { root } = mount(
      message(
        desk('29', { subtype: 'welcome_msg', content: { title: hostile, content: '', items: [{ content: hostile }] } }),
        desk('15', { content: { header: hostile, items: [{ content: hostile, desc: hostile }], tail: hostile } }),
        desk('28', { content: { guide: hostile, name: hostile, desc: hostile, pic: 'data:image/png;base64,AAAA', customField: [{ name: hostile, value: hostile }] } }),
        desk('9', { menuContent: { head: hostile, tail: hostile, menu: [{ id: '1', content: hostile }], type: 1, sessionId: hostile, effectiveHour: 1, expireTime: 4e9 } }),
        desk('33', { content: { tip: hostile, inputVariables: [{ name: hostile, placeholder: hostile, formType: 1, chooseItemList: [hostile], isRequired: 1, variableValue: '' }] } }),
      ),
    );
    assertInert(root);
    expect(root.querySelector('img, script')).toBeNull();
    expect(root.textContent).toContain(hostile);
  });

  it('a prototype-polluting src does not crash', () => {
    const { root } = mount(message(desk('__proto__'), desk('constructor'), desk('toString')));
    expect(byTestId(root, 'unsupported-message')).toHaveLength(3);
  });
});
