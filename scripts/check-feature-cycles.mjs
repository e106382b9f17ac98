#!/usr/bin/env node
// The design's "no cycles between features" rule, at the level of features (packages/server/src/<feature>/):
// dependency-cruiser finds cycles between modules, but conversations/a.ts → satisfaction/index.ts and
// satisfaction/b.ts → conversations/index.ts is a cycle between features without being one between modules.
// Run by `npm run deps`; exits 1 and names the features of every cycle.
import { cruise } from 'dependency-cruiser';

const SRC = 'packages/server/src/';
const result = await cruise([SRC], { tsPreCompilationDeps: true, doNotFollow: { path: 'node_modules' }, exclude: { path: '\\.test\\.tsx?$' } }, { extensions: ['.ts', '.tsx', '.js', '.mjs'] });
const modules = result.output.modules;

/** The folder directly under src (a feature, platform, gateways or cli); top-level files stand for themselves. */
const unitOf = (path) => (path.startsWith(SRC) ? path.slice(SRC.length).split('/')[0] : undefined);
const edges = new Map();
for (const module of modules) {
  const from = unitOf(module.source);
  if (!from) continue;
  for (const dependency of module.dependencies) {
    const to = unitOf(dependency.resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    const targets = edges.get(from);
    if (!targets.has(to)) targets.set(to, `${module.source} → ${dependency.resolved}`);
  }
}

// Tarjan's strongly connected components: every component of more than one unit is a cycle.
let index = 0;
const stack = [];
const state = new Map();
const cycles = [];
function visit(unit) {
  state.set(unit, { index, low: index, onStack: true });
  index++;
  stack.push(unit);
  for (const next of edges.get(unit)?.keys() ?? []) {
    if (!state.has(next)) {
      visit(next);
      state.get(unit).low = Math.min(state.get(unit).low, state.get(next).low);
    } else if (state.get(next).onStack) state.get(unit).low = Math.min(state.get(unit).low, state.get(next).index);
  }
  if (state.get(unit).low === state.get(unit).index) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      state.get(member).onStack = false;
      component.push(member);
    } while (member !== unit);
    if (component.length > 1) cycles.push(component.sort());
  }
}
for (const unit of edges.keys()) if (!state.has(unit)) visit(unit);

if (cycles.length === 0) {
  console.log(`no cycles between the ${new Set([...edges.keys(), ...[...edges.values()].flatMap((t) => [...t.keys()])]).size} folders of ${SRC}`);
} else {
  for (const cycle of cycles) {
    console.error(`error feature-cycle: ${cycle.join(' ⇄ ')}`);
    for (const from of cycle) for (const [to, example] of edges.get(from) ?? []) if (cycle.includes(to)) console.error(`  ${from} → ${to}: ${example}`);
  }
  process.exitCode = 1;
}
