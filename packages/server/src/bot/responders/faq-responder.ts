import { standardReply, type Responder } from '../responder.ts';

const FAQ_BRANCHES = new Set(['direct', 'clarify'] as const);

/** The QA library: a direct answer, or a clarifying card listing the likely questions. */
export const faqResponder: Responder = {
  name: 'faq',
  respond: (ctx) => standardReply(ctx, FAQ_BRANCHES),
};
