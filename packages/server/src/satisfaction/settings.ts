import type { DeskMessage } from '@parley/protocol';
import type { DbOrTx } from '../platform/db.ts';

/**
 * Satisfaction-rating settings (spec 04 E26). Stored per app by E27 and the console
 * (SatisfactionService); an app that never saved any uses these defaults, the spec's sample.
 */
export interface SatisfactionContent {
  invitation: string;
  submission: string;
  /** One label per star, 1 to 5. */
  levels: [string, string, string, string, string];
  validityHours: number;
}

export interface SatisfactionSettings {
  enabled: boolean;
  /** E26 InvitationMethod: 1 auto-send at end, 2 agent invites, 3 both. */
  invitationMethod: 1 | 2 | 3;
  content: SatisfactionContent;
  multilingual: Record<string, SatisfactionContent>;
}

export const DEFAULT_SATISFACTION: SatisfactionSettings = {
  enabled: true,
  invitationMethod: 3,
  content: {
    invitation: '感谢您使用我们的服务，请对此次服务进行评价。',
    submission: '感谢您对此次服务作出评价，祝您生活愉快，再见。',
    levels: ['非常不满意', '不满意', '一般', '满意', '非常满意'],
    validityHours: 12,
  },
  multilingual: {
    en: {
      invitation: 'Please rate our service!',
      submission: 'Thank you for your feedback!',
      levels: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
      validityHours: 12,
    },
  },
};

export interface SatisfactionSettingsSource {
  /** `db`: the caller's transaction, where one is open (PGlite runs one at a time). */
  get(appId: number, db?: DbOrTx): Promise<SatisfactionSettings>;
}

export const defaultSatisfactionSource: SatisfactionSettingsSource = { get: async () => DEFAULT_SATISFACTION };

/**
 * src 23 `menuSendRuleFlag`: bit 0 auto-send at the end, bit 1 agents may invite, bit 2 the user may
 * ask for a card (src 24), which Parley allows whenever ratings are on (spec 02 §9.1).
 */
export function menuSendRuleFlag(settings: SatisfactionSettings): number {
  return settings.enabled ? settings.invitationMethod | 4 : 0;
}

/** The level ids of a card: 101 (one star) to 105 (five stars), as in the spec's sample. */
const LEVEL_BASE = 100;
export const starsOf = (levelId: string) => {
  const stars = Number(levelId) - LEVEL_BASE;
  return Number.isInteger(stars) && stars >= 1 && stars <= 5 ? stars : undefined;
};

/** src 9: a rating card whose id is the card message's own MsgKey, so src 10 finds it directly. */
export function ratingCard(settings: SatisfactionSettings, languageTag: string, ratingId: string, now: Date): DeskMessage<'9'> {
  const content = settings.multilingual[languageTag] ?? settings.content;
  return {
    customerServicePlugin: 0,
    src: '9',
    menuContent: {
      head: content.invitation,
      tail: content.submission,
      menu: content.levels.map((label, i) => ({ id: String(LEVEL_BASE + i + 1), content: label })),
      type: 1,
      sessionId: ratingId,
      effectiveHour: content.validityHours,
      expireTime: Math.floor(now.getTime() / 1000) + content.validityHours * 3600,
    },
  };
}
