import { invalid } from '../../platform/errors.ts';
import { ANSWER_TYPES, STATUS } from '../library-validation.ts';

// Cell texts of the enumerated columns. Blank means the default; labels and numeric codes both work.

const ANSWER_TYPE_NAMES: Record<string, 0 | 2> = {
  纯文本: ANSWER_TYPES.plain,
  文本: ANSWER_TYPES.plain,
  plain: ANSWER_TYPES.plain,
  'plain text': ANSWER_TYPES.plain,
  text: ANSWER_TYPES.plain,
  '0': ANSWER_TYPES.plain,
  富文本: ANSWER_TYPES.rich,
  rich: ANSWER_TYPES.rich,
  'rich text': ANSWER_TYPES.rich,
  markdown: ANSWER_TYPES.rich,
  '2': ANSWER_TYPES.rich,
};

const STATUS_NAMES: Record<string, 4 | 5> = {
  启用: STATUS.enabled,
  启用中: STATUS.enabled,
  enabled: STATUS.enabled,
  enable: STATUS.enabled,
  '4': STATUS.enabled,
  停用: STATUS.disabled,
  禁用: STATUS.disabled,
  已停用: STATUS.disabled,
  disabled: STATUS.disabled,
  disable: STATUS.disabled,
  '5': STATUS.disabled,
};

const key = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

export function parseAnswerType(text: string): 0 | 2 {
  if (!text.trim()) return ANSWER_TYPES.plain;
  const value = ANSWER_TYPE_NAMES[key(text)];
  if (value === undefined) throw invalid(`Answer type "${text.trim()}" is not one of 纯文本 (0) or 富文本 (2)`);
  return value;
}

export function parseStatus(text: string): 4 | 5 {
  if (!text.trim()) return STATUS.enabled;
  const value = STATUS_NAMES[key(text)];
  if (value === undefined) throw invalid(`Status "${text.trim()}" is not one of 启用 or 停用`);
  return value;
}

export const formatAnswerType = (answerType: number) => (answerType === ANSWER_TYPES.rich ? '富文本' : '纯文本');

export const formatStatus = (status: number) => (status === STATUS.disabled ? '停用' : '启用');

/** Similar questions share one cell: one per line, or separated by `|` or a full-width `；`. */
export const splitSimilar = (text: string) => text.split(/\n|\||；/);

export const joinSimilar = (similar: string[]) => similar.join('\n');
