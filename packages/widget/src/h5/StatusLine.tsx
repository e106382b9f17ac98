import type { ComponentChild } from 'preact';
import type { SessionState } from '../client/index.ts';
import type { Translate } from '@parley/chat-ui/i18n/index.ts';

/** Where the customer stands with human service: in the queue (with the position), or with an agent. */
export function StatusLine({ session, t }: { session: SessionState; t: Translate }) {
  if (session.phase === 'queueing') {
    const position = session.queuePosition;
    return (
      <p class="pw-status-line" data-testid="queue-status" role="status">
        {position ? t('app.queue.position', { position, ahead: position - 1 }) : t('app.queue.waiting')}
      </p>
    );
  }
  if (session.phase === 'agent') {
    return (
      <p class="pw-status-line pw-status-agent" role="status">
        {session.agentName ? withSlot(t('app.agent.serving', { name: SLOT }), <strong data-testid="agent-name">{session.agentName}</strong>) : t('app.agent.connected')}
      </p>
    );
  }
  return null;
}

const SLOT = '\u0000';

/** A translated sentence with an element where its placeholder was (word order differs by language). */
function withSlot(text: string, node: ComponentChild) {
  const [before, after = ''] = text.split(SLOT);
  return (
    <>
      {before}
      {node}
      {after}
    </>
  );
}
