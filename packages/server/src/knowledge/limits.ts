/** Field limits of the knowledge base. They protect the system and always apply. */
export const KB_LIMITS = {
  categoryTitle: 50,
  question: 500,
  answer: 10_000,
  similarCount: 200,
  similar: 500,
  robotNickName: 50,
  pageSize: 1000,
  batchIds: 1000,
  releaseNote: 200,
} as const;

/** Languages a robot may add (E28). The default language has tag ''. */
export const SUPPORTED_LANGUAGES = ['id', 'zh', 'zh-TW', 'en', 'vi', 'ja', 'fil'] as const;

export const DEFAULT_ROBOT_ID = '@RBT#DeskDefaultRobot';
