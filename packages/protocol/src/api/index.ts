import type { z } from 'zod';
import type * as accounts from './accounts.ts';
import type * as knowledge from './knowledge.ts';
import type * as quickReplies from './quick-replies.ts';
import type * as settings from './settings.ts';
import type * as team from './team.ts';
import type * as workbench from './workbench.ts';

// The /api contract, one namespace per area (names repeat across areas: every area has its params).
// Clients take the wire types below: `z.input` of responses (timestamps as ISO strings) and of bodies.

export * as accountsApi from './accounts.ts';
export * as authApi from './auth.ts';
export * as knowledgeApi from './knowledge.ts';
export * as quickRepliesApi from './quick-replies.ts';
export * as settingsApi from './settings.ts';
export * as teamApi from './team.ts';
export * as workbenchApi from './workbench.ts';
export { apiError, timestamp, withErrors, type ApiError } from './common.ts';
export { KB_LIMITS, SUPPORTED_LANGUAGES, ROBOT_CONFIG_LIMITS, type RobotConfigPatch, type AddQuestionBody, type EditQuestionBody, type ThresholdPreview } from './knowledge.ts';
export { QUICK_REPLY_LIMITS, QUICK_REPLY_SCOPES } from './quick-replies.ts';
export { CALENDAR_MAX_DATES, RECEPTION_MODES } from './settings.ts';
export { AGENT_STATUSES, INTERNAL_PAGE_MAX, MESSAGES_PAGE_MAX, REST_REASON_MAX, SESSION_STATES, SESSION_VIEWS } from './workbench.ts';
export { versionResponse, type MemberRef, type AppRef, type LoginResponse, type EmbedLoginResponse, type MeResponse } from './auth.ts';
export type { InviteInput, MemberPatch, GroupInput, GroupPatch, ListQuery } from './team.ts';

type Wire<T extends z.ZodType> = z.input<T>;

export type ApiAccount = Wire<typeof accounts.account>;
export type ApiAccountPage = Wire<typeof accounts.accountPage>;
export type ApiAccountPatch = Wire<typeof accounts.accountPatchBody>;
export type ApiNewAccount = Wire<typeof accounts.addAccountBody>;

export type ApiRobot = Wire<typeof knowledge.robot>;
export type ApiRobotConfig = Wire<typeof knowledge.robotConfig>;
export type ApiCategory = Wire<typeof knowledge.category>;
export type ApiQuestion = Wire<typeof knowledge.question>;
export type ApiQuestionPage = Wire<typeof knowledge.questionPage>;
export type ApiRelease = Wire<typeof knowledge.release>;
export type ApiImportResult = Wire<typeof knowledge.importResponse>;
export type ApiLexicon = Wire<typeof knowledge.lexicon>;
export type ApiThresholdPreview = Wire<typeof knowledge.thresholdPreview>;

export type ApiMember = Wire<typeof team.member>;
export type ApiMemberPage = Wire<typeof team.memberPage>;
export type ApiGroup = Wire<typeof team.group>;
export type ApiGroupPage = Wire<typeof team.groupPage>;
export type ApiDirectoryEntry = Wire<typeof team.directoryEntry>;
export type ApiIssuedPassword = Wire<typeof team.issuedPassword>;

export type ApiStatusView = Wire<typeof workbench.statusView>;
export type ApiSessionView = Wire<typeof workbench.sessionView>;
export type ApiUploadResult = Wire<typeof workbench.uploadResponse>;
export type ApiSessionsQuery = Wire<typeof workbench.sessionsQuery>;

export type ApiQuickReplyCategory = Wire<typeof quickReplies.category>;
export type ApiQuickReply = Wire<typeof quickReplies.reply>;
export type ApiVisibleReplies = Wire<typeof quickReplies.visibleReplies>;
export type ApiReplyPage = Wire<typeof quickReplies.replyPage>;

export type ApiSatisfactionSettings = Wire<typeof settings.satisfactionSettings>;
export type ApiSatisfactionBody = Wire<typeof settings.satisfactionBody>;
export type ApiServiceSettings = Wire<typeof settings.serviceSettings>;
export type ApiServiceSettingsPatch = Wire<typeof settings.serviceSettingsPatch>;
export type ApiCallbackSettings = Wire<typeof settings.callbackSettings>;
export type ApiWebChannel = Wire<typeof settings.webChannel>;
export type ApiMonitoringAgents = Wire<typeof settings.monitoringAgents>;
export type ApiMonitoringQueue = Wire<typeof settings.monitoringQueue>;
