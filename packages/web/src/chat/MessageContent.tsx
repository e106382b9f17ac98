// A message's body exactly as the customer saw it: the customer chat's renderers (packages/widget),
// read-only (no actions, so cards and ratings render without interaction).
import { createTranslator, type Locale } from '@parley/chat-ui/i18n/index.ts';
import { renderStrings } from '@parley/chat-ui/i18n/render.ts';
import { MessageBody, messageLayout, previewText, type MessageLayout, type RenderableMessage } from '@parley/chat-ui/render/MessageBody.tsx';
import type { Translate } from '../i18n';
import type { ChatMessage } from './chat-message';

const renderTranslators: Record<Locale, Translate> = {
  'zh-CN': createTranslator('zh-CN', renderStrings),
  'en-US': createTranslator('en-US', renderStrings),
};

export function toRenderable(message: ChatMessage, senderName?: string): RenderableMessage {
  return {
    msgKey: message.key.startsWith('local:') ? undefined : message.key,
    role: message.role,
    at: message.at,
    body: message.body,
    ...(message.streaming ? { streaming: true } : {}),
    ...(senderName ? { senderName } : {}),
  };
}

export function MessageContent({ message, locale }: { message: ChatMessage; locale: Locale }) {
  return <MessageBody message={toRenderable(message)} t={renderTranslators[locale]} locale={locale} />;
}

/** How the list places it: hidden (flags), a notice, a full-width row (rating), a card, a bubble. */
export const layoutOf = (message: ChatMessage): MessageLayout => messageLayout(toRenderable(message));

/** One line of plain text for lists and notifications, in the given language. */
export const previewOf = (message: ChatMessage, locale: Locale): string => previewText(toRenderable(message), renderTranslators[locale]);
