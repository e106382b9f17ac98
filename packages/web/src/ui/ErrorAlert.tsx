// A failure shown where it happened, in the agent's language and announced to screen readers.
import { useT } from '../i18n';
import { errorText } from './errors';
import { Icon } from './Icon';

/** Nothing while there is no error. `class` adds placement (e.g. footer-error). */
export function ErrorAlert({ error, class: extra, testId }: { error: unknown; class?: string; testId?: string }) {
  const t = useT();
  if (!error) return null;
  return (
    <p class={extra ? `form-error ${extra}` : 'form-error'} role="alert" data-testid={testId}>
      <Icon name="alert" /> {errorText(error, t)}
    </p>
  );
}
