import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db.ts';
import { rowsOf } from '../platform/db.ts';
import { randomString } from '../platform/ids.ts';
import type { RobotScope } from './context.ts';

/** Question ids follow the source's shape: `<SDKAppID>-<RobotId>-<16 random letters>`. */
export function newQuestionId(scope: RobotScope): string {
  return `${scope.appId}-${scope.robotId}-${randomString(16)}`;
}

export async function nextCategoryIds(tx: DbOrTx, n: number): Promise<number[]> {
  const rows = rowsOf<{ id: number | string }>(await tx.execute(sql`SELECT nextval('kb_category_id_seq') AS id FROM generate_series(1, ${n})`));
  return rows.map((r) => Number(r.id));
}

export async function nextQuestionSeqs(tx: DbOrTx, n: number): Promise<number[]> {
  const rows = rowsOf<{ id: number | string }>(await tx.execute(sql`SELECT nextval('kb_question_seq') AS id FROM generate_series(1, ${n})`));
  return rows.map((r) => Number(r.id));
}
