import { and, desc, eq } from 'drizzle-orm';
import { clarifyCard, richText, welcomeCard, type BotReply, type RobotCard, type ThresholdPreview } from '@parley/protocol';
import type { Db } from '../platform/db.ts';
import { notFound } from '../platform/errors.ts';
import type { RobotScope, RobotService, Env } from '../knowledge/index.ts';
import { decideAnswer, type AnswerBranch, type Candidate, type StrategyConfig } from '../matching/index.ts';
import type { EntryInfo, IndexManager } from './index-manager.ts';
import { botAnswerLog } from './schema.ts';

/** A robot's configuration in one language, as the knowledge feature serves it. */
export type RobotConfig = Awaited<ReturnType<RobotService['getConfig']>>;

export interface AnswerRequest extends RobotScope {
  env: Env;
  languageTag?: string;
  text: string;
  /** Conversation that asked, for the answer log. */
  sessionId?: string;
}

export interface ScoredEntry {
  questionId: string;
  question: string;
  library: 'faq' | 'chitchat';
  score: number;
  matchedText: string;
}

/** An answer and why: the branch, the entry and its score, and the candidates it beat. */
export interface Answer {
  branch: AnswerBranch;
  reply?: BotReply;
  score: number;
  margin: number;
  entry?: ScoredEntry & { answer: string; answerType: number; intent: string };
  suggestions: ScoredEntry[];
  candidates: { faq: ScoredEntry[]; chitchat: ScoredEntry[] };
  toAgentScore: number;
  /** Robot disabled: nobody answers, the conversation goes to humans or the app's own AI. */
  robotDisabled: boolean;
}

const MAX_QUESTION_CHARS = 2000;
/** The threshold preview replays at most this many logged questions, and shows this many changed ones. */
const PREVIEW_QUESTIONS = 100;
const PREVIEW_EXAMPLES = 10;

/** Proposed thresholds for {@link AnswerService.previewThresholds}; switches left out keep the production value. */
export interface ThresholdProposal {
  language?: string;
  directAnsweringReaches: number;
  chitchatReaches: number;
  clarifyReaches: number;
  clarifyEnable?: boolean;
  chitchatEnable?: boolean;
}

/** The standard-QA-mode bot: match, decide (spec 01 §2.3.4), reply, and log production answers. */
export class AnswerService {
  constructor(
    private db: Db,
    private indexes: IndexManager,
    private robots: RobotService,
  ) {}

  /** The answer and its explanation; production answers are logged (the test window's are not). */
  async answer(request: AnswerRequest): Promise<Answer> {
    const answer = await this.explain(request);
    if (request.env === 'prod') await this.log(request, { branch: answer.branch, answer });
    return answer;
  }

  /** The standard-QA decision (spec 01 §2.3.4) for one question, explained, without logging it; `config` if already read. */
  async explain(request: AnswerRequest, config?: RobotConfig): Promise<Answer> {
    const languageTag = request.languageTag ?? '';
    const text = questionOf(request.text);
    const state = await this.indexes.revision(request, request.env);
    if (!state) throw notFound(`Robot ${request.robotId} does not exist in this app`);
    config ??= await this.robots.getConfig(request, request.env, languageTag);
    const { index, info } = await this.indexes.get(request, request.env, languageTag, state.revision);
    const result = index.search(text, { topK: Math.max(5, config.clarifyNumber) });
    const decision = decideAnswer(config, result);
    const describe = (c: Candidate): ScoredEntry => ({
      questionId: c.id,
      question: info.get(c.id)?.question ?? c.matchedText,
      library: c.library,
      score: round(c.score),
      matchedText: c.matchedText,
    });
    const entryInfo = decision.entry ? info.get(decision.entry.id) : undefined;
    const suggestions = (decision.suggestions ?? []).map(describe);
    const answer: Answer = {
      branch: decision.branch,
      score: round(decision.score),
      margin: round(result.margin),
      entry: decision.entry && entryInfo ? { ...describe(decision.entry), answer: entryInfo.answer, answerType: entryInfo.answerType, intent: entryInfo.intent } : undefined,
      suggestions,
      candidates: { faq: result.faq.map(describe), chitchat: result.chitchat.map(describe) },
      toAgentScore: round(result.toAgentScore),
      robotDisabled: !state.enabled,
    };
    answer.reply = replyFor(answer, entryInfo, config.clarifyMessage, config.fallbackMsg);
    return answer;
  }

  /**
   * The effect of proposed thresholds on the robot's last production questions in one language:
   * each logged question is matched again against the production index and decided twice, with
   * the production thresholds and with the proposed ones. Bounded: PREVIEW_QUESTIONS questions,
   * each cut as answers are.
   */
  async previewThresholds(scope: RobotScope, proposal: ThresholdProposal): Promise<ThresholdPreview> {
    const languageTag = proposal.language ?? '';
    const state = await this.indexes.revision(scope, 'prod');
    if (!state) throw notFound(`Robot ${scope.robotId} does not exist in this app`);
    const config = await this.robots.getConfig(scope, 'prod', languageTag);
    const proposed: StrategyConfig = {
      ...config,
      directAnsweringReaches: proposal.directAnsweringReaches,
      chitchatReaches: proposal.chitchatReaches,
      clarifyReaches: proposal.clarifyReaches,
      clarifyEnable: proposal.clarifyEnable ?? config.clarifyEnable,
      chitchatEnable: proposal.chitchatEnable ?? config.chitchatEnable,
    };
    const rows = await this.db
      .select({ question: botAnswerLog.question })
      .from(botAnswerLog)
      .where(and(eq(botAnswerLog.appId, scope.appId), eq(botAnswerLog.robotId, scope.robotId), eq(botAnswerLog.languageTag, languageTag)))
      .orderBy(desc(botAnswerLog.at), desc(botAnswerLog.id))
      .limit(PREVIEW_QUESTIONS);
    const counts = () => ({ direct: 0, chitchat: 0, clarify: 0, to_agent: 0, fallback: 0 });
    const preview: ThresholdPreview = { total: rows.length, current: counts(), proposed: counts(), changed: 0, examples: [] };
    if (rows.length === 0) return preview;
    const { index } = await this.indexes.get(scope, 'prod', languageTag, state.revision);
    const topK = Math.max(5, config.clarifyNumber);
    for (const row of rows) {
      const result = index.search(questionOf(row.question), { topK });
      const before = decideAnswer(config, result);
      const after = decideAnswer(proposed, result);
      preview.current[before.branch]++;
      preview.proposed[after.branch]++;
      if (before.branch === after.branch) continue;
      preview.changed++;
      if (preview.examples.length < PREVIEW_EXAMPLES) preview.examples.push({ question: row.question, from: before.branch, to: after.branch, score: round(after.score) });
    }
    return preview;
  }

  /** The robot's configuration in one language: thresholds, prompts, the fallback text. */
  config(scope: RobotScope, env: Env, languageTag = ''): Promise<RobotConfig> {
    return this.robots.getConfig(scope, env, languageTag);
  }

  /** The src 29 welcome card shown when a session starts, if enabled and not empty. */
  async welcome(scope: RobotScope, env: Env, languageTag = ''): Promise<RobotCard | undefined> {
    const config = await this.robots.getConfig(scope, env, languageTag);
    if (!config.welcomeCardEnable || config.welcomeCardQuestions.length === 0) return undefined;
    return welcomeCard(config.welcomeCardTitle, config.welcomeCardQuestions);
  }

  /** One line of the answer log: the question, the branch that answered it and, when the matcher decided, its entry and scores. */
  async log(request: AnswerRequest, outcome: { branch: string; answer?: Answer }): Promise<void> {
    const { answer } = outcome;
    await this.db.insert(botAnswerLog).values({
      appId: request.appId,
      robotId: request.robotId,
      languageTag: request.languageTag ?? '',
      question: questionOf(request.text),
      branch: outcome.branch,
      questionId: answer?.entry?.questionId ?? null,
      score: answer?.score ?? 0,
      margin: answer?.margin ?? 0,
      sessionId: request.sessionId ?? null,
    });
  }
}

function replyFor(answer: Answer, entry: EntryInfo | undefined, clarifyMessage: string, fallbackMsg: string): BotReply | undefined {
  switch (answer.branch) {
    case 'direct':
    case 'chitchat':
      if (!entry) return { type: 'text', text: fallbackMsg };
      return entry.answerType === 2 ? { type: 'custom', data: richText(entry.answer) } : { type: 'text', text: entry.answer };
    case 'clarify':
      return {
        type: 'custom',
        data: clarifyCard(
          clarifyMessage,
          answer.suggestions.map((s) => s.question),
        ),
      };
    case 'to_agent':
      // The conversation hands over to human service; a matched small-talk answer may say so first.
      return entry ? { type: 'text', text: entry.answer } : undefined;
    case 'fallback':
      return { type: 'text', text: fallbackMsg };
  }
}

const questionOf = (text: string) => [...text].slice(0, MAX_QUESTION_CHARS).join('');
const round = (n: number) => Math.round(n * 10_000) / 10_000;
