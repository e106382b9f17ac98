import { describe, expect, it } from 'vitest';
import { en } from './en';
import { messages, translate } from './index';
import { zh } from './zh';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('console texts', () => {
  it('has every key in both languages, with the same placeholders and no empty text', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(zh[key].trim(), key).not.toBe('');
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('keeps each language to itself: Chinese texts have Chinese, English ones none', () => {
    const cjk = /[\u4e00-\u9fff]/;
    // Keys whose text is the same in both (names, codes) are exempt.
    const same = Object.keys(en).filter((key) => en[key as keyof typeof en] === zh[key as keyof typeof en]);
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(cjk.test(en[key]), `en ${key}`).toBe(false);
      if (!same.includes(key)) expect(cjk.test(zh[key]), `zh ${key}`).toBe(true);
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en-US', 'lib.counts', { standard: 3, total: 10 })).toBe('3 standard questions, 10 questions including similar ones');
    expect(translate('zh-CN', 'lib.counts', { standard: 3, total: 10 })).toBe('标准问题 3 条，总问题（含相似问题）10 条');
    expect(translate('en-US', 'common.total')).toBe('{count} in total');
    expect(Object.keys(messages)).toEqual(['zh-CN', 'en-US']);
  });
});
