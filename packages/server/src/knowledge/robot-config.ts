import { knowledgeApi, type RobotConfigPatch } from '@parley/protocol';

/** A robot's standard-QA-mode settings for one environment and language (spec 01 §2.3, E02/E03). */
export interface RobotConfig {
  welcomeCardEnable: boolean;
  welcomeCardTitle: string;
  welcomeCardQuestions: string[];
  toAgentEnable: boolean;
  /** Scores ≥ this answer directly from the QA library. Also the upper bound of the clarify band. */
  directAnsweringReaches: number;
  chitchatEnable: boolean;
  chitchatReaches: number;
  clarifyEnable: boolean;
  /** Scores > this (and below the direct threshold) get "did you mean" suggestions. */
  clarifyReaches: number;
  clarifyMessage: string;
  clarifyNumber: number;
  fallbackMsg: string;
}

export { ROBOT_CONFIG_LIMITS as LIMITS } from '@parley/protocol';

const zh: RobotConfig = {
  welcomeCardEnable: true,
  welcomeCardTitle: '猜你想问',
  welcomeCardQuestions: [],
  toAgentEnable: true,
  // Scores are calibrated probabilities: 0.7 answers directly when ~90% of such answers are right
  // (measured on CLINC150 and zh-faq-dev); below that, "did you mean" suggestions only when the
  // best match is plausible (> 0.375) — out-of-scope questions get the fallback. 0.375 is the
  // middle of the flat part of the `parley eval` clarify curve on both sets and was chosen
  // identically on three held-out half splits (README, `parley eval`).
  directAnsweringReaches: 0.7,
  chitchatEnable: true,
  chitchatReaches: 0.5,
  clarifyEnable: true,
  clarifyReaches: 0.375,
  clarifyMessage: '您可能想问:',
  clarifyNumber: 5,
  fallbackMsg: '抱歉, 我还没有学会这个问题, 请换种问法或尝试询问我其他问题。',
};

const en: RobotConfig = {
  ...zh,
  welcomeCardTitle: 'You may want to ask',
  clarifyMessage: 'Did you mean:',
  fallbackMsg: "Sorry, I haven't learned that yet. Please rephrase or ask me something else.",
};

/** Defaults for a language: English texts for English, Chinese texts otherwise (the product's home language). */
export function defaultRobotConfig(languageTag: string): RobotConfig {
  return structuredClone(languageTag === 'en' ? en : zh);
}

/** Validation of a (partial) update; cross-field rules are checked by `mergeRobotConfig`. */
export const robotConfigPatch = knowledgeApi.robotConfigPatch;
export type { RobotConfigPatch } from '@parley/protocol';

/** Applies a patch; returns the new config or a message describing the broken rule. */
export function mergeRobotConfig(current: RobotConfig, patch: RobotConfigPatch): RobotConfig | string {
  const next = { ...current, ...patch };
  if (next.clarifyReaches > next.directAnsweringReaches) {
    return 'ClarifyReaches must not exceed DirectAnsweringReaches (the clarify band lies below the direct-answer threshold)';
  }
  return next;
}
