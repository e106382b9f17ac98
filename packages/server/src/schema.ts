// Every table, for drizzle-kit. Features own their tables; this file only collects them.
export * from './apps/schema.ts';
export * from './knowledge/schema.ts';
export * from './bot/schema.ts';
export * from './events/schema.ts';
export * from './accounts/schema.ts';
export * from './conversations/schema.ts';
export * from './callbacks/schema.ts';
export * from './customers/schema.ts';
export * from './files/schema.ts';
export * from './team/schema.ts';
export * from './routing/schema.ts';
export * from './satisfaction/schema.ts';
export * from './quick-replies/schema.ts';
export * from './agent-work/schema.ts';
