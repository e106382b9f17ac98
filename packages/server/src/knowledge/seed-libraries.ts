import type { DbOrTx } from '../platform/db.ts';
import type { RobotScope } from './context.ts';
import { newQuestionId, nextCategoryIds, nextQuestionSeqs } from './ids.ts';
import { PRESET_CHITCHAT, PRESET_ROOT_TITLE } from './preset-chitchat.ts';
import { kbCategories, kbQuestions, type Env } from './schema.ts';

export const ALL_CATEGORIES_TITLE = '全部分类';
export const MENU = { ordinary: 0, all: 1, preset: 2 } as const;

/**
 * A new robot's libraries: an "all categories" entry in each, and the preset small-talk library.
 * Both environments get identical rows (same ids), as if published once.
 */
export async function seedLibraries(tx: DbOrTx, scope: RobotScope, presets = true): Promise<void> {
  const categoryIds = await nextCategoryIds(tx, 3 + PRESET_CHITCHAT.length);
  const [faqAll, chitchatRoot, chitchatAll, ...presetIds] = categoryIds;
  const categories: Array<typeof kbCategories.$inferInsert> = [];
  const questions: Array<typeof kbQuestions.$inferInsert> = [];
  const presetQuestions = (presets ? PRESET_CHITCHAT : []).flatMap((cat, i) => cat.questions.map((q) => ({ ...q, categoryId: presetIds[i] })));
  const seqs = await nextQuestionSeqs(tx, presetQuestions.length);
  const questionIds = presetQuestions.map(() => newQuestionId(scope));

  for (const env of ['test', 'prod'] as Env[]) {
    const base = { ...scope, env };
    categories.push(
      { ...base, library: 'faq', categoryId: faqAll, parentId: 0, title: ALL_CATEGORIES_TITLE, menuType: MENU.all, sort: 0 },
      { ...base, library: 'chitchat', categoryId: chitchatRoot, parentId: 0, title: PRESET_ROOT_TITLE, menuType: MENU.preset, sort: 0 },
      { ...base, library: 'chitchat', categoryId: chitchatAll, parentId: 0, title: ALL_CATEGORIES_TITLE, menuType: MENU.all, sort: 1 },
      ...PRESET_CHITCHAT.map((cat, i) => ({
        ...base,
        library: 'chitchat' as const,
        categoryId: presetIds[i],
        parentId: chitchatRoot,
        title: cat.title,
        menuType: MENU.preset,
        sort: i,
      })),
    );
    presetQuestions.forEach((q, i) =>
      questions.push({
        ...base,
        library: 'chitchat',
        questionId: questionIds[i],
        categoryId: q.categoryId,
        languageTag: '',
        question: q.question,
        similar: q.similar,
        answer: q.answer,
        answerType: 0,
        status: 4,
        questionType: 1,
        intent: q.intent ?? '',
        seq: seqs[i],
      }),
    );
  }
  await tx.insert(kbCategories).values(categories);
  if (questions.length) await tx.insert(kbQuestions).values(questions);
}
