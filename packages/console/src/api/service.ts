// The /api routes of the console's human-service pages (accounts and channels, team, service settings,
// quick replies, callbacks, monitor), typed from the zod contract in packages/protocol/src/api where it
// exists.
import type { accountsApi as accountsContract, quickRepliesApi, settingsApi, teamApi } from '@parley/protocol';
import { http } from './client';

/** The JSON a response schema describes (its zod input: timestamps are strings on the wire). */
type Wire<T extends { _zod: { input: unknown } }> = T['_zod']['input'];
type Input<T extends { _zod: { input: unknown } }> = T['_zod']['input'];

export type TeamMember = Wire<typeof teamApi.member>;
export type MemberWithGroups = Wire<typeof teamApi.memberWithGroups>;
export type MemberPage = Wire<typeof teamApi.memberPage>;
export type IssuedPassword = Wire<typeof teamApi.issuedPassword>;
export type GroupSummary = Wire<typeof teamApi.groupSummary>;
export type Group = Wire<typeof teamApi.group>;
export type GroupPage = Wire<typeof teamApi.groupPage>;
export type InviteInput = Input<typeof teamApi.inviteInput>;
export type MemberPatch = Input<typeof teamApi.memberPatch>;

export type ServiceSettings = Wire<typeof settingsApi.serviceSettings>;
export type ServiceSettingsPatch = Input<typeof settingsApi.serviceSettingsPatch>;
export type SatisfactionSettings = Wire<typeof settingsApi.satisfactionSettings>;
export type SatisfactionBody = Input<typeof settingsApi.satisfactionBody>;
export type CallbackSettings = Wire<typeof settingsApi.callbackSettings>;
export type CallbackSettingsBody = Input<typeof settingsApi.callbackSettingsBody>;
export type DeliveryStatus = (typeof settingsApi.DELIVERY_STATUSES)[number];
export interface Delivery {
  eventId: number;
  eventType: string;
  attempt: number;
  status: DeliveryStatus;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  at: string;
}
export type WebChannel = Wire<typeof settingsApi.webChannel>;
export type MonitoringQueue = Wire<typeof settingsApi.monitoringQueue>;
export interface MonitoredAgent {
  memberId: string;
  nick: string;
  email: string;
  status: 'idle' | 'busy' | 'rest' | 'offline' | string;
  restReason: string;
  statusSince: string | null;
  online: boolean;
  load: number;
  capacity: number;
  available: boolean;
  openSessions: number;
  groups: { groupId: number; name: string }[];
}
export type MonitoringAgents = { items: MonitoredAgent[]; summary: Wire<typeof settingsApi.monitoringAgents>['summary'] };

export type QuickReplyCategory = Wire<typeof quickRepliesApi.category>;
export type QuickReply = Wire<typeof quickRepliesApi.reply>;

// ---- accounts (packages/protocol/src/api/accounts.ts) ----
// The lists are repeated as values (the console imports only types from the contract, which keeps zod
// out of its bundle); `satisfies` keeps them to the contract's.
export type Weekday = (typeof accountsContract.WEEKDAYS)[number];
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const satisfies readonly Weekday[];
export type Prompt = (typeof accountsContract.PROMPTS)[number];
export const PROMPTS = [
  'welcomeMessage',
  'transferToHumanPrompt',
  'transferToHumanSuccessPrompt',
  'transferToHumanFailPrompt',
  'queueingPrompt',
  'endPrompt',
  'timeoutEndPrompt',
  'notWorkTimePrompt',
  'chooseSkillGroupPrompt',
] as const satisfies readonly Prompt[];
export type WorkTimeMode = (typeof accountsContract.WORK_TIME_MODES)[number];
export type AssignmentStrategy = (typeof accountsContract.ASSIGNMENT_STRATEGIES)[number];
export type Account = Wire<typeof accountsContract.account>;
export type WorkTime = Account['workTime'];
/** A partial edit; `expectedRevision` is the `updatedAt` the form loaded (stale: 409 `conflict`). */
export type AccountPatch = Input<typeof accountsContract.accountPatchBody>;
export type NewAccount = Input<typeof accountsContract.addAccountBody>;

type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
type ListQuery = { page: number; pageSize: number; q?: string };
const id = (value: string | number) => encodeURIComponent(String(value));

export const accountsApi = {
  list: (query: ListQuery) => http.get<Page<Account>>('/accounts', query),
  get: (accountId: string) => http.get<Account>(`/accounts/${id(accountId)}`),
  add: (body: NewAccount) => http.post<Account>('/accounts', body),
  update: (accountId: string, patch: AccountPatch) => http.patch<Account>(`/accounts/${id(accountId)}`, patch),
  remove: (accountId: string) => http.delete<{ ok: true }>(`/accounts/${id(accountId)}`),
  channels: (query: ListQuery) => http.get<Page<WebChannel>>('/web-channels', query),
  rotateKey: (accountId: string) => http.post<WebChannel>(`/web-channels/${id(accountId)}/rotate-key`),
};

export const teamApiClient = {
  members: (query: ListQuery) => http.get<MemberPage>('/team/members', query),
  member: (memberId: string) => http.get<MemberWithGroups>(`/team/members/${id(memberId)}`),
  addMember: (body: InviteInput) => http.post<IssuedPassword>('/team/members', body),
  updateMember: (memberId: string, patch: MemberPatch) => http.patch<TeamMember>(`/team/members/${id(memberId)}`, patch),
  deleteMember: (memberId: string) => http.delete<{ ok: true }>(`/team/members/${id(memberId)}`),
  resetPassword: (memberId: string) => http.post<IssuedPassword>(`/team/members/${id(memberId)}/reset-password`),
  forceOffline: (memberId: string) => http.post<TeamMember>(`/team/members/${id(memberId)}/force-offline`),
  restore: (memberId: string) => http.post<TeamMember>(`/team/members/${id(memberId)}/restore`),
  groups: (query: ListQuery) => http.get<GroupPage>('/team/groups', query),
  group: (groupId: number) => http.get<Group>(`/team/groups/${groupId}`),
  addGroup: (name: string, memberIds: string[]) => http.post<Group>('/team/groups', { name, memberIds }),
  updateGroup: (groupId: number, patch: { name?: string; memberIds?: string[]; expectedRevision?: string }) => http.patch<Group>(`/team/groups/${groupId}`, patch),
  deleteGroup: (groupId: number) => http.delete<{ ok: true }>(`/team/groups/${groupId}`),
};

export const settingsApiClient = {
  service: () => http.get<ServiceSettings>('/settings/service'),
  saveService: (patch: ServiceSettingsPatch) => http.put<ServiceSettings>('/settings/service', patch),
  satisfaction: () => http.get<SatisfactionSettings>('/settings/satisfaction'),
  saveSatisfaction: (body: SatisfactionBody) => http.put<SatisfactionSettings>('/settings/satisfaction', body),
};

export const quickRepliesClient = {
  categories: () => http.get<{ items: QuickReplyCategory[] }>('/quick-replies/categories'),
  addCategory: (name: string) => http.post<QuickReplyCategory>('/quick-replies/categories', { name }),
  renameCategory: (categoryId: number, name: string) => http.patch<QuickReplyCategory>(`/quick-replies/categories/${categoryId}`, { name }),
  deleteCategory: (categoryId: number) => http.delete<{ ok: true }>(`/quick-replies/categories/${categoryId}`),
  replies: (query: ListQuery & { categoryId?: number }) => http.get<Page<QuickReply>>('/quick-replies', query),
  add: (body: { categoryId: number; title: string; content: string }) => http.post<QuickReply>('/quick-replies', body),
  update: (replyId: number, patch: { categoryId?: number; title?: string; content?: string }) => http.patch<QuickReply>(`/quick-replies/${replyId}`, patch),
  remove: (replyId: number) => http.delete<{ ok: true }>(`/quick-replies/${replyId}`),
  bulk: (categoryId: number, text: string) => http.post<{ added: number }>('/quick-replies/bulk', { categoryId, text, format: 'lines' }),
};

export const callbacksApi = {
  get: () => http.get<CallbackSettings>('/callbacks'),
  save: (body: CallbackSettingsBody) => http.put<CallbackSettings>('/callbacks', body),
  rotateSecret: () => http.post<CallbackSettings>('/callbacks/secret'),
  deliveries: (query: { page: number; pageSize: number; status?: DeliveryStatus }) => http.get<Page<Delivery>>('/callbacks/deliveries', query),
  retry: (eventId: number) => http.post<{ ok: true }>(`/callbacks/deliveries/${eventId}/retry`),
};

export const monitorApi = {
  agents: () => http.get<MonitoringAgents>('/monitoring/agents'),
  queue: () => http.get<MonitoringQueue>('/monitoring/queue'),
};
