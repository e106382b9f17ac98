import type { Bus } from '../platform/bus.ts';
import type { Db } from '../platform/db.ts';
import { KNOWLEDGE_CHANNEL, robotRevision, type KnowledgeChange, type RobotScope, type LexiconService, type LibraryService, type Question, type Env } from '../knowledge/index.ts';
import { MatchIndex, type KnowledgeEntry } from '../matching/index.ts';
import { logFailure } from '../platform/logger.ts';

/** What the bot needs to answer with an entry, kept beside the index so answering needs no query. */
export interface EntryInfo {
  questionId: string;
  library: 'faq' | 'chitchat';
  question: string;
  answer: string;
  answerType: number;
  categoryId: number;
  intent: string;
}

interface Loaded {
  index: MatchIndex;
  info: Map<string, EntryInfo>;
  revision: number;
}

const keyOf = (scope: RobotScope, env: Env, languageTag: string) => `${scope.appId}|${scope.robotId}|${env}|${languageTag}`;

/** FAQ entries of the language plus the small-talk library, which has no languages. */
const belongs = (q: Question, languageTag: string) => q.library === 'chitchat' || q.languageTag === languageTag;

function toEntry(q: Question): KnowledgeEntry {
  return { id: q.questionId, library: q.library, question: q.question, similar: q.similar, toAgent: q.intent === 'to_agent' };
}

function toInfo(q: Question): EntryInfo {
  return { questionId: q.questionId, library: q.library, question: q.question, answer: q.answer, answerType: q.answerType, categoryId: q.categoryId, intent: q.intent };
}

/**
 * One in-memory index per (robot, environment, language). Knowledge edits arrive on the bus and
 * are applied entry by entry; the robot's revision, read on every answer, catches anything the
 * bus lost (or edits by another process without Redis) and triggers a rebuild.
 */
export class IndexManager {
  private loaded = new Map<string, Loaded>();
  /** Serialises loads and updates per key. */
  private chains = new Map<string, Promise<unknown>>();
  private unsubscribe?: () => void;

  constructor(
    private db: Db,
    private bus: Bus,
    private library: LibraryService,
    private lexicons: LexiconService,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(KNOWLEDGE_CHANNEL, (change: KnowledgeChange) => {
      void this.apply(change).catch(logFailure('bot', 'applying a knowledge change to the FAQ index', { appId: change.appId, robotId: change.robotId, revision: change.revision }));
    });
  }

  stop(): void {
    this.unsubscribe?.();
  }

  /** Current revision of a robot environment; undefined if the robot does not exist. */
  async revision(scope: RobotScope, env: Env): Promise<{ revision: number; enabled: boolean } | undefined> {
    return robotRevision(this.db, scope, env);
  }

  /** The index at `revision` or newer. */
  async get(scope: RobotScope, env: Env, languageTag: string, revision: number): Promise<Loaded> {
    const key = keyOf(scope, env, languageTag);
    const current = this.loaded.get(key);
    if (current && current.revision >= revision) return current;
    return this.serialized(key, async () => {
      const again = this.loaded.get(key);
      if (again && again.revision >= revision) return again;
      return this.load(scope, env, languageTag);
    });
  }

  private async load(scope: RobotScope, env: Env, languageTag: string): Promise<Loaded> {
    const state = await this.revision(scope, env);
    const [questions, lexicon] = await Promise.all([this.library.allQuestions(scope, env), this.lexicons.get(scope, env)]);
    const usable = questions.filter((q) => q.status === 4 && belongs(q, languageTag));
    const loaded: Loaded = {
      index: new MatchIndex(usable.map(toEntry), lexicon),
      info: new Map(usable.map((q) => [q.questionId, toInfo(q)])),
      revision: state?.revision ?? 0,
    };
    this.loaded.set(keyOf(scope, env, languageTag), loaded);
    return loaded;
  }

  /** Applies one change to every loaded language index of that robot environment. */
  private async apply(change: KnowledgeChange): Promise<void> {
    const prefix = `${change.appId}|${change.robotId}|${change.env}|`;
    const keys = [...this.loaded.keys()].filter((k) => k.startsWith(prefix));
    if (keys.length === 0) return;
    const scope = { appId: change.appId, robotId: change.robotId };
    let rows: Promise<Question[]> | undefined;
    const fetchRows = () => (rows ??= this.library.questionsByIds(scope, change.env, [...new Set(change.questionIds ?? [])]));
    // Queue on every key now, so an answer arriving meanwhile waits for this delta instead of rebuilding.
    await Promise.all(keys.map((key) => this.serialized(key, () => this.applyTo(key, prefix, change, fetchRows))));
  }

  private async applyTo(key: string, prefix: string, change: KnowledgeChange, fetchRows: () => Promise<Question[]>): Promise<void> {
    const loaded = this.loaded.get(key);
    if (!loaded || loaded.revision >= change.revision) return;
    // A gap means a message was missed, and a change without ids (publish, lexicon) touches everything.
    if (!change.questionIds || loaded.revision !== change.revision - 1) {
      this.loaded.delete(key);
      return;
    }
    const languageTag = key.slice(prefix.length);
    const rows = new Map((change.questionIds.length ? await fetchRows() : []).map((r) => [r.questionId, r]));
    for (const id of change.questionIds) {
      const row = rows.get(id);
      if (row && row.status === 4 && belongs(row, languageTag)) {
        loaded.index.upsert(toEntry(row));
        loaded.info.set(id, toInfo(row));
      } else {
        loaded.index.remove(id);
        loaded.info.delete(id);
      }
    }
    loaded.revision = change.revision;
  }

  private serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    this.chains.set(
      key,
      next.catch(() => {}),
    ); // only keeps the order: the caller of `next` gets its error
    return next;
  }
}
