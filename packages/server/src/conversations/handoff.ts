import type { Account } from '../accounts/index.ts';
import { promptIn, type ConversationTx, type Session } from './conversation-tx.ts';

export interface HandoffOptions {
  /** transfer_to_human: send the failure prompt when nobody can take the session. */
  sendTipIfNoAgentOnline?: boolean;
}

export interface HandoffResult {
  session: Session;
  agentId: string;
  queued: boolean;
}

/**
 * The one way a conversation reaches people: the robot's to-agent intent, the UI kits' "人工客服"
 * text and the transfer_to_human API all call `request`. Human service (routing, queues) provides
 * the real implementation; without it nobody is online.
 */
export interface HumanHandoff {
  request(ctx: ConversationTx, session: Session, account: Account, options: HandoffOptions): Promise<HandoffResult>;
}

export const noHumanService: HumanHandoff = {
  async request(ctx, session, account, options) {
    await ctx.appendEvent(session, 'TransferringToHuman', {});
    await ctx.systemPrompt(session, promptIn(account, 'transferToHumanPrompt', session.languageTag));
    await ctx.appendEvent(session, 'NoAgentOnline', {});
    if (options.sendTipIfNoAgentOnline ?? true) await ctx.systemPrompt(session, promptIn(account, 'transferToHumanFailPrompt', session.languageTag));
    return { session, agentId: '', queued: false };
  },
};
