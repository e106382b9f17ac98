import { standardReply, type Responder } from '../responder.ts';

const TO_AGENT_BRANCHES = new Set(['to_agent'] as const);

/** The "talk to a human" intent: a matched small-talk answer may say so first, then human service takes over. */
export const toAgentResponder: Responder = {
  name: 'to-agent',
  respond: (ctx) => standardReply(ctx, TO_AGENT_BRANCHES, true),
};
