import { describe, expect, it } from 'vitest';
import { Segmenter } from './segment.ts';
import { stem } from './stem.ts';
import { Tokenizer } from './tokenize.ts';

describe('Segmenter', () => {
  it('keeps dictionary words whole, segments the rest with ICU', () => {
    const plain = new Segmenter([]).segment('运费险怎么买');
    expect(plain).not.toContain('运费险');
    expect(new Segmenter(['运费险']).segment('运费险怎么买')).toEqual(['运费险', '怎么', '买']);
  });

  it('prefers the longest dictionary word', () => {
    expect(new Segmenter(['以旧换新', '以旧']).segment('以旧换新活动')[0]).toBe('以旧换新');
  });

  it('does not cut Latin words with dictionary entries', () => {
    expect(new Segmenter(['pro']).segment('iphone pro 和 product')).toEqual(['iphone', 'pro', '和', 'product']);
  });

  it('segments mixed Chinese and English', () => {
    expect(new Segmenter([]).segment('order还没发货可以cancel吗')).toEqual(expect.arrayContaining(['order', 'cancel', '可以']));
  });
});

describe('stem', () => {
  it('maps inflections to one stem', () => {
    expect(stem('cards')).toBe(stem('card'));
    expect(stem('cancelled')).toBe(stem('cancel'));
    expect(stem('running')).toBe(stem('run'));
    expect(stem('booking')).toBe(stem('book'));
    expect(stem('called')).toBe(stem('call'));
    expect(stem('cities')).toBe(stem('city'));
  });
});

describe('stem exceptions', () => {
  it('does not merge words whose ending only looks like an inflection', () => {
    expect(stem('news')).not.toBe(stem('new'));
    expect(stem('interesting')).not.toBe(stem('interest'));
    expect(stem('apply')).not.toBe(stem('app'));
    expect(stem('family')).toBe('family');
    expect(stem('speed')).toBe('speed');
    expect(stem('applies')).toBe(stem('apply'));
  });
});

describe('Tokenizer', () => {
  it('folds synonyms to one canonical token, in Chinese and English', () => {
    const t = new Tokenizer({ synonyms: [['退款', '退钱', 'refund']] });
    expect(t.words('怎么退钱')).toContain('退款');
    expect(t.words('refunds please')).toContain('退款');
    expect(t.terms('怎么退钱')).toEqual(t.terms('怎么退款'));
  });

  it('produces word, n-gram and character views for mixed text', () => {
    const terms = [...new Tokenizer().terms('refund几天到账').keys()];
    expect(terms).toContain('w:refund');
    expect(terms).toContain('g:^re');
    expect(terms).toContain('g:到账');
    expect(terms).toContain('u:账');
  });

  it('keeps stop words as words and word pairs but not as trigrams', () => {
    const terms = [...new Tokenizer().terms('what is the name of my card').keys()];
    expect(terms.filter((k) => k.startsWith('w:'))).toEqual(['w:what', 'w:is', 'w:the', 'w:nam', 'w:of', 'w:my', 'w:card']);
    expect(terms).toContain('b:my_card');
    expect(terms).toContain('g:^my');
    expect(terms).not.toContain('g:the');
  });

  it('gives traditional and simplified text the same terms', () => {
    const t = new Tokenizer();
    expect(t.terms('積分有期限嗎')).toEqual(t.terms('积分有期限吗'));
  });
});
