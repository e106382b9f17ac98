import type { RobotConfig } from './answer-service.ts';
import type { CustomerText, Responder, ResponderContext, ResponderOutcome } from './responder.ts';
import { fallbackResponder } from './responders/fallback-responder.ts';
import { faqResponder } from './responders/faq-responder.ts';
import { smallTalkResponder } from './responders/small-talk-responder.ts';
import { toAgentResponder } from './responders/to-agent-responder.ts';

/** How a robot answers. Only the standard QA mode exists today; task flows, documents and LLM answers add theirs. */
export type RobotMode = 'standard-qa';

/**
 * The registration point: each mode's responders, in the order they are asked. A new kind of
 * answer is a new Responder in responders/ and a line here; the conversation engine never changes.
 */
const CHAINS: Record<RobotMode, readonly Responder[]> = {
  // spec 01 §2.3.4: direct answer or clarify → small talk → to-agent → fallback, as decideAnswer ranks them.
  'standard-qa': [faqResponder, smallTalkResponder, toAgentResponder, fallbackResponder],
};

/** The robot's mode; its configuration has no mode switch yet, so every robot is standard QA. */
export const modeOf = (_config?: RobotConfig): RobotMode => 'standard-qa';

/** The responders that answer for this robot, in order. */
export function chainFor(config?: RobotConfig): readonly Responder[] {
  return CHAINS[modeOf(config)];
}

export type ChainOutcome = Extract<ResponderOutcome, { kind: 'reply' }> & { responder: string };

/**
 * Asks each responder in turn; the first reply wins. A responder that throws is logged and skipped,
 * so the chain still ends in the fallback. Undefined when every responder passed or failed.
 */
export async function runChain(responders: readonly Responder[], ctx: ResponderContext, message: CustomerText): Promise<ChainOutcome | undefined> {
  for (const responder of responders) {
    try {
      const outcome = await responder.respond(ctx, message);
      if (outcome.kind === 'reply') return { ...outcome, responder: responder.name };
    } catch (error) {
      ctx.log.error({ err: error, responder: responder.name, appId: ctx.appId, robotId: ctx.robotId, sessionId: ctx.sessionId }, `Responder ${responder.name} failed; asking the next one`);
    }
  }
  return undefined;
}
