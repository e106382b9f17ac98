/** Upload limits of QA import: a 20 MB sheet; rows are capped so one import stays one bounded transaction. */
export const IMPORT_LIMITS = {
  bytes: 20 * 1024 * 1024,
  rows: 50_000,
} as const;
