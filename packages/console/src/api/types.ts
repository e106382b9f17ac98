// Wire types of the /api routes the console uses: from the zod contract in packages/protocol/src/api
// where it describes them fully, written out here where it does not (yet).
import type { knowledgeApi } from '@parley/protocol';

export type Role = 'staff' | 'admin' | 'super_admin';

export interface Member {
  memberId: string;
  nick: string;
  email: string;
  roles: Role[];
}

export interface AppRef {
  sdkAppId: number;
  name: string;
}

export type LoginResult = { member: Member; app: AppRef; csrfToken: string; expiresAt: string } | { chooseApp: AppRef[] };

export interface Me {
  member: Member | null;
  identifier: string;
  roles: Role[];
  via: string;
  app: AppRef;
  csrfToken: string | null;
}

export type Env = 'test' | 'prod';
export type Library = 'faq' | 'chitchat';

/** The JSON a schema of the /api contract (packages/protocol/src/api) describes: its zod input type. */
type Wire<T extends { _zod: { input: unknown } }> = T['_zod']['input'];

export type Robot = Wire<typeof knowledgeApi.robot>;
/** A robot's config as the console reads it: with its revision (`updatedAt`), sent back on save. */
export type RobotConfig = Wire<typeof knowledgeApi.robotConfigState>;
export type ThresholdPreview = Wire<typeof knowledgeApi.thresholdPreview>;
export type ThresholdProposal = Wire<typeof knowledgeApi.thresholdPreviewBody>;
/** menuType: 0 ordinary, 1 "all categories", 2 system preset. */
export type Category = Wire<typeof knowledgeApi.category>;
/** status: 4 enabled, 5 disabled (6 deletes, in bulk status only); answerType: 0 plain, 2 rich text. */
export type Question = Wire<typeof knowledgeApi.question>;
export type QuestionPage = Wire<typeof knowledgeApi.questionPage>;
export type NewQuestion = Wire<typeof knowledgeApi.addQuestionBody>;
export type QuestionPatch = Wire<typeof knowledgeApi.editQuestionBody>;
export type ImportResult = Wire<typeof knowledgeApi.importResponse>;

export interface QuestionQuery {
  page: number;
  pageSize: number;
  q?: string;
  categoryId?: number;
  status?: number;
  language?: string;
  env?: Env;
}

// The contract leaves these two open (loose objects); the console reads these fields of them.
export interface Release {
  version: string;
  note: string;
  status: 'published' | 'rolled_back_to' | string;
  isCurrent: boolean;
  publishedBy: string;
  publishedAt: string;
}

export type AnswerBranch = 'direct' | 'chitchat' | 'clarify' | 'to_agent' | 'fallback';

export interface ScoredEntry {
  questionId: string;
  question: string;
  library: Library;
  score: number;
  matchedText: string;
}

export type { BotReply } from '@parley/protocol';
import type { BotReply } from '@parley/protocol';

export interface TestAnswer {
  branch: AnswerBranch;
  reply?: BotReply;
  score: number;
  margin: number;
  entry?: ScoredEntry & { answer: string; answerType: number; intent: string };
  suggestions: ScoredEntry[];
  candidates: { faq: ScoredEntry[]; chitchat: ScoredEntry[] };
  toAgentScore: number;
  robotDisabled: boolean;
}

export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}
