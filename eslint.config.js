// Lint: @eslint/js and typescript-eslint recommended (not type-checked, for speed), `npm run lint`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'packages/server/drizzle/**', 'test-results/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Unused parameters are part of a signature (callbacks, interfaces); mark them with `_`.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // A silent catch must say why: an empty block with a comment passes, a bare `catch {}` does not.
      'no-empty': ['error', { allowEmptyCatch: false }],
      // Input checks strip or refuse control characters on purpose (user ids, file names, rich text).
      'no-control-regex': 'off',
    },
  },
  {
    // Tests and benchmarks read untyped JSON responses and reach into internals; `any` is their shorthand.
    files: ['packages/*/test/**', 'packages/*/src/**/*.test.{ts,tsx}', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['packages/widget/src/**', 'packages/web/src/**', 'packages/chat-ui/src/**', 'packages/console/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
