import { invalid } from '../platform/errors.ts';
import { KB_LIMITS } from './limits.ts';
import { sanitizeMarkdown } from './rich-text.ts';

export const ANSWER_TYPES = { plain: 0, rich: 2 } as const;
export const STATUS = { enabled: 4, disabled: 5, deleted: 6 } as const;

const chars = (s: string) => [...s].length;

export function cleanTitle(title: string): string {
  const value = title.trim();
  if (!value) throw invalid('Title must not be empty');
  if (chars(value) > KB_LIMITS.categoryTitle) throw invalid(`Title is at most ${KB_LIMITS.categoryTitle} characters`);
  return value;
}

export function cleanQuestion(question: string): string {
  const value = question.trim();
  if (!value) throw invalid('Question must not be empty');
  if (chars(value) > KB_LIMITS.question) throw invalid(`Question is at most ${KB_LIMITS.question} characters`);
  return value;
}

export function cleanAnswerType(answerType: number | undefined): 0 | 2 {
  if (answerType === undefined) return 0;
  if (answerType !== 0 && answerType !== 2) throw invalid('AnswerType must be 0 (plain text) or 2 (rich text)');
  return answerType;
}

export function cleanAnswer(answer: string, answerType: 0 | 2): string {
  const value = answer.trim();
  if (!value) throw invalid('Answer must not be empty');
  if (chars(value) > KB_LIMITS.answer) throw invalid(`Answer is at most ${KB_LIMITS.answer} characters`);
  return answerType === ANSWER_TYPES.rich ? sanitizeMarkdown(value) : value;
}

/** Trims, drops blanks, duplicates and copies of the standard question; enforces the limits. */
export function cleanSimilar(similar: string[], standard: string): string[] {
  if (similar.length > KB_LIMITS.similarCount) throw invalid(`At most ${KB_LIMITS.similarCount} similar questions per question`);
  const seen = new Set([standard.trim().toLowerCase()]);
  const out: string[] = [];
  for (const raw of similar) {
    const value = raw.trim();
    if (!value) continue;
    if (chars(value) > KB_LIMITS.similar) throw invalid(`A similar question is at most ${KB_LIMITS.similar} characters`);
    const key = value.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(value);
  }
  return out;
}
