import { and, eq } from 'drizzle-orm';
import { invalid } from '../platform/errors.ts';
import type { KnowledgeContext, RobotScope } from './context.ts';
import { robotLexicons, type Env } from './schema.ts';

export interface Lexicon {
  dictionary: string[];
  synonyms: string[][];
}

const LIMITS = { words: 5000, wordLength: 30, groups: 2000, groupSize: 50 };

function cleanLexicon(input: Lexicon): Lexicon {
  const word = (w: unknown) => {
    if (typeof w !== 'string') throw invalid('Dictionary words and synonyms are strings');
    const v = w.trim();
    if ([...v].length > LIMITS.wordLength) throw invalid(`A dictionary word is at most ${LIMITS.wordLength} characters`);
    return v;
  };
  const dictionary = [...new Set(input.dictionary.map(word).filter(Boolean))];
  if (dictionary.length > LIMITS.words) throw invalid(`At most ${LIMITS.words} dictionary words`);
  const synonyms = input.synonyms.map((g) => [...new Set(g.map(word).filter(Boolean))]).filter((g) => g.length > 1);
  if (synonyms.length > LIMITS.groups) throw invalid(`At most ${LIMITS.groups} synonym groups`);
  if (synonyms.some((g) => g.length > LIMITS.groupSize)) throw invalid(`At most ${LIMITS.groupSize} words per synonym group`);
  return { dictionary, synonyms };
}

/** A robot's custom segmentation words and synonym groups (the matcher's per-robot vocabulary). */
export class LexiconService {
  constructor(private ctx: KnowledgeContext) {}

  async get(scope: RobotScope, env: Env): Promise<Lexicon> {
    const [row] = await this.ctx.db
      .select()
      .from(robotLexicons)
      .where(and(eq(robotLexicons.appId, scope.appId), eq(robotLexicons.robotId, scope.robotId), eq(robotLexicons.env, env)));
    return { dictionary: row?.dictionary ?? [], synonyms: row?.synonyms ?? [] };
  }

  /** Console edit: lands in test; a full index rebuild follows because segmentation changes everywhere. */
  async set(scope: RobotScope, input: Lexicon): Promise<Lexicon> {
    const lexicon = cleanLexicon(input);
    await this.ctx.write(scope, async (tx, changes) => {
      await tx
        .insert(robotLexicons)
        .values({ ...scope, env: 'test', ...lexicon, updatedAt: this.ctx.clock.now() })
        .onConflictDoUpdate({ target: [robotLexicons.appId, robotLexicons.robotId, robotLexicons.env], set: { ...lexicon, updatedAt: this.ctx.clock.now() } });
      await changes.touch(tx, 'test', undefined, true);
    });
    return lexicon;
  }
}
