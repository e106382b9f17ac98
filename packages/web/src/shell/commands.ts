// What the outside (the embedding SDK's host page) may ask: set the status, open a session, send a message.
import { appCommands } from '../app-events';
import type { MsgElement } from '../api/types';
import { sendAsAgent } from '../chat/send';
import { select, setTab } from '../sessions/session-store';
import { changeStatus } from '../status/status-store';

export function registerCommands(memberId: string, showSessions: () => void): () => void {
  appCommands.handle(async (command) => {
    switch (command.type) {
      case 'setStatus':
        return changeStatus(command.status, command.reason);
      case 'selectSession':
        showSessions();
        setTab('mine');
        return select(command.sessionId);
      case 'sendMessage':
        if (!Array.isArray(command.body)) throw new Error('body must be an array of message elements');
        await sendAsAgent(command.sessionId, memberId, command.body as MsgElement[]);
        return;
    }
  });
  return () => appCommands.handle(async () => Promise.reject(new Error('The workbench is not ready')));
}
