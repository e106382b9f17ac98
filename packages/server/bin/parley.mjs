#!/usr/bin/env node
// Entry point for `parley` / `npx parley`: runs the TypeScript sources through tsx,
// so there is no build step between `npm install` and a working server.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/main.ts');
await main(process.argv.slice(2));
