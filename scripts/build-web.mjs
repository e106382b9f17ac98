#!/usr/bin/env node
// Builds the browser apps with esbuild: the customer chat (H5 page + embed loader, packages/widget)
// and the agent workbench (+ its embedding SDK, packages/web). The server serves packages/*/dist.
// `--watch` rebuilds on change. Sizes are printed; the widget's gzip budget is checked by
// packages/widget/test/bundle-size.test.ts (and `budget` below).
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');

/** The customer chat must stay small: it loads on every page of a customer's site. */
export const WIDGET_BUDGET_GZIP_BYTES = 60 * 1024;

const common = {
  bundle: true,
  minify: !watch,
  sourcemap: 'linked',
  format: 'iife',
  // safari14.1: esbuild refuses to lower destructuring for Safari 14.0 (its destructuring is marked buggy).
  target: ['es2020', 'chrome80', 'firefox80', 'safari14.1'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  define: { 'process.env.NODE_ENV': watch ? '"development"' : '"production"' },
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

const builds = [
  { entryPoints: { chat: 'packages/widget/src/h5/main.tsx', embed: 'packages/widget/src/embed/embed.ts' }, outdir: 'packages/widget/dist' },
  { entryPoints: { workbench: 'packages/web/src/main.tsx', sdk: 'packages/web/src/sdk/sdk.ts' }, outdir: 'packages/web/dist' },
];

export async function buildWeb({ quiet = false } = {}) {
  const outputs = [];
  for (const build of builds) {
    const options = { ...common, absWorkingDir: root, entryPoints: build.entryPoints, outdir: join(root, build.outdir) };
    if (watch) {
      const context = await esbuild.context(options);
      await context.watch();
      continue;
    }
    const result = await esbuild.build(options);
    for (const file of Object.keys(result.metafile.outputs)) {
      if (file.endsWith('.map')) continue;
      const bytes = readFileSync(join(root, file));
      outputs.push({ file: relative(root, join(root, file)), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
    }
  }
  if (!quiet && !watch) {
    console.table(outputs.map((o) => ({ file: o.file, kB: (o.bytes / 1024).toFixed(1), 'gzip kB': (o.gzip / 1024).toFixed(1) })));
  }
  return outputs;
}

/** Gzip bytes of the JavaScript a customer's browser loads (the loader and the chat app). */
export function widgetScriptGzipBytes(outputs) {
  return outputs.filter((o) => o.file.startsWith('packages/widget/dist/') && o.file.endsWith('.js')).reduce((sum, o) => sum + o.gzip, 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outputs = await buildWeb();
  if (watch) console.log('watching packages/widget and packages/web …');
  else {
    const widget = widgetScriptGzipBytes(outputs);
    const ok = widget <= WIDGET_BUDGET_GZIP_BYTES;
    console.log(`widget JavaScript: ${(widget / 1024).toFixed(1)} kB gzip (budget ${WIDGET_BUDGET_GZIP_BYTES / 1024} kB) ${ok ? 'ok' : 'OVER BUDGET'}`);
    if (!ok) process.exitCode = 1;
  }
}
