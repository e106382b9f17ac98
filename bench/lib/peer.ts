/** Common shape of a peer-library adapter for the FAQ benchmark. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IndexDoc, RankFn } from './eval-data.ts';
import { repoRoot } from './eval-data.ts';

export interface PeerVariant {
  /** library name as published, e.g. "minisearch" */
  library: string;
  /** short label of this configuration, e.g. "recommended", "threshold=0.8" */
  variant: string;
  /** the options that matter, for the JSON output */
  config: Record<string, unknown>;
  /** true for the setup the library docs recommend (as specified in the bench brief) */
  recommended: boolean;
  /** build an index over `docs` and return a ranker (entry ids best first + top score) */
  build(docs: IndexDoc[], lang: 'zh' | 'en'): RankFn | Promise<RankFn>;
}

export function installedVersion(pkg: string): string {
  const file = path.join(repoRoot, 'node_modules', pkg, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
