// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { assertInert, click, desk, message, mount, oneByTestId, text } from './helpers.tsx';

const richText = (markdown: string) => message(desk('30', { content: markdown }));
const stream = (chunks: string[], isFinished: 0 | 1) => message(desk('31', { chunks, isFinished }));

describe('rich text (src 30)', () => {
  it('renders Markdown: emphasis, lists, code, tables, links and images', () => {
    const { root } = mount(richText('# Title\n\n**bold** and *it*\n\n- one\n- two\n\n`code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[Docs](https://example.com/docs) ![chart](https://cdn.test/c.png)'));
    const box = oneByTestId(root, 'rich-text');
    expect(box.querySelector('h1')!.textContent).toBe('Title');
    expect(box.querySelector('strong')!.textContent).toBe('bold');
    expect(box.querySelectorAll('li')).toHaveLength(2);
    expect(box.querySelector('code')!.textContent).toBe('code');
    expect(box.querySelector('td')!.textContent).toBe('1');
    const link = box.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://example.com/docs');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    const image = box.querySelector('img')!;
    expect(image.getAttribute('src')).toBe('https://cdn.test/c.png');
    expect(image.getAttribute('alt')).toBe('chart');
    expect(image.getAttribute('loading')).toBe('lazy');
  });

  it('reads the seed example with spaces between ] and ( and neutralises its injection payload (spec 02 §4.16)', () => {
    const seed =
      'This is our configuration information\n\n![] (https://im-console-chatbot-1303031839.cos.ap-guangzhou.myqcloud.com/1312281038/2024_07/1721357223805.%E8%8B%B9%E6%9E%9C%22%3Cimg%20src%3D%20onerror%3D%22alert%28123%29%22%3E.jpg) \n\n[Click to view] (https://www.qq.com) ';
    const { root } = mount(richText(seed));
    const box = oneByTestId(root, 'rich-text');
    assertInert(box);
    expect(box.querySelectorAll('img')).toHaveLength(1);
    expect(box.querySelector('img')!.getAttribute('src')).toContain('%3Cimg%20src%3D%20onerror');
    expect(box.querySelector('img')!.getAttribute('alt')).toBe('Image');
    expect(box.querySelector('a')!.getAttribute('href')).toBe('https://www.qq.com/');
  });

  it('allows mailto: and tel: links but not relative ones', () => {
    const { root } = mount(richText('[mail](mailto:help@example.com) [call](tel:+123) [rel](/admin)'));
    const hrefs = Array.from(root.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['mailto:help@example.com', 'tel:+123', null]);
  });

  it('opens a Markdown image in the lightbox', () => {
    const { root } = mount(richText('![map](https://cdn.test/map.png)'));
    click(root.querySelector('.pl-markdown img')!);
    expect(root.querySelector('[role="dialog"] img')!.getAttribute('src')).toBe('https://cdn.test/map.png');
  });

  it('clips 5,000 Markdown elements and renders the rest on request', () => {
    const markdown = Array.from({ length: 5000 }, (_, i) => `- item **${i}** [link](https://example.com/${i})`).join('\n');
    const { root } = mount(richText(markdown));
    const box = oneByTestId(root, 'rich-text');
    const shown = box.querySelectorAll('li').length;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(200);
    click(box.querySelector('button.pl-more')!);
    expect(box.querySelectorAll('li')).toHaveLength(5000);
    assertInert(box);
  });

  it('clips a 200 KB single paragraph', () => {
    const { root } = mount(richText('word '.repeat(40_000)));
    const box = oneByTestId(root, 'rich-text');
    expect(box.querySelector('.pl-markdown')!.textContent!.length).toBeLessThan(5000);
    expect(box.querySelector('button.pl-more')).not.toBeNull();
  });
});

describe('stream (src 31)', () => {
  it('joins the chunks, shows a caret while unfinished and grows in place', () => {
    const { root, rerender } = mount(stream(['', '您', '可以在'], 0));
    const box = oneByTestId(root, 'stream-text');
    expect(box.textContent!.trim()).toBe('您可以在');
    expect(box.querySelector('.pl-streaming')).not.toBeNull();
    expect(box.getAttribute('aria-busy')).toBe('true');
    rerender(stream(['', '您', '可以在', '管理', '**端**'], 1));
    const grown = oneByTestId(root, 'stream-text');
    expect(grown).toBe(box);
    expect(grown.textContent!.trim()).toBe('您可以在管理端');
    expect(grown.querySelector('strong')!.textContent).toBe('端');
    expect(grown.querySelector('.pl-streaming')).toBeNull();
  });

  it('keeps the caret while the app says the message is still streaming', () => {
    const { root } = mount({ ...stream(['a'], 1), streaming: true });
    expect(root.querySelector('.pl-streaming')).not.toBeNull();
  });
});

describe('a message with text and rich text', () => {
  it('renders both elements in order', () => {
    const { root } = mount(message(text('first'), desk('30', { content: '*second*' })));
    expect(root.querySelector('.pl-body')!.textContent!.trim()).toBe('firstsecond');
  });
});
