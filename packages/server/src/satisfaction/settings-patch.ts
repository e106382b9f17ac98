import { invalid } from '../platform/errors.ts';
import type { SatisfactionContent, SatisfactionSettings } from './settings.ts';

// E27 (spec 04 §2.4, gap notes S4 and S5): what an update may say and how it lands on the stored
// settings. Both gateways check shapes with their own field names; the limits and their rules are
// owned here (SATISFACTION_RULES), and a gateway that names fields its own way (the Tencent REST
// one) runs these same rules rather than restating them.

export const SATISFACTION_LIMITS = {
  /** One star label ("非常不满意"). */
  label: 50,
  /** The invitation and the thank-you message. */
  message: 500,
  validityHoursMin: 1,
  /** 30 days. */
  validityHoursMax: 720,
} as const;

/** The invitation may be omitted (S4): the language's stored one is kept. */
export interface SatisfactionContentPatch {
  invitation?: string;
  submission: string;
  levels: readonly string[];
  validityHours: number;
}

export interface SatisfactionPatch {
  enabled?: boolean;
  invitationMethod?: number;
  content?: SatisfactionContentPatch;
  /** S5: a language's object replaces its texts whole; `null` removes the language; others are kept. */
  multilingual?: Record<string, SatisfactionContentPatch | null>;
}

/**
 * Languages the multilingual map accepts without being added to a robot: the spec's samples use
 * `zh` and `en` (and the defaults carry `en`), so a console that saves what it read never fails.
 */
export const ALWAYS_ACCEPTED_LANGUAGES = ['zh', 'en'] as const;

const chars = (s: string) => [...s].length;
const L = SATISFACTION_LIMITS;

/** A field's problem, without the field's name (each gateway names it), or undefined when it is fine. */
export type SatisfactionRule = (value: unknown) => string | undefined;

/** Texts are stored as sent; blank ones would make an empty rating card. Lengths count characters. */
const text =
  (max: number): SatisfactionRule =>
  (value) => {
    if (typeof value !== 'string') return 'must be a string';
    if (!value.trim()) return 'must not be empty';
    return chars(value) > max ? `is at most ${max} characters` : undefined;
  };

/** The one rule book for E27's values: the service checks every update with it. */
export const SATISFACTION_RULES = {
  invitationMethod: (value) => (value === 1 || value === 2 || value === 3 ? undefined : 'must be 1 (auto-send at session end), 2 (agent invites) or 3 (both)'),
  /** The invitation and the thank-you message. */
  message: text(L.message),
  /** One star's label. */
  label: text(L.label),
  validityHours: (value) => {
    if (!Number.isInteger(value)) return `must be a whole number of hours from ${L.validityHoursMin} to ${L.validityHoursMax}`;
    const hours = value as number;
    return hours < L.validityHoursMin || hours > L.validityHoursMax ? `must be from ${L.validityHoursMin} to ${L.validityHoursMax} (hours)` : undefined;
  },
} satisfies Record<string, SatisfactionRule>;

/** Adds `field`'s problem under `rule`, if it has one; whether it had none. */
function check(field: string, value: unknown, rule: SatisfactionRule, problems: string[]): boolean {
  const problem = rule(value);
  if (problem) problems.push(`${field} ${problem}`);
  return !problem;
}

/** The next settings, or one invalid-parameter error listing (up to five of) the problems. */
export function applySatisfactionPatch(current: SatisfactionSettings, patch: SatisfactionPatch, addedLanguages: readonly string[]): SatisfactionSettings {
  const problems: string[] = [];
  const next: SatisfactionSettings = { ...current, multilingual: { ...current.multilingual } };

  if (patch.enabled !== undefined) {
    if (typeof patch.enabled !== 'boolean') problems.push('enabled must be true or false');
    else next.enabled = patch.enabled;
  }
  if (patch.invitationMethod !== undefined) {
    const method = patch.invitationMethod;
    if (check('invitationMethod', method, SATISFACTION_RULES.invitationMethod, problems)) next.invitationMethod = method as 1 | 2 | 3;
  }
  if (patch.content !== undefined) {
    const content = contentOf('content', patch.content, current.content.invitation, problems);
    if (content) next.content = content;
  }
  const accepted = new Set<string>([...ALWAYS_ACCEPTED_LANGUAGES, ...addedLanguages]);
  for (const [tag, value] of Object.entries(patch.multilingual ?? {})) {
    if (tag === '') {
      problems.push('multilingual: the default language is `content` itself, not a "" key');
    } else if (value === null) {
      delete next.multilingual[tag];
    } else if (!accepted.has(tag)) {
      problems.push(`multilingual: language "${tag}" has not been added to this app; add it with robot_add_language first (zh and en are always accepted)`);
    } else {
      const content = contentOf(`multilingual.${tag}`, value, current.multilingual[tag]?.invitation, problems);
      if (content) next.multilingual[tag] = content;
    }
  }
  if (problems.length) throw invalid(problems.slice(0, 5).join('; '));
  return next;
}

/** A checked content object; `keptInvitation` fills an omitted invitation. */
function contentOf(field: string, patch: SatisfactionContentPatch, keptInvitation: string | undefined, problems: string[]): SatisfactionContent | undefined {
  if (typeof patch !== 'object' || patch === null) {
    problems.push(`${field} must be an object`);
    return undefined;
  }
  const before = problems.length;
  const invitation = patch.invitation ?? keptInvitation;
  if (invitation === undefined) problems.push(`${field}.invitation (RatingInvitationMessage) is required: this language has none yet`);
  else check(`${field}.invitation`, invitation, SATISFACTION_RULES.message, problems);
  check(`${field}.submission`, patch.submission, SATISFACTION_RULES.message, problems);
  if (!Array.isArray(patch.levels) || patch.levels.length !== 5) problems.push(`${field}.levels must hold five labels, one star to five stars`);
  else patch.levels.forEach((label, i) => check(`${field}.levels.${i}`, label, SATISFACTION_RULES.label, problems));
  const hours = patch.validityHours;
  check(`${field}.validityHours`, hours, SATISFACTION_RULES.validityHours, problems);
  if (problems.length > before) return undefined;
  const [one, two, three, four, five] = patch.levels;
  return { invitation: invitation!, submission: patch.submission, levels: [one, two, three, four, five], validityHours: hours };
}
