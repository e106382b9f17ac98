export * from './custom-messages.ts';
export * from './session-events.ts';
export * from './desk-messages.ts';
export * from './chat-frames.ts';
export * from './safe-text.ts';
export * from './workbench-frames.ts';
export type * from './workbench-api.ts';
export * from './api/index.ts';
