import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeMarkdown } from './rich-text.ts';

describe('sanitizeMarkdown links', () => {
  it('keeps http, https and mailto links exactly as sent', () => {
    for (const answer of [
      '<a href="https://example.com/doc">doc</a>',
      'see <a href="http://example.com/a?b=1&amp;c=2">here</a>',
      '<a href="mailto:help@example.com">mail us</a>',
      '[doc](https://example.com/doc)',
    ]) {
      expect(sanitizeMarkdown(answer)).toBe(answer);
    }
  });

  it('gives links that open a new tab rel="noopener noreferrer" and drops other attributes', () => {
    expect(sanitizeMarkdown(`<a href='https://example.com' target="_blank" onclick="x()" rel="opener">x</a>`)).toBe('<a href="https://example.com" target="_blank" rel="noopener noreferrer">x</a>');
  });

  it('drops script, data and relative hrefs but keeps the text', () => {
    for (const href of ['javascript:alert(1)', ' java\tscript:alert(1)', 'data:text/html,x', 'vbscript:x', '//evil.example', '/relative']) {
      expect(sanitizeMarkdown(`<a href="${href}">text</a>`)).toBe('<a>text</a>');
    }
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.constantFrom('', '<a href="https://x.y/">', '<a href="javascript:1" target=_blank>', '</a>', '<b>', '<script>'), (text, tag) => {
        const once = sanitizeMarkdown(tag + text + tag);
        expect(sanitizeMarkdown(once)).toBe(once);
      }),
    );
  });
});
