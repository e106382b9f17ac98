import type { ConversationTx, Session } from './conversation-tx.ts';

/**
 * What a conversation needs of satisfaction ratings (spec 01 §8.7, spec 02 §9.1). Conversations
 * declares it; the satisfaction feature implements it (RatingSender) and createServices passes it
 * in, so satisfaction depends on conversations and never the other way round.
 */
export interface ConversationRatings {
  /** src 23 `menuSendRuleFlag` from the app's current settings (0 when ratings are off). */
  ruleFlag(appId: number): Promise<number>;
  /** src 24: the user asks for a rating card during human service. */
  requested(ctx: ConversationTx, session: Session): Promise<void>;
  /** The stars (1 to 5) a rating card's level id (src 10 `menuSelected.id`) stands for, or undefined. */
  starsOf(levelId: string): number | undefined;
}
