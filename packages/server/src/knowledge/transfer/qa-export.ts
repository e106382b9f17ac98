import type { RobotScope } from '../context.ts';
import type { LibraryService, Question } from '../library-service.ts';
import type { Env } from '../schema.ts';
import { categoryPaths, formatCategoryPath } from './category-path.ts';
import { TEMPLATE_HEADER, toCells } from './columns.ts';
import { formatAnswerType, formatStatus, joinSimilar } from './field-values.ts';

/** The QA library of one environment and language as template-shaped rows, so exports re-import as they are. */
export class QaExporter {
  constructor(private readonly library: LibraryService) {}

  async rows(scope: RobotScope, env: Env, languageTag: string): Promise<string[][]> {
    const paths = categoryPaths(await this.library.listCategories(scope, env, 'faq'));
    const questions = (await this.library.allQuestions(scope, env, 'faq')).filter((q) => q.languageTag === languageTag);
    return [TEMPLATE_HEADER, ...questions.map((q) => toRow(q, paths))];
  }
}

function toRow(question: Question, paths: Map<number, string[]>): string[] {
  return toCells({
    category: formatCategoryPath(paths.get(question.categoryId) ?? []),
    question: question.question,
    similar: joinSimilar(question.similar),
    answer: question.answer,
    answerType: formatAnswerType(question.answerType),
    status: formatStatus(question.status),
  });
}
