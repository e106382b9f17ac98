/**
 * What bench/chat.ts's robot knows and what its customers ask: ~200 FAQ entries (Chinese and
 * English, from the api bench's generator) and, for each, the standard question, its similar
 * questions (stored in the library) and a paraphrase that is not stored anywhere.
 */
import { faqEntries, type FaqText } from './api-faq-text.ts';

export type AskKind = 'standard' | 'similar' | 'paraphrase';

export interface Ask {
  text: string;
  kind: AskKind;
}

export function seedFaq(count: number): FaqText[] {
  return faqEntries(count, 2024);
}

const isChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);

/** A rewording a customer might type: greeting, no question mark, different casing. */
function paraphrase(question: string): string {
  const bare = question.replace(/[？?。.!！]+$/u, '');
  if (isChinese(question)) return `你好，请问${bare}呢`;
  return `hi, ${bare.charAt(0).toLowerCase()}${bare.slice(1)} please`;
}

export function asksFor(entries: FaqText[]): Ask[] {
  const asks: Ask[] = [];
  for (const e of entries) {
    asks.push({ text: e.question, kind: 'standard' });
    for (const s of e.similar) asks.push({ text: s, kind: 'similar' });
    asks.push({ text: paraphrase(e.question), kind: 'paraphrase' });
  }
  return asks;
}
