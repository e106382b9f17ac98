#!/usr/bin/env node
// Builds the browser apps with esbuild: the customer chat (H5 page + embed loader, packages/widget),
// the agent workbench (+ its embedding SDK, packages/web) and the admin console (packages/console). The server serves packages/*/dist.
// `--watch` rebuilds on change. Sizes are printed; the widget's gzip budget is checked by
// packages/widget/test/bundle-size.test.ts (and `budget` below).
import { gzipSync } from 'node:zlib';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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

/**
 * esbuild's code splitting follows a library's barrel file as a whole: every chunk that imports
 * `{ Table } from 'antd'` would share one chunk holding all of Ant Design. Rewriting the console's
 * named imports to each component's own module (what babel-plugin-import does) lets each route's
 * chunk carry only the components it uses.
 */
const kebab = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const deepImports = {
  name: 'deep-imports',
  setup(build) {
    build.onLoad({ filter: /packages[\\/]console[\\/]src[\\/].*\.tsx?$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = source.replace(/import\s*\{([^}]*)\}\s*from\s*'(antd|@ant-design\/icons)';/g, (_whole, names, from) => {
        const specifiers = names
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean);
        const types = specifiers.filter((n) => n.startsWith('type '));
        const values = specifiers.filter((n) => !n.startsWith('type '));
        const lines = values.map((spec) => {
          const [imported, local = imported] = spec.split(/\s+as\s+/);
          return from === 'antd' ? `import ${local} from 'antd/es/${kebab(imported)}';` : `import ${local} from '@ant-design/icons/es/icons/${imported}';`;
        });
        if (types.length) lines.push(`import { ${types.join(', ')} } from '${from}';`);
        return lines.join(' ');
      });
      return { contents, loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};

const builds = [
  { entryPoints: { chat: 'packages/widget/src/h5/main.tsx', embed: 'packages/widget/src/embed/embed.ts' }, outdir: 'packages/widget/dist' },
  { entryPoints: { workbench: 'packages/web/src/main.tsx', sdk: 'packages/web/src/sdk/sdk.ts' }, outdir: 'packages/web/dist' },
  // The admin console: React (not Preact), ES modules with one chunk per route (loaded on demand).
  {
    entryPoints: { console: 'packages/console/src/main.tsx' },
    outdir: 'packages/console/dist',
    options: { format: 'esm', splitting: true, jsxImportSource: 'react', chunkNames: 'chunks/[name]-[hash]', plugins: [deepImports] },
  },
];

export async function buildWeb({ quiet = false } = {}) {
  const outputs = [];
  for (const build of builds) {
    const options = { ...common, ...build.options, absWorkingDir: root, entryPoints: build.entryPoints, outdir: join(root, build.outdir) };
    if (watch) {
      const context = await esbuild.context(options);
      await context.watch();
      continue;
    }
    const result = await esbuild.build(options);
    // Chunk names carry content hashes: drop earlier builds' chunks (after writing, so a page that is
    // open meanwhile, or a build running alongside from the same sources, never misses a file).
    if (build.options?.splitting) {
      const chunksDir = join(root, build.outdir, 'chunks');
      const fresh = new Set(Object.keys(result.metafile.outputs).map((file) => join(root, file)));
      for (const name of existsSync(chunksDir) ? readdirSync(chunksDir) : []) {
        const file = join(chunksDir, name);
        if (!fresh.has(file) && !fresh.has(file.replace(/\.map$/, ''))) rmSync(file, { force: true });
      }
    }
    for (const [file, output] of Object.entries(result.metafile.outputs)) {
      if (file.endsWith('.map')) continue;
      const bytes = readFileSync(join(root, file));
      // `imports`: the chunks this file loads before it runs (static imports), for the initial size.
      const imports = output.imports.filter((i) => i.kind === 'import-statement').map((i) => relative(root, join(root, i.path)));
      outputs.push({ file: relative(root, join(root, file)), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, imports, entry: Boolean(output.entryPoint) });
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

/**
 * The admin console's JavaScript: `initial` is what opening /console loads (the entry and the chunks it
 * imports statically), `largestRoute` the biggest page chunk with its own static imports not already in
 * the initial load.
 */
export function consoleScriptSizes(outputs) {
  const byFile = new Map(outputs.map((o) => [o.file, o]));
  const closure = (file, seen = new Set()) => {
    if (seen.has(file) || !byFile.has(file)) return seen;
    seen.add(file);
    for (const next of byFile.get(file).imports ?? []) closure(next, seen);
    return seen;
  };
  const gzipOf = (files) => [...files].reduce((sum, f) => sum + byFile.get(f).gzip, 0);
  const initial = closure('packages/console/dist/console.js');
  const routes = outputs.filter((o) => /^packages\/console\/dist\/chunks\/[A-Z]\w*-\w+\.js$/.test(o.file));
  const largest = routes.map((o) => ({ file: o.file, gzip: gzipOf([...closure(o.file)].filter((f) => !initial.has(f))) })).sort((a, b) => b.gzip - a.gzip)[0];
  return { initialGzip: gzipOf(initial), largestRoute: largest };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outputs = await buildWeb();
  if (watch) console.log('watching packages/widget, packages/web and packages/console …');
  else {
    const widget = widgetScriptGzipBytes(outputs);
    const ok = widget <= WIDGET_BUDGET_GZIP_BYTES;
    console.log(`widget JavaScript: ${(widget / 1024).toFixed(1)} kB gzip (budget ${WIDGET_BUDGET_GZIP_BYTES / 1024} kB) ${ok ? 'ok' : 'OVER BUDGET'}`);
    if (!ok) process.exitCode = 1;
    const consoleSizes = consoleScriptSizes(outputs);
    const route = consoleSizes.largestRoute;
    console.log(
      `console JavaScript: ${(consoleSizes.initialGzip / 1024).toFixed(1)} kB gzip at first load` +
        (route ? `; largest page ${route.file.replace(/^.*\//, '')} adds ${(route.gzip / 1024).toFixed(1)} kB gzip` : ''),
    );
  }
}
