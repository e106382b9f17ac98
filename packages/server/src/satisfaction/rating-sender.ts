import { customBody, invalidState, newMsgKey, type ConversationRatings, type ConversationTx, type Session } from '../conversations/index.ts';
import { menuSendRuleFlag, ratingCard, starsOf, type SatisfactionSettingsSource } from './settings.ts';

/**
 * Sends src 9 rating cards (spec 01 §8.7): by the agent's invitation (InvitationMethod 2 or 3),
 * or after the session ends (1, or 3 when nobody invited). The user answers with src 10.
 */
export class RatingSender implements ConversationRatings {
  constructor(private settings: SatisfactionSettingsSource) {}

  async ruleFlag(appId: number): Promise<number> {
    return menuSendRuleFlag(await this.settings.get(appId));
  }

  starsOf(levelId: string): number | undefined {
    return starsOf(levelId);
  }

  async invite(ctx: ConversationTx, session: Session): Promise<Session> {
    const settings = await this.settings.get(session.appId, ctx.tx);
    if (!settings.enabled) throw invalidState('Satisfaction ratings are turned off for this app');
    if (settings.invitationMethod === 1) throw invalidState('Agents may not invite ratings: the invitation method is "send automatically after the end"');
    if (session.state !== 'Agent') throw invalidState(`A rating can be invited only while the session is with an agent (${session.state})`);
    await this.sendCard(ctx, session);
    return ctx.note(session, { ratingInvitedAt: ctx.now() });
  }

  /** src 24: the user asks for a card during human service, when ratings are on (bit 4 of src 23). */
  async requested(ctx: ConversationTx, session: Session): Promise<void> {
    if (session.state !== 'Agent') throw invalidState('A rating card can be requested only during human service');
    if (!(await this.settings.get(session.appId, ctx.tx)).enabled) throw invalidState('Satisfaction ratings are turned off for this app');
    await this.sendCard(ctx, session);
  }

  async afterEnd(ctx: ConversationTx, session: Session): Promise<void> {
    const settings = await this.settings.get(session.appId, ctx.tx);
    const auto = settings.invitationMethod === 1 || (settings.invitationMethod === 3 && !session.ratingInvitedAt);
    if (settings.enabled && auto) await this.sendCard(ctx, session);
  }

  async sendCard(ctx: ConversationTx, session: Session): Promise<void> {
    const settings = await this.settings.get(session.appId, ctx.tx);
    const msgKey = newMsgKey(ctx.now());
    const card = ratingCard(settings, session.languageTag, msgKey, ctx.now());
    await ctx.writeMessage(session, { type: 'SystemSendMsg', from: session.accountId, role: 3, body: customBody(card), msgKey });
  }
}
