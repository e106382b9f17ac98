import { z } from 'zod';

// Desk custom messages (spec 02): JSON serialised into a TIMCustomElem's Data. Built here, with no I/O,
// so the server, the widget and the workbench agree on one shape.

export const robotCardItem = z.object({ content: z.string() });

/** src 29: the welcome card, or the "did you mean" list of the clarify branch. */
export const robotCard = z.object({
  customerServicePlugin: z.literal(0),
  src: z.literal('29'),
  subtype: z.enum(['welcome_msg', 'clarify_msg']),
  content: z.object({ title: z.string(), content: z.string(), items: z.array(robotCardItem) }),
});
export type RobotCard = z.infer<typeof robotCard>;

/** src 30: a rich-text (Markdown) robot answer. */
export const robotRichText = z.object({
  customerServicePlugin: z.literal(0),
  src: z.literal('30'),
  content: z.string(),
});
export type RobotRichText = z.infer<typeof robotRichText>;

export function welcomeCard(title: string, questions: string[]): RobotCard {
  return { customerServicePlugin: 0, src: '29', subtype: 'welcome_msg', content: { title, content: '', items: questions.map((content) => ({ content })) } };
}

export function clarifyCard(message: string, questions: string[]): RobotCard {
  return { customerServicePlugin: 0, src: '29', subtype: 'clarify_msg', content: { title: message, content: message, items: questions.map((content) => ({ content })) } };
}

export function richText(markdown: string): RobotRichText {
  return { customerServicePlugin: 0, src: '30', content: markdown };
}

/** What a robot says: plain text or a custom message. */
export type BotReply = { type: 'text'; text: string } | { type: 'custom'; data: RobotCard | RobotRichText };
