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

export type StrategyConfig = Pick<RobotConfig, 'directAnsweringReaches' | 'chitchatEnable' | 'chitchatReaches' | 'clarifyEnable' | 'clarifyReaches' | 'clarifyNumber' | 'toAgentEnable'>;

export interface DecideOptions {
  /** Small-talk entries flagged as "talk to a human" (when the result does not carry the flag). */
  toAgentEntryIds?: ReadonlySet<string>;
  /** To-agent detector score at which intent counts as detected (default 0.5). */
  toAgentDetected?: number;
  /** Detector score at which an explicit request beats even a direct answer (default 0.9). */
  toAgentExplicit?: number;
  /** Clarify list: only candidates within this calibrated-score margin of the best (default CLARIFY_MARGIN). */
  clarifyMargin?: number;
}

/**
 * Ambiguity margin of the clarify list (Rasa's fallback uses the same 0.1): a candidate is only
 * offered next to the best one when its calibrated score is at most this far below it. Scores
 * are probabilities of being right, so the margin means the same in every language. At the
 * default clarify threshold it costs ≤ 0.3 points of in-scope handled on clinc150/k5 and
 * zh-faq-dev; it matters when an operator lowers ClarifyReaches: at 0.02 it keeps lists at
 * ~1.4 suggestions instead of ~4.4 (for 16-19 points of in-scope handled).
 */
export const CLARIFY_MARGIN = 0.1;

/**
 * Standard-QA-mode decision (spec 01 §2.3.4): direct (≥) → small talk (≥) → clarify (>) →
 * to-agent → fallback.
 *
 * Clarify is honest: the list is shown only when the best FAQ candidate's calibrated score is
 * above clarifyReaches (a plausible match), and it lists only the candidates that are close to
 * the best one (above clarifyReaches and within clarifyMargin of the top). An out-of-scope
 * question, whose best score is low, gets the fallback (or the hand-over offer) instead of a list
 * of unrelated FAQs.
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
    const margin = opts.clarifyMargin ?? CLARIFY_MARGIN;
    // The epsilon keeps a candidate exactly at the margin in despite float subtraction.
    const close = (c: Candidate) => c.score > config.clarifyReaches && faqScore - c.score <= margin + 1e-9;
    const suggestions = result.faq.filter(close).slice(0, config.clarifyNumber);
    return { branch: 'clarify', score: faqScore, suggestions };
  }
  if (config.toAgentEnable && result.toAgentScore >= detectedAt) return { branch: 'to_agent', score: result.toAgentScore };
  return { branch: 'fallback', score: faqScore };
}
