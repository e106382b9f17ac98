import { describe, expect, it } from 'vitest';
import { normalize } from './normalize.ts';

describe('normalize', () => {
  it('folds full-width letters, digits and punctuation to half-width', () => {
    expect(normalize('ＡＢＣ１２３，ｏｒｄｅｒ！')).toBe('abc123 order');
  });

  it('converts traditional to simplified Chinese', () => {
    expect(normalize('帳號綁定的手機號碼要怎麼換')).toBe('帐号绑定的手机号码要怎么换');
    expect(normalize('積分有期限嗎')).toBe('积分有期限吗');
  });

  it('lower-cases and keeps contractions whole', () => {
    expect(normalize("I Don't KNOW what’s Up")).toBe('i dont know whats up');
  });

  it('removes punctuation and emoji and collapses whitespace', () => {
    expect(normalize('  退款😀😀什么时候到？？ 🙏  thanks!!! ')).toBe('退款 什么时候到 thanks');
    expect(normalize('「订单」…\t\n取消')).toBe('订单 取消');
  });

  it('keeps decimal points and meaningful symbols', () => {
    expect(normalize('v2.0 costs $20. 50% off.')).toBe('v2.0 costs $20 50% off');
  });

  it('returns an empty string for punctuation-only input', () => {
    expect(normalize('？！…😀')).toBe('');
  });
});
