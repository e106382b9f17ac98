/** Which library an entry belongs to: QA library (问答库) or small-talk library (寒暄库). */
export type Library = 'faq' | 'chitchat';

/** One knowledge entry as the matcher sees it (only enabled entries are indexed). */
export interface KnowledgeEntry {
  id: string;
  library: Library;
  question: string;
  similar: string[];
  /** Small-talk entries that mean "talk to a human": choosing them hands over to an agent. */
  toAgent?: boolean;
}

/** Per-robot lexical customisation. */
export interface MatcherOptions {
  /** Words that must be kept whole when segmenting (e.g. product names, 运费险). */
  dictionary?: string[];
  /** Groups of interchangeable words; every member is mapped to the group's first word. */
  synonyms?: string[][];
}

export interface Candidate {
  id: string;
  library: Library;
  /** Calibrated score in [0,1]: estimated probability that this entry is the right answer. */
  score: number;
  /** Uncalibrated similarity in [0,1] (blend of centroid and best-question cosine). */
  raw: number;
  /** The entry text (standard or similar question) closest to the query. */
  matchedText: string;
  /** Copied from the entry: choosing this small-talk entry hands over to an agent. */
  toAgent?: boolean;
}

export interface MatchResult {
  /** FAQ candidates, best first. */
  faq: Candidate[];
  /** Small-talk candidates, best first. */
  chitchat: Candidate[];
  /** Ambiguity: calibrated score of the best entry minus the runner-up (both libraries). */
  margin: number;
  /** To-agent intent score in [0,1] from the built-in detector. */
  toAgentScore: number;
}

export interface SearchOptions {
  /** Candidates per library (default 5). */
  topK?: number;
}
