import type { ConversationService } from '../conversations/index.ts';
import type { Events } from '../events/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import type { OutboundHttp } from '../platform/http-out.ts';
import { RatingSender, type SatisfactionSettingsSource } from '../satisfaction/index.ts';
import { AgentStates } from './agent-states.ts';
import { HumanRouter } from './human-router.ts';
import { ServiceSettingsService } from './service-settings.ts';

export { AgentStates, agentStreamOf, ONLINE_STATUSES } from './agent-states.ts';
export { HumanRouter, poolOf, sessionKey } from './human-router.ts';
export { ServiceSettingsService, type ServiceSettings } from './service-settings.ts';
export { RoutingCodes, routingError } from './errors.ts';

export interface RoutingDeps {
  db: Db;
  events: Events;
  clock: Clock;
  conversations: ConversationService;
  satisfaction: SatisfactionSettingsSource;
  outbound: OutboundHttp;
  callbackSecret: (appId: number) => Promise<string | null | undefined>;
}

/** Human service's routing, plugged into conversations as their way to people. */
export function createRouting(deps: RoutingDeps) {
  const agents = new AgentStates(deps.db, deps.events, deps.clock);
  const settings = new ServiceSettingsService(deps.db, deps.clock);
  const ratings = new RatingSender(deps.satisfaction);
  const router = new HumanRouter({ ...deps, runner: deps.conversations.runner, agents, settings, ratings });
  deps.conversations.handoff = router;
  return { agents, settings, ratings, router };
}

export type Routing = ReturnType<typeof createRouting>;

export { anyoneOnline, pickAgent, type PickedAgent, type Pool } from './agent-picker.ts';
export { ACCEPT_TIMEOUT_JOB } from './human-router.ts';
export { successPrompt } from './prompts.ts';
export { takeRoutingLock } from './routing-lock.ts';
export { agentStateOf, agentStatesOf } from './agent-queries.ts';
export type { AgentState } from './agent-states.ts';
