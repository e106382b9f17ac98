import { clarifyCard, richText, welcomeCard, type BotReply, type RobotCard } from '@parley/protocol';
import type { Db } from '../platform/db.ts';
import { notFound } from '../platform/errors.ts';
import type { RobotScope } from '../knowledge/context.ts';
import type { RobotService } from '../knowledge/robot-service.ts';
import type { Env } from '../knowledge/schema.ts';
import { decideAnswer, type AnswerBranch } from '../matching/answer-strategy.ts';
import type { Candidate } from '../matching/types.ts';
import type { EntryInfo, IndexManager } from './index-manager.ts';
import { botAnswerLog } from './schema.ts';

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

/** The standard-QA-mode bot: match, decide (spec 01 §2.3.4), reply, and log production answers. */
export class AnswerService {
  constructor(private db: Db, private indexes: IndexManager, private robots: RobotService) {}

  async answer(request: AnswerRequest): Promise<Answer> {
    const languageTag = request.languageTag ?? '';
    const text = [...request.text].slice(0, MAX_QUESTION_CHARS).join('');
    const state = await this.indexes.revision(request, request.env);
    if (!state) throw notFound(`Robot ${request.robotId} does not exist in this app`);
    const config = await this.robots.getConfig(request, request.env, languageTag);
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
    if (request.env === 'prod') await this.log(request, languageTag, text, answer);
    return answer;
  }

  /** The src 29 welcome card shown when a session starts, if enabled and not empty. */
  async welcome(scope: RobotScope, env: Env, languageTag = ''): Promise<RobotCard | undefined> {
    const config = await this.robots.getConfig(scope, env, languageTag);
    if (!config.welcomeCardEnable || config.welcomeCardQuestions.length === 0) return undefined;
    return welcomeCard(config.welcomeCardTitle, config.welcomeCardQuestions);
  }

  private async log(request: AnswerRequest, languageTag: string, text: string, answer: Answer): Promise<void> {
    await this.db.insert(botAnswerLog).values({
      appId: request.appId,
      robotId: request.robotId,
      languageTag,
      question: text,
      branch: answer.branch,
      questionId: answer.entry?.questionId ?? null,
      score: answer.score,
      margin: answer.margin,
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
      return { type: 'custom', data: clarifyCard(clarifyMessage, answer.suggestions.map((s) => s.question)) };
    case 'to_agent':
      // The conversation hands over to human service; a matched small-talk answer may say so first.
      return entry ? { type: 'text', text: entry.answer } : undefined;
    case 'fallback':
      return { type: 'text', text: fallbackMsg };
  }
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;
