export { ConversationService, streamOf, type Session, type Message, type UserMessage, type SendResult } from './conversation-service.ts';
export type { SessionState } from './schema.ts';
