import { useId, useState } from 'preact/hooks';
import { OptionList } from './OptionList.tsx';
import type { ViewProps } from './props.ts';

/**
 * src 21: a one-question form, answered by a text message (spec 02 R13): a text input (type 0) or one
 * of the options (type 1). Once `selected` is filled, or after submitting here, it shows the answer.
 */
export function FormCollection({ view, actions, t }: ViewProps<'formCollection'>) {
  const [draft, setDraft] = useState('');
  const [sent, setSent] = useState<string>();
  const inputId = useId();
  const answer = view.selected ?? sent;
  const submit = (value: string) => {
    if (!actions || value === '') return;
    setSent(value);
    actions.sendText(value);
  };
  const title = view.header && <h3 class="pl-card-title">{view.header}</h3>;
  if (view.type === 1) {
    return (
      <section class="pl-card pl-form" data-testid="form">
        {title}
        <OptionList items={view.items} testId="form-option" disabled={!actions || answer !== undefined} selected={answer} onPick={(item) => submit(item.content)} />
        {answer !== undefined && <p class="pl-card-note">{t('render.form.submitted')}</p>}
      </section>
    );
  }
  if (answer !== undefined) {
    return (
      <section class="pl-card pl-form" data-testid="form">
        {title}
        <p class="pl-form-answer">{answer}</p>
        <p class="pl-card-note">{t('render.form.submitted')}</p>
      </section>
    );
  }
  return (
    <form
      class="pl-card pl-form"
      data-testid="form"
      onSubmit={(event) => {
        event.preventDefault();
        submit(draft.trim());
      }}
    >
      <label class="pl-card-title" for={inputId}>
        {view.header || t('render.form.answer')}
      </label>
      <div class="pl-form-row">
        <input
          id={inputId}
          class="pl-input"
          type="text"
          value={draft}
          placeholder={t('render.form.placeholder')}
          disabled={!actions}
          maxLength={1000}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        <button type="submit" class="pl-button" data-testid="form-submit" disabled={!actions || draft.trim() === ''}>
          {t('render.form.submit')}
        </button>
      </div>
    </form>
  );
}
