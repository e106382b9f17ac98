export { ChatClient, TYPING_MS, type ChatClientOptions, type ChatView, type ConnectionState, type OlderState } from './chat-client.ts';
export type { SessionPhase, SessionState } from './session-state.ts';
export type { StoredMessage } from './conversation-store.ts';
export type { UploadKind } from './upload.ts';
export { UploadError } from './upload.ts';
