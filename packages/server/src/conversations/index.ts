export { ConversationService, type Customer, type UserMessage, type ServiceMessage, type SendResult, type MediaResolver } from './conversation-service.ts';
export { ConversationQueries } from './conversation-queries.ts';
export { streamOf, type Session, type Message } from './conversation-tx.ts';
export { unknownAccount } from './errors.ts';
export type { SessionState, EndStatus } from './schema.ts';
