import { standardReply, type Responder } from '../responder.ts';

const SMALL_TALK_BRANCHES = new Set(['chitchat'] as const);

/** The small-talk library, when the decision ranks it above the FAQ's clarify step. */
export const smallTalkResponder: Responder = {
  name: 'small-talk',
  respond: (ctx) => standardReply(ctx, SMALL_TALK_BRANCHES),
};
