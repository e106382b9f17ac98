// 单人会话 (spec 03 §1.11 WB-INT-02): pick an internal contact, searched by nickname or account, and
// start the conversation (发起会话).
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n';
import { Avatar } from '../ui/Avatar';
import { Dialog } from '../ui/Dialog';
import { errorText } from '../ui/errors';
import { internalApi, type Colleague, type DirectoryEntry } from './internal-api';

const SEARCH_DELAY_MS = 250;
const WORKBENCH_ROLES = ['staff', 'super_admin'];

export function NewThreadDialog({ me, onPick, onClose }: { me: string; onPick(colleague: Colleague): void; onClose(): void }) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<DirectoryEntry[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [chosen, setChosen] = useState<Colleague | undefined>();

  useEffect(() => {
    let current = true;
    const timer = setTimeout(async () => {
      try {
        const { items } = await internalApi.directory(query.trim());
        // Internal chat is between workbench members; writing to oneself is not a conversation.
        if (current) setResults(items.filter((entry) => entry.memberId !== me && entry.roles.some((role) => WORKBENCH_ROLES.includes(role))));
        if (current) setError(undefined);
      } catch (failure) {
        if (current) setError(failure);
      }
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, me]);

  const start = () => chosen && onPick({ memberId: chosen.memberId, nick: chosen.nick });
  const footer = (
    <>
      <button type="button" class="button" onClick={onClose}>
        {t('internal.cancel')}
      </button>
      <button type="button" class="button primary" data-testid="internal-start" disabled={!chosen} onClick={start}>
        {t('internal.start')}
      </button>
    </>
  );

  return (
    <Dialog title={t('internal.newTitle')} onClose={onClose} footer={footer} testId="internal-new-dialog" size="small">
      <label class="field">
        <span class="field-label">{t('internal.contacts')}</span>
        <input
          type="search"
          class="input"
          value={query}
          placeholder={t('internal.search')}
          data-autofocus
          data-testid="internal-search"
          onInput={(event) => setQuery((event.currentTarget as HTMLInputElement).value)}
        />
      </label>
      {error ? (
        <p class="internal-error" role="alert">
          {t('internal.loadFailed', { reason: errorText(error, t) })}
        </p>
      ) : null}
      {results === undefined && !error ? <p class="muted small">{t('internal.loading')}</p> : null}
      {results?.length === 0 ? <p class="muted small">{t('internal.noMatches')}</p> : null}
      <ul class="internal-contacts" role="listbox" aria-label={t('internal.contacts')}>
        {results?.map((entry) => {
          const selected = chosen?.memberId === entry.memberId;
          return (
            <li key={entry.memberId} role="presentation">
              <button
                type="button"
                role="option"
                aria-selected={selected}
                class={`internal-contact${selected ? ' selected' : ''}`}
                data-testid="internal-contact"
                data-member-id={entry.memberId}
                onClick={() => setChosen(entry)}
                onDblClick={() => onPick({ memberId: entry.memberId, nick: entry.nick })}
              >
                <Avatar id={entry.memberId} name={entry.nick} size={30} />
                <span class="internal-contact-text">
                  <span>{entry.nick}</span>
                  <span class="muted small">{entry.email}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </Dialog>
  );
}
