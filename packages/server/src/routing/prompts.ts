import type { Account } from '../accounts/index.ts';
import { promptIn } from '../conversations/index.ts';

/** "转接人工成功，客服${StaffNickName}为您服务" with the agent's nickname. */
export function successPrompt(account: Account, languageTag: string, staffNick: string): string {
  return promptIn(account, 'transferToHumanSuccessPrompt', languageTag).replaceAll('${StaffNickName}', staffNick);
}

/**
 * The queue prompt with the position (from 1) and the number ahead (from 0). The observed default
 * shows the names bare (spec 01 §8.4), so both `${QueuePosition}` and `QueuePosition` are filled.
 */
export function queuePrompt(account: Account, languageTag: string, position: number): string {
  return promptIn(account, 'queueingPrompt', languageTag)
    .replace(/\$\{QueuePosition\}|\bQueuePosition\b/g, String(position))
    .replace(/\$\{WaitNo\}|\bWaitNo\b/g, String(position - 1));
}
