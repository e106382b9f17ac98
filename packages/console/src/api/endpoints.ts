// Every /api route the console calls, typed, in one place.
import { http, request, withQuery } from './client';
import type {
  Category,
  Env,
  ImportResult,
  Library,
  LoginResult,
  Me,
  NewQuestion,
  Question,
  QuestionPage,
  QuestionPatch,
  QuestionQuery,
  Release,
  Robot,
  RobotConfig,
  TestAnswer,
  ThresholdPreview,
  ThresholdProposal,
} from './types';

const robot = (robotId: string) => `/robots/${encodeURIComponent(robotId)}`;

export const authApi = {
  login: (email: string, password: string, sdkAppId?: number) => http.post<LoginResult>('/auth/login', { email, password, ...(sdkAppId ? { sdkAppId } : {}) }),
  logout: () => http.post<{ ok: true }>('/auth/logout'),
  me: () => http.get<Me>('/auth/me'),
};

export const robotsApi = {
  list: () => http.get<{ items: Robot[] }>('/robots'),
  add: (nickname: string) => http.post<{ robotId: string }>('/robots', { nickname }),
  setEnabled: (robotId: string, enabled: boolean) => http.post<{ ok: true }>(`${robot(robotId)}/enabled`, { enabled }),
  config: (robotId: string, language: string, env: Env = 'test') => http.get<RobotConfig>(`${robot(robotId)}/config`, { env, language }),
  /** `expectedRevision`: the `updatedAt` of the config as loaded; a stale one is refused (409 `conflict`). */
  updateConfig: (robotId: string, language: string, patch: Partial<RobotConfig>, expectedRevision?: string) => {
    const body: Record<string, unknown> = { ...patch, ...(expectedRevision ? { expectedRevision } : {}) };
    delete body.updatedAt;
    return http.patch<RobotConfig>(`${robot(robotId)}/config`, body, { language });
  },
  languages: (robotId: string) => http.get<{ items: string[] }>(`${robot(robotId)}/languages`),
  addLanguage: (robotId: string, languageTag: string) => http.post<{ ok: true }>(`${robot(robotId)}/languages`, { languageTag }),
  deleteLanguage: (robotId: string, languageTag: string) => http.delete<{ ok: true }>(`${robot(robotId)}/languages/${encodeURIComponent(languageTag)}`),
  test: (robotId: string, text: string, env: Env = 'test', languageTag = '') => http.post<TestAnswer>(`${robot(robotId)}/test`, { text, env, languageTag }),
  /** The effect of proposed thresholds on the robot's last production questions in one language. */
  previewThresholds: (robotId: string, proposal: ThresholdProposal) => http.post<ThresholdPreview>(`${robot(robotId)}/threshold-preview`, proposal),
  publish: (robotId: string, note: string) => http.post<Release>(`${robot(robotId)}/publish`, { note }),
  releases: (robotId: string, page: number, pageSize: number) => http.get<{ total: number; items: Release[] }>(`${robot(robotId)}/releases`, { page, pageSize }),
  rollback: (robotId: string, version: string) => http.post<Release>(`${robot(robotId)}/releases/${encodeURIComponent(version)}/rollback`),
};

export const libraryApi = {
  categories: (robotId: string, library: Library, env: Env = 'test') => http.get<{ items: Category[] }>(`${robot(robotId)}/${library}/categories`, { env }),
  addCategory: (robotId: string, library: Library, title: string, parentId?: number) =>
    http.post<{ categoryId: number }>(`${robot(robotId)}/${library}/categories`, parentId ? { title, parentId } : { title }),
  renameCategory: (robotId: string, library: Library, categoryId: number, title: string) => http.patch<{ ok: true }>(`${robot(robotId)}/${library}/categories/${categoryId}`, { title }),
  deleteCategory: (robotId: string, library: Library, categoryId: number) => http.delete<{ ok: true }>(`${robot(robotId)}/${library}/categories/${categoryId}`),
  questions: (robotId: string, library: Library, query: QuestionQuery) => http.get<QuestionPage>(`${robot(robotId)}/${library}/questions`, { ...query }),
  question: (robotId: string, library: Library, questionId: string, env: Env = 'test') => http.get<Question>(`${robot(robotId)}/${library}/questions/${encodeURIComponent(questionId)}`, { env }),
  addQuestion: (robotId: string, library: Library, body: NewQuestion) => http.post<{ questionId: string }>(`${robot(robotId)}/${library}/questions`, body),
  updateQuestion: (robotId: string, library: Library, questionId: string, patch: QuestionPatch) =>
    http.patch<Question>(`${robot(robotId)}/${library}/questions/${encodeURIComponent(questionId)}`, patch),
  /** 4 enable, 5 disable, 6 delete. */
  setStatus: (robotId: string, library: Library, questionIds: string[], status: 4 | 5 | 6) => http.post<{ ok: true }>(`${robot(robotId)}/${library}/questions/status`, { questionIds, status }),
  templateUrl: (format: 'csv' | 'xlsx') => withQuery(`/api${robot('default')}/faq/template`, { format }),
  exportUrl: (robotId: string, format: 'csv' | 'xlsx', language: string, env: Env = 'test') => withQuery(`/api${robot(robotId)}/faq/export`, { format, language, env }),
  import: (robotId: string, file: File, language: string, dryRun: boolean) => {
    const format = file.name.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
    const type = format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return request<ImportResult>('POST', withQuery(`${robot(robotId)}/faq/import`, { format, language, mode: dryRun ? 'dryRun' : 'import' }), new Blob([file], { type }), { 'content-type': type });
  },
};
