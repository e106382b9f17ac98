import { invalid } from '../platform/errors.ts';
import { multilingualName, PROMPTS, TENCENT_NAMES as N, type AccountConfig, type Multilingual } from './config.ts';
import { ACCOUNT_LIMITS as L } from './defaults.ts';
import { workTimeProblems } from './work-time.ts';

// Rules for a whole account configuration. Updates are merged first and checked here as a whole,
// so a change cannot leave an account inconsistent (e.g. strategy 1 without groups).

const INT32_MAX = 2_147_483_647;
const ACCOUNT_ID = /^[A-Za-z0-9_@#.-]{1,32}$/;
const chars = (s: string) => [...s].length;

export function assertAccountId(accountId: string): void {
  if (!ACCOUNT_ID.test(accountId)) {
    throw invalid(`IMAgentUserID must be 1 to ${L.accountId} characters of letters, digits and _@#.-; got "${accountId}"`);
  }
}

/** Throws one 141004-family error listing (up to five of) the problems. */
export function assertValidAccount(config: AccountConfig, robotLanguages: readonly string[]): void {
  const problems = [
    ...textProblems(config),
    ...numberProblems(config),
    ...workTimeProblems(config.workTime),
    ...strategyProblems(config),
    ...multilingualProblems(config.multilingual, config.robotId, robotLanguages),
  ];
  if (problems.length) throw invalid(problems.slice(0, 5).join('; '));
}

function textProblems(c: AccountConfig): string[] {
  const problems: string[] = [];
  if (!c.nick.trim()) problems.push(`${N.nick} must not be empty`);
  if (chars(c.nick) > L.nick) problems.push(`${N.nick} is at most ${L.nick} characters`);
  for (const key of ['avatarUrl', 'assignedByWebhookUrl'] as const) {
    if (chars(c[key]) > L.url) problems.push(`${N[key]} is at most ${L.url} characters`);
  }
  for (const prompt of PROMPTS) {
    if (chars(c[prompt]) > L.prompt) problems.push(`${N[prompt]} is at most ${L.prompt} characters`);
  }
  return problems;
}

function numberProblems(c: AccountConfig): string[] {
  const problems: string[] = [];
  if (c.agentGroupId < 0 || c.agentGroupId > INT32_MAX) problems.push(`${N.agentGroupId} must be an integer from 0 to ${INT32_MAX}`);
  if (c.userTimeout < 1 || c.userTimeout > L.userTimeoutMax) problems.push(`${N.userTimeout} must be from 1 to ${L.userTimeoutMax} seconds`);
  return problems;
}

function strategyProblems(c: AccountConfig): string[] {
  const problems: string[] = [];
  const groups = c.displayGroupsChoices;
  if (c.assignmentStrategy === 'choose-group' && groups.length === 0) {
    problems.push(`${N.displayGroupsChoices} (a non-empty array of group ids) is required when ${N.assignmentStrategy} is 1`);
  }
  if (groups.length > L.displayGroups) problems.push(`${N.displayGroupsChoices} has at most ${L.displayGroups} groups`);
  if (groups.some((g) => g < 1 || g > INT32_MAX)) problems.push(`${N.displayGroupsChoices} holds group ids from 1 to ${INT32_MAX}`);
  if (new Set(groups).size !== groups.length) problems.push(`${N.displayGroupsChoices} lists a group twice`);
  if (c.assignmentStrategy === 'webhook' && !c.assignedByWebhookUrl) {
    problems.push(`${N.assignedByWebhookUrl} is required when ${N.assignmentStrategy} is 2`);
  } else if (c.assignedByWebhookUrl && !isHttpUrl(c.assignedByWebhookUrl)) {
    problems.push(`${N.assignedByWebhookUrl} must be an http:// or https:// URL`);
  }
  return problems;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Spec 05 §1.3: a language must be added (robot_add_language) before it is used; Parley checks the bound robot. */
function multilingualProblems(multilingual: Multilingual, robotId: string, languages: readonly string[]): string[] {
  const problems: string[] = [];
  for (const prompt of PROMPTS) {
    for (const [tag, text] of Object.entries(multilingual[prompt] ?? {})) {
      const field = multilingualName(prompt);
      if (tag === '') {
        problems.push(`${field}: the default language is ${N[prompt]} itself, not a "" key`);
      } else if (!languages.includes(tag)) {
        problems.push(`${field}: language "${tag}" has not been added to robot ${robotId}; add it with robot_add_language first`);
      } else if (chars(text) > L.prompt) {
        problems.push(`${field}.${tag} is at most ${L.prompt} characters`);
      }
    }
  }
  return problems;
}
