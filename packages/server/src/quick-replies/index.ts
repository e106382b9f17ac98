// Quick replies (快捷回复): the shared and personal libraries of canned answers.
export { QuickReplyService, personalSpace, sharedSpace, type BulkResult, type ReplySpace } from './quick-reply-service.ts';
