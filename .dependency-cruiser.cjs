// The architecture's rules (shared/design/architecture.md), checked by `npm run deps` in CI.
//
// packages/server/src is layered:
//   entries   main.ts, server.ts, services.ts, cli/   wire everything; nothing below imports them
//   gateways  gateways/**                              translate; call into features
//   features  <feature>/**                             one folder per capability
//   platform  platform/**                              db, bus, clock, http-out ... ; imports no feature
// A feature reaches another feature only through that feature's index.ts, never its tables.
// No exceptions are listed here: fix the code, not this file.

/** A feature folder: any folder of packages/server/src that is not platform, gateways or cli. */
const FEATURE = '^packages/server/src/(?!platform/|gateways/|cli/)([^/]+)/';
const SERVER_SRC = '^packages/server/src/';
/** Every table, collected for drizzle-kit (packages/server/drizzle.config.ts). */
const SCHEMA_COLLECTOR = '^packages/server/src/schema\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'platform-imports-no-feature',
      comment: 'platform/ is the bottom layer: it imports nothing else of the server (no feature, gateway or entry).',
      severity: 'error',
      from: { path: '^packages/server/src/platform/' },
      to: { path: SERVER_SRC, pathNot: '^packages/server/src/platform/' },
    },
    {
      name: 'feature-imports-no-gateway',
      comment: 'A feature never imports a gateway (architecture.md: gateways only translate, into features).',
      severity: 'error',
      from: { path: FEATURE },
      to: { path: '^packages/server/src/gateways/' },
    },
    {
      name: 'no-entry-imports-below',
      comment: 'main.ts, server.ts, services.ts and cli/ wire the program together; features and platform never import them.',
      severity: 'error',
      from: { path: ['^packages/server/src/platform/', FEATURE] },
      to: { path: ['^packages/server/src/cli/', '^packages/server/src/(main|server|services|schema)\\.ts$'] },
    },
    {
      name: 'gateway-imports-no-entry',
      comment: 'Gateways receive the wired services (the Services type of services.ts) but never import the command line or the program.',
      severity: 'error',
      from: { path: '^packages/server/src/gateways/' },
      to: { path: ['^packages/server/src/cli/', '^packages/server/src/(main|server|schema)\\.ts$'] },
    },
    {
      name: 'server-imports-no-cli',
      comment: 'server.ts (the HTTP server) does not depend on the command line; shared logic belongs in a feature service.',
      severity: 'error',
      from: { path: '^packages/server/src/server\\.ts$' },
      to: { path: '^packages/server/src/cli/' },
    },
    {
      name: 'feature-through-index',
      comment:
        "Code outside a feature (another feature, a gateway, the CLI, the wiring) reaches it only through the feature's index.ts " +
        '(services, types, read-only *-queries read models). Type-only imports too.',
      severity: 'error',
      from: { path: '^packages/server/src/([^/]+)', pathNot: SCHEMA_COLLECTOR },
      to: { path: FEATURE, pathNot: ['^packages/server/src/$1/', '^packages/server/src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'tables-stay-home',
      comment: "A feature's tables (<feature>/schema.ts) are read and written only by that feature. src/schema.ts only collects " + 'every table for drizzle-kit.',
      severity: 'error',
      from: { path: '^packages/server/src/([^/]+)', pathNot: SCHEMA_COLLECTOR },
      to: { path: '^packages/server/src/[^/]+/schema\\.ts$', pathNot: '^packages/server/src/$1/' },
    },
    {
      name: 'index-exports-no-tables',
      comment: "A feature's index.ts exports services, types and read models, never tables (type-only re-exports of column types are fine).",
      severity: 'error',
      from: { path: '^packages/server/src/[^/]+/index\\.ts$' },
      to: { path: '^packages/server/src/[^/]+/schema\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'schema-collector-for-drizzle-kit-only',
      comment: 'src/schema.ts (every table) is read by drizzle-kit (drizzle.config.ts) only; no code imports it.',
      severity: 'error',
      from: {},
      to: { path: SCHEMA_COLLECTOR },
    },
    {
      name: 'no-cycles',
      comment: 'No import cycles: between features, and inside a feature.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { circular: true },
    },
    {
      name: 'no-cross-package-relative-imports',
      comment: 'Packages share code through workspace packages (@parley/...), never a relative path into another package.',
      severity: 'error',
      from: { path: '^packages/([^/]+)/' },
      to: { path: '^packages/', pathNot: '^packages/$1/', dependencyTypes: ['local'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)dist/', '(^|/)node_modules/', '^packages/server/drizzle/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
