import { useState } from 'preact/hooks';
import type { MessageActions } from './types.ts';

export type SubmissionState = 'idle' | 'sending' | 'sent' | 'failed';

/**
 * One custom-message submission from a card (rating, task form): blocks double taps while sending and
 * lets the customer retry when the app reports a refusal by rejecting the promise sendCustom returned.
 */
export function useSubmission(actions: MessageActions | undefined) {
  const [state, setState] = useState<SubmissionState>('idle');
  const submit = (data: Record<string, unknown>) => {
    if (!actions || state === 'sending' || state === 'sent') return;
    const result = actions.sendCustom(data);
    if (!result || typeof (result as Promise<unknown>).then !== 'function') {
      setState('sent');
      return;
    }
    setState('sending');
    (result as Promise<unknown>).then(
      () => setState('sent'),
      () => setState('failed'),
    );
  };
  return { state, submit };
}
