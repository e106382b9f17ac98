// @vitest-environment jsdom
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { byTestId, click, custom, message, mount, text } from './helpers.tsx';
import type { MsgElement } from '../../src/render/types.ts';

const image = (infos: Record<string, unknown>[]): MsgElement => ({ MsgType: 'TIMImageElem', MsgContent: { UUID: 'u1', ImageFormat: 1, ImageInfoArray: infos } });
const file = (content: Record<string, unknown>): MsgElement => ({ MsgType: 'TIMFileElem', MsgContent: content });

describe('text', () => {
  it('renders text as text and links http(s) URLs into a new tab', () => {
    const { root } = mount(message(text('Hi <b>there</b>, see https://example.com/a?b=1. Or http://x.test/p)')));
    const paragraph = root.querySelector('.pl-text')!;
    expect(paragraph.textContent).toBe('Hi <b>there</b>, see https://example.com/a?b=1. Or http://x.test/p)');
    expect(root.querySelector('b')).toBeNull();
    const links = Array.from(root.querySelectorAll('a'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/a?b=1', 'http://x.test/p']);
    for (const link of links) {
      expect(link.target).toBe('_blank');
      expect(link.rel).toBe('noopener noreferrer');
    }
  });

  it('does not link other schemes', () => {
    const { root } = mount(message(text('javascript:alert(1) ftp://x.test mailto:a@b.c data:text/html,<script>alert(1)</script>')));
    expect(root.querySelector('a')).toBeNull();
    expect(root.querySelector('script')).toBeNull();
  });

  it('keeps line breaks and CJK punctuation out of links', () => {
    const { root } = mount(message(text('第一行\n请看 https://example.com/页面。谢谢')));
    expect(root.querySelector('a')!.textContent).toBe('https://example.com/页面');
    expect(root.querySelector('.pl-text')!.textContent).toContain('\n');
  });

  it('keeps a closing parenthesis that belongs to the URL', () => {
    const { root } = mount(message(text('(see https://en.wikipedia.org/wiki/Tea_(drink))')));
    expect(root.querySelector('a')!.getAttribute('href')).toBe('https://en.wikipedia.org/wiki/Tea_(drink)');
  });

  it('clips a 200 KB text with a toggle that shows all of it', () => {
    const huge = 'lorem ipsum '.repeat(17_000); // ~200 KB
    const { root } = mount(message(text(huge)));
    const shown = root.querySelector('.pl-text')!.textContent!;
    expect(shown.length).toBeLessThan(3000);
    const toggle = root.querySelector<HTMLButtonElement>('button.pl-more')!;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.textContent).toBe('Show more');
    click(toggle);
    expect(root.querySelector('.pl-text')!.textContent).toBe(huge);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.textContent).toBe('Show less');
  });

  it('clips a text of many short lines', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n');
    const { root } = mount(message(text(lines)));
    expect(root.querySelector('.pl-text')!.textContent).not.toContain('line 100');
    expect(root.querySelector('button.pl-more')).not.toBeNull();
  });

  it('does not clip ordinary text', () => {
    const { root } = mount(message(text('short')));
    expect(root.querySelector('button.pl-more')).toBeNull();
  });
});

describe('image', () => {
  it('shows the thumbnail lazily with alt text and opens the original in a lightbox', () => {
    const { root } = mount(
      message(
        image([
          { Type: 1, URL: 'https://cdn.test/original.png', Width: 800, Height: 600 },
          { Type: 3, URL: 'https://cdn.test/thumb.png', Width: 200, Height: 150 },
        ]),
      ),
    );
    const thumb = root.querySelector('img')!;
    expect(thumb.getAttribute('src')).toBe('https://cdn.test/thumb.png');
    expect(thumb.getAttribute('loading')).toBe('lazy');
    expect(thumb.alt).toBe('Image');
    expect(thumb.getAttribute('width')).toBe('200');
    click(root.querySelector('button.pl-image')!);
    const dialog = root.querySelector('[role="dialog"]')!;
    expect(dialog.querySelector('img')!.getAttribute('src')).toBe('https://cdn.test/original.png');
    const close = dialog.querySelector('button')!;
    expect(document.activeElement).toBe(close);
    click(close);
    expect(root.querySelector('[role="dialog"]')).toBeNull();
  });

  it('closes the lightbox with Escape', () => {
    const { root } = mount(message(image([{ Type: 1, URL: '/chat/v1/files/abc' }])));
    click(root.querySelector('button.pl-image')!);
    expect(root.querySelector('[role="dialog"]')).not.toBeNull();
    act(() => void document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' })));
    expect(root.querySelector('[role="dialog"]')).toBeNull();
  });

  it('accepts same-origin relative URLs (the server without PUBLIC_URL)', () => {
    const { root } = mount(message(image([{ Type: 1, URL: '/chat/v1/files/abc' }])));
    expect(root.querySelector('img')!.getAttribute('src')).toBe(`${location.origin}/chat/v1/files/abc`);
  });

  it.each(['javascript:alert(1)', 'data:image/svg+xml,<svg onload=alert(1)>', 'blob:https://x/1', 'vbscript:x'])('refuses %s', (url) => {
    const { root } = mount(message(image([{ Type: 1, URL: url }])));
    expect(root.querySelector('img')).toBeNull();
    expect(byTestId(root, 'unsupported-message')).toHaveLength(1);
  });
});

describe('file', () => {
  it('shows name and size with a download link', () => {
    const { root } = mount(message(file({ Url: '/chat/v1/files/f1', FileName: 'report.pdf', FileSize: 123_456, UUID: 'f1' })));
    const link = root.querySelector('a.pl-file')!;
    expect(link.getAttribute('href')).toBe(`${location.origin}/chat/v1/files/f1`);
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.textContent).toContain('report.pdf');
    expect(link.textContent).toContain('121 KB');
  });

  it('shows a javascript: file without a link', () => {
    const { root } = mount(message(file({ Url: 'javascript:alert(1)', FileName: 'x.exe', FileSize: 10 })));
    expect(root.querySelector('a')).toBeNull();
    expect(root.textContent).toContain('x.exe');
  });
});

describe('malformed elements', () => {
  it.each([
    ['not JSON', custom('{not json')],
    ['JSON that is not Desk', custom({ hello: 'world' })],
    ['a Desk message of an unknown src', custom({ customerServicePlugin: 0, src: '99' })],
    ['a rating card without a menu', custom({ customerServicePlugin: 0, src: '9', menuContent: { sessionId: 's' } })],
    ['a branch whose items are strings', custom({ customerServicePlugin: 0, src: '15', content: { header: 'h', items: ['a', 'b'] } })],
    ['a stream whose chunks are numbers', custom({ customerServicePlugin: 0, src: '31', chunks: [1, 2], isFinished: 1 })],
    ['rich text that is an object', custom({ customerServicePlugin: 0, src: '30', content: { text: 'x' } })],
    ['a task form with a numeric name', custom({ customerServicePlugin: 0, src: '33', content: { inputVariables: [{ name: 5, isRequired: 1, variableValue: '' }] } })],
    ['a product card with a numeric url', custom({ customerServicePlugin: 0, src: '22', content: { header: 'h', url: 42 } })],
    ['a form of an unknown type', custom({ customerServicePlugin: 0, src: '21', content: { header: 'h', type: 'text' } })],
    ['an unknown element type', { MsgType: 'TIMSoundElem', MsgContent: {} } as unknown as MsgElement],
    ['an element without content', { MsgType: 'TIMTextElem' } as unknown as MsgElement],
    ['null', null as unknown as MsgElement],
  ])('renders %s as the unsupported fallback', (_name, element) => {
    const { root } = mount(message(element));
    expect(byTestId(root, 'unsupported-message')).toHaveLength(1);
    expect(root.textContent).toContain('This message cannot be displayed');
  });

  it('shows the Desc of a foreign custom message as text', () => {
    const { root } = mount(message({ MsgType: 'TIMCustomElem', MsgContent: { Data: 'app-specific', Desc: '<img src=x onerror=alert(1)> New order' } }));
    expect(root.textContent).toContain('<img src=x onerror=alert(1)> New order');
    expect(root.querySelector('img')).toBeNull();
  });

  it('renders the good elements of a body next to a bad one', () => {
    const { root } = mount(message(text('before'), custom('][')));
    expect(root.textContent).toContain('before');
    expect(byTestId(root, 'unsupported-message')).toHaveLength(1);
  });
});
