export * from './custom-messages.ts';
export * from './session-events.ts';
