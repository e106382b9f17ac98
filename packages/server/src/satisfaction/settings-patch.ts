import { invalid } from '../platform/errors.ts';
import type { SatisfactionContent, SatisfactionSettings } from './settings.ts';

// E27 (spec 04 §2.4, gap notes S4 and S5): what an update may say and how it lands on the stored
// settings. Both gateways check shapes with their own field names; this is the rule book they share.

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
    if (method !== 1 && method !== 2 && method !== 3) problems.push('invitationMethod must be 1 (auto-send at session end), 2 (agent invites) or 3 (both)');
    else next.invitationMethod = method;
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
  else checkText(`${field}.invitation`, invitation, SATISFACTION_LIMITS.message, problems);
  checkText(`${field}.submission`, patch.submission, SATISFACTION_LIMITS.message, problems);
  if (!Array.isArray(patch.levels) || patch.levels.length !== 5) problems.push(`${field}.levels must hold five labels, one star to five stars`);
  else patch.levels.forEach((label, i) => checkText(`${field}.levels.${i}`, label, SATISFACTION_LIMITS.label, problems));
  const hours = patch.validityHours;
  if (!Number.isInteger(hours) || hours < SATISFACTION_LIMITS.validityHoursMin || hours > SATISFACTION_LIMITS.validityHoursMax) {
    problems.push(`${field}.validityHours must be an integer from ${SATISFACTION_LIMITS.validityHoursMin} to ${SATISFACTION_LIMITS.validityHoursMax} (hours)`);
  }
  if (problems.length > before) return undefined;
  const [one, two, three, four, five] = patch.levels;
  return { invitation: invitation!, submission: patch.submission, levels: [one, two, three, four, five], validityHours: hours };
}

/** Texts are stored as sent; blank ones would make an empty rating card. */
function checkText(field: string, value: unknown, max: number, problems: string[]): void {
  if (typeof value !== 'string') problems.push(`${field} must be a string`);
  else if (!value.trim()) problems.push(`${field} must not be empty`);
  else if (chars(value) > max) problems.push(`${field} is at most ${max} characters`);
}
