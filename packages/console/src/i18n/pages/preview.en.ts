// English texts of the threshold preview on the robot configuration page. Merged into en.ts;
// preview.zh.ts must have every key.
export const previewEn = {
  'preview.title': 'Effect on the last {count} questions',
  'preview.help':
    'The last customer questions in this language, answered again by the production knowledge with the production thresholds (Now) and with the thresholds above (Proposed). Nothing is saved.',
  'preview.empty': 'No customer questions yet: the preview fills as customers ask.',
  'preview.outcome': 'Outcome',
  'preview.now': 'Now',
  'preview.proposed': 'Proposed',
  'preview.changed': '{count} questions would be answered differently',
  'preview.unchanged': 'No question would be answered differently.',
  'preview.examples': 'Questions that change',
  'preview.failed': 'The preview is not available: {message}',
} as const;
