export * from './custom-messages.ts';
export * from './session-events.ts';
export * from './desk-messages.ts';
export * from './chat-frames.ts';
export type * from './workbench-api.ts';
