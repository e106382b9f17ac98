import type { ConversationRunner, MediaResolver } from '../conversations/index.ts';
import type { Routing } from '../routing/index.ts';
import { ContactUser } from './contact-user.ts';
import { InternalChat } from './internal-chat.ts';
import { SessionActions } from './session-actions.ts';
import { SessionTransfer } from './transfer.ts';
import { WorkbenchQueries } from './workbench-queries.ts';

export { MARK_MAX_BYTES, type Actor, type MarkInput } from './session-actions.ts';
export type { TransferTarget } from './transfer.ts';
export type { ContactInput } from './contact-user.ts';
export { SESSION_VIEWS, type SessionView, type Viewer } from './workbench-queries.ts';

/** What agents do to sessions: actions, transfers and proactive contact; the workbench's reads and internal chat. */
export function createAgentWork(runner: ConversationRunner, routing: Routing, media?: MediaResolver) {
  const deps = { runner, ...routing };
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

export { INTERNAL_PAGE_MAX } from './internal-chat.ts';
export { MESSAGES_PAGE_MAX } from './workbench-queries.ts';
