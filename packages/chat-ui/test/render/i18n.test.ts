import { describe, expect, it } from 'vitest';
import { createTranslator, formatTime, pickLocale } from '../../src/i18n/index.ts';
import { renderStrings } from '../../src/i18n/render.ts';

describe('pickLocale', () => {
  it.each<[string[], string]>([
    [['zh-CN'], 'zh-CN'],
    [['zh-TW', 'en'], 'zh-CN'],
    [['zh'], 'zh-CN'],
    [['en-GB', 'zh-CN'], 'en-US'],
    [['fr-FR', 'zh-CN'], 'zh-CN'],
    [['fr-FR', 'de'], 'en-US'],
    [[], 'en-US'],
  ])('%j → %s', (languages, locale) => {
    expect(pickLocale(languages)).toBe(locale);
  });
});

describe('createTranslator', () => {
  const extra = { 'zh-CN': { 'app.hello': '你好，{name}', 'render.showMore': '更多' }, 'en-US': { 'app.hello': 'Hello, {name}' } };

  it('merges dictionaries (later wins) and interpolates {params}', () => {
    const zh = createTranslator('zh-CN', renderStrings, extra);
    expect(zh('app.hello', { name: '小明' })).toBe('你好，小明');
    expect(zh('render.showMore')).toBe('更多');
    expect(createTranslator('en-US', renderStrings, extra)('app.hello', { name: 'Ada' })).toBe('Hello, Ada');
  });

  it('returns the key for a missing string and leaves unknown params alone', () => {
    const en = createTranslator('en-US', renderStrings);
    expect(en('nope.missing')).toBe('nope.missing');
    expect(en('render.file.download', {})).toBe('Download {name}');
    expect(en('render.rating.level', { n: 3, label: 'Average' })).toBe('3: Average');
  });

  it('does not treat inherited object keys as strings', () => {
    expect(createTranslator('en-US', renderStrings)('toString')).toBe('toString');
  });

  it('has every render string in both locales', () => {
    expect(Object.keys(renderStrings['zh-CN']).sort()).toEqual(Object.keys(renderStrings['en-US']).sort());
  });
});

describe('formatTime', () => {
  const now = new Date(2025, 5, 15, 18, 30).getTime();

  it('shows HH:mm for today', () => {
    expect(formatTime(new Date(2025, 5, 15, 9, 5).getTime(), 'en-US', now)).toBe('09:05');
    expect(formatTime(new Date(2025, 5, 15, 21, 7).getTime(), 'zh-CN', now)).toBe('21:07');
  });

  it('adds the date on other days and the year in other years', () => {
    const yesterday = formatTime(new Date(2025, 5, 14, 9, 5).getTime(), 'en-US', now);
    expect(yesterday).toContain('Jun');
    expect(yesterday).toContain('14');
    expect(yesterday).toContain('09:05');
    expect(yesterday).not.toContain('2025');
    const lastYear = formatTime(new Date(2024, 11, 31, 23, 59).getTime(), 'zh-CN', now);
    expect(lastYear).toContain('2024');
    expect(lastYear).toContain('23:59');
  });
});
