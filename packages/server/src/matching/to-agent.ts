import { normalize } from './normalize.ts';

/**
 * Built-in detector for "I want a human agent" (转人工意图). Phrases are matched on normalised
 * text; the score is high when the request is the whole message and lower when it is buried
 * in a longer message about something else.
 */

const PHRASES = [
  // Chinese
  '转人工',
  '人工客服',
  '人工服务',
  '真人客服',
  '找客服',
  '找人工',
  '接人工',
  '要人工',
  '转接人工',
  '人工坐席',
  '客服人员',
  '找真人',
  '接真人',
  '找个人',
  '叫人工',
  '人工在哪',
  '投诉',
  // English
  'human agent',
  'real person',
  'real human',
  'talk to a human',
  'speak to a human',
  'talk to someone',
  'speak to someone',
  'talk to a person',
  'speak to a person',
  'live agent',
  'live person',
  'live chat',
  'agent please',
  'customer service representative',
  'representative',
  'operator',
  'an agent',
  'a human',
  'human please',
].map(normalize);

const STRONG = new Set(
  ['转人工', '人工客服', '人工服务', '真人客服', '找人工', '转接人工', 'human agent', 'talk to a human', 'speak to a human', 'real person', 'live agent', 'agent please'].map(normalize),
);

/** Score in [0,1]: 0 = no to-agent intent, ≥ 0.5 = detected, ~1 = the message is just that request. */
export function detectToAgent(text: string): number {
  const norm = normalize(text);
  if (!norm) return 0;
  let best = 0;
  for (const phrase of PHRASES) {
    if (!norm.includes(phrase)) continue;
    const base = STRONG.has(phrase) ? 0.9 : 0.6;
    // The more of the message the phrase covers, the more explicit the request.
    const share = phrase.replace(/ /g, '').length / norm.replace(/ /g, '').length;
    best = Math.max(best, base + (1 - base) * Math.min(1, share * 1.5));
  }
  return Math.min(1, best);
}
