import type { Responder } from '../responder.ts';

/**
 * The last word: the robot's fallback text. Reads only the configuration, so it answers even when
 * the matcher (or any responder before it) failed; it then explains itself without the matcher's evidence.
 */
export const fallbackResponder: Responder = {
  name: 'fallback',
  async respond(ctx) {
    const config = await ctx.config();
    const answer = await ctx.standardAnswer().catch(() => undefined);
    return { kind: 'reply', reply: { type: 'text', text: config.fallbackMsg }, explanation: { branch: 'fallback', answer } };
  },
};
