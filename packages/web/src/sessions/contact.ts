// Proactive contact (by UserID, or again from a history session): a new session in the agent's service.
import { workbenchApi } from '../api/workbench';
import { refresh } from './session-store';

export async function contactUser(userId: string, accountId?: string): Promise<string> {
  const { sessionId } = await workbenchApi.contact(userId, accountId);
  await refresh('mine').catch(() => undefined); // the socket's SessionAssigned refreshes too; the caller selects it now
  return sessionId;
}
