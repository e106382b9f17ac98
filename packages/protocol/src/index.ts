export * from './custom-messages.ts';
