// The manager's limits are in characters: "12/50" under a field, red past the limit.
import { useT } from '../i18n';

export function FieldCount({ id, count, max }: { id: string; count: number; max: number }) {
  const t = useT();
  return (
    <p id={id} class={`field-count ${count > max ? 'form-error' : 'muted'}`}>
      {t('qrm.count', { n: count, max })}
    </p>
  );
}
