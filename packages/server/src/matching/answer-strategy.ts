import type { RobotConfig } from '../knowledge/index.ts';
import type { Candidate, MatchResult } from './types.ts';

export type AnswerBranch = 'direct' | 'chitchat' | 'clarify' | 'to_agent' | 'fallback';

export interface AnswerDecision {
  branch: AnswerBranch;
  /** The answering entry (direct, chitchat, or the to-agent small-talk entry). */
  entry?: Candidate;
  /** The score the decision was taken on. */
  score: number;
  /** Clarify branch: FAQ candidates to offer, best first. */
  suggestions?: Candidate[];
}

export type StrategyConfig = Pick<
  RobotConfig,
  | 'directAnsweringReaches'
  | 'chitchatEnable'
  | 'chitchatReaches'
  | 'clarifyEnable'
  | 'clarifyReaches'
  | 'clarifyNumber'
  | 'toAgentEnable'
>;

export interface DecideOptions {
  /** Small-talk entries flagged as "talk to a human" (when the result does not carry the flag). */
  toAgentEntryIds?: ReadonlySet<string>;
  /** To-agent detector score at which intent counts as detected (default 0.5). */
  toAgentDetected?: number;
  /** Detector score at which an explicit request beats even a direct answer (default 0.9). */
  toAgentExplicit?: number;
}

/**
 * Standard-QA-mode decision (spec 01 §2.3.4): direct (≥) → small talk (≥) → clarify (>) →
 * to-agent → fallback.
 *
 * One deliberate exception: an explicit request for a human ("转人工", "talk to a human",
 * detector score ≥ toAgentExplicit) wins over everything when toAgentEnable is on. A user who
 * types that has usually already read the bot's answers; answering another FAQ instead is the
 * classic chatbot frustration, and the request is unambiguous while any FAQ match is not.
 * Weaker to-agent signals keep their place after clarify.
 */
export function decideAnswer(config: StrategyConfig, result: MatchResult, opts: DecideOptions = {}): AnswerDecision {
  const explicitAt = opts.toAgentExplicit ?? 0.9;
  const detectedAt = opts.toAgentDetected ?? 0.5;
  const faq = result.faq[0];
  const chat = result.chitchat[0];
  const faqScore = faq?.score ?? 0;

  if (config.toAgentEnable && result.toAgentScore >= explicitAt) return { branch: 'to_agent', score: result.toAgentScore };
  if (faq && faqScore >= config.directAnsweringReaches) return { branch: 'direct', entry: faq, score: faqScore };
  if (config.chitchatEnable && chat && chat.score >= config.chitchatReaches) {
    const handsOver = config.toAgentEnable && (chat.toAgent || opts.toAgentEntryIds?.has(chat.id));
    return { branch: handsOver ? 'to_agent' : 'chitchat', entry: chat, score: chat.score };
  }
  if (config.clarifyEnable && faqScore > config.clarifyReaches) {
    const suggestions = result.faq.filter((c) => c.score > config.clarifyReaches).slice(0, config.clarifyNumber);
    return { branch: 'clarify', score: faqScore, suggestions };
  }
  if (config.toAgentEnable && result.toAgentScore >= detectedAt) return { branch: 'to_agent', score: result.toAgentScore };
  return { branch: 'fallback', score: faqScore };
}
