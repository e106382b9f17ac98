/**
 * Light English stemming and stop words. Only consistency matters (query and knowledge
 * go through the same function), so a few suffix rules beat a full Porter stemmer on cost.
 */

// Function words whose character trigrams are noise (they remain as word terms).
const STOP_WORDS = new Set(
  (
    'a an the of to in on at for from by with about as into onto is am are was were be been being ' +
    'do does did doing done please and or but so if then than that this these those there it its ' +
    'just also very really some any i me im ive id ill hey hi ok okay would could should will shall ' +
    'may might must can get got let lets tell'
  ).split(' '),
);

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

const VOWEL = /[aeiouy]/;
const DOUBLE_CONSONANT = /([b-df-hj-np-rtv-z])\1$/;

function stripSuffix(word: string, suffix: string, minStem: number): string | undefined {
  if (!word.endsWith(suffix)) return undefined;
  const stem = word.slice(0, -suffix.length);
  return stem.length >= minStem && VOWEL.test(stem) ? stem : undefined;
}

// Words whose ending only looks like an inflection: stripping it would merge unrelated words
// (news/new, interesting/interest, family/fami, apply/app, speed/spe).
const KEEP_WHOLE = new Set(
  (
    'news series species always perhaps has was his its yes plus bus gas lens various previous ' +
    'interesting morning evening nothing something anything everything during thing king ring spring string bring sing ' +
    'family apply reply supply comply imply multiply rely only early daily july italy holy ugly' +
    ' speed need feed seed bleed breed proceed exceed succeed red bed shed hundred'
  ).split(' '),
);

/** Maps inflected forms to a shared stem: cards→card, cancelled→cancel, booking→book. */
export function stem(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length < 3 || KEEP_WHOLE.has(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is|ous)$/.test(w) && w.length > 3) w = w.slice(0, -1);
  if (KEEP_WHOLE.has(w)) return w;
  const verbStem = stripSuffix(w, 'ing', 3) ?? (w.endsWith('eed') ? undefined : stripSuffix(w, 'ed', 3));
  w = verbStem ?? stripSuffix(w, 'ly', 4) ?? w;
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  // Always fold a final double consonant so "cancel"/"cancelled" and "call"/"called" meet.
  return DOUBLE_CONSONANT.test(w) ? w.slice(0, -1) : w;
}
