import type { ConversationRunner, MediaResolver } from '../conversations/index.ts';
import type { Routing } from '../routing/index.ts';
import { ContactUser } from './contact-user.ts';
import { InternalChat } from './internal-chat.ts';
import { SessionActions, type TypingSignal } from './session-actions.ts';
import { SessionTransfer } from './transfer.ts';
import { WorkbenchQueries } from './workbench-queries.ts';

export { MARK_MAX_BYTES, type Actor, type MarkInput, type TypingSignal } from './session-actions.ts';
export type { TransferTarget } from './transfer.ts';
export type { ContactInput } from './contact-user.ts';
export type { SessionView, Viewer } from './workbench-queries.ts';

/** What agents do to sessions: actions, transfers and proactive contact; the workbench's reads and internal chat. */
export function createAgentWork(conversations: { runner: ConversationRunner } & TypingSignal, routing: Routing, media?: MediaResolver) {
  const { runner } = conversations;
  const deps = { runner, typing: conversations, ...routing };
  const { db, events, clock, accounts } = runner.deps;
  return {
    actions: new SessionActions(deps),
    transfers: new SessionTransfer(deps),
    contacts: new ContactUser(deps),
    queries: new WorkbenchQueries({ db, clock, accounts, settings: routing.settings }),
    internal: new InternalChat({ db, events, clock, media }),
  };
}

export type AgentWork = ReturnType<typeof createAgentWork>;
