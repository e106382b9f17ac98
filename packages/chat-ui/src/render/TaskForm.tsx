import type { DeskMessage } from '@parley/protocol';
import { useId, useState } from 'preact/hooks';
import type { FormField } from './desk-data.ts';
import type { ViewProps } from './props.ts';
import { useSubmission } from './submission.ts';
import type { Translate } from './types.ts';

/** The submission of spec 02 §4.19: the received names (verbatim), isRequired, and the answers. */
export function taskFormSubmission(fields: FormField[], values: string[]): DeskMessage<'33'> {
  return {
    customerServicePlugin: 0,
    src: '33',
    content: { inputVariables: fields.map((field, i) => ({ name: field.name, isRequired: field.isRequired, variableValue: values[i].trim() })) },
  };
}

/** src 33: a multi-field task form. nodeStatus 0 editable, 1 closed, 2 submitted. */
export function TaskForm({ view, actions, t }: ViewProps<'taskForm'>) {
  const [values, setValues] = useState(() => view.fields.map((field) => field.value));
  const [showErrors, setShowErrors] = useState(false);
  const { state, submit } = useSubmission(actions);
  const idPrefix = useId();
  const submitted = view.nodeStatus === 2 || state === 'sent';
  const locked = !actions || view.nodeStatus !== 0 || state === 'sending' || state === 'sent';
  // Once the server closed the node, its values are the truth; before that, the customer's draft.
  const shown = view.nodeStatus === 0 ? values : view.fields.map((field) => field.value);
  const missing = view.fields.map((field, i) => field.isRequired === 1 && values[i].trim() === '');
  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (missing.some(Boolean)) {
      setShowErrors(true);
      return;
    }
    submit(taskFormSubmission(view.fields, values));
  };
  const setValue = (index: number, value: string) => setValues(values.map((v, i) => (i === index ? value : v)));
  return (
    <form class="pl-card pl-form" data-testid="form" onSubmit={onSubmit} noValidate>
      {view.tip && <h3 class="pl-card-title">{view.tip}</h3>}
      {view.fields.map((field, i) => (
        <Field key={i} id={`${idPrefix}-${i}`} field={field} value={shown[i]} disabled={locked} error={showErrors && missing[i]} t={t} onChange={(value) => setValue(i, value)} />
      ))}
      {state === 'failed' && (
        <p class="pl-error" role="alert">
          {t('render.submitFailed')}
        </p>
      )}
      {submitted ? (
        <p class="pl-card-note">{t('render.form.submitted')}</p>
      ) : (
        <button type="submit" class="pl-button pl-button-block" data-testid="form-submit" disabled={locked}>
          {t(state === 'sending' ? 'render.sending' : 'render.form.submit')}
        </button>
      )}
    </form>
  );
}

function Field(props: { id: string; field: FormField; value: string; disabled: boolean; error: boolean; t: Translate; onChange: (value: string) => void }) {
  const { id, field, t } = props;
  const required = field.isRequired === 1;
  const label = (
    <>
      {field.name}
      {required && (
        <span class="pl-required" aria-hidden="true">
          {' *'}
        </span>
      )}
    </>
  );
  const error = props.error && (
    <span id={`${id}-error`} class="pl-error">
      {t('render.form.required')}
    </span>
  );
  const describedBy = props.error ? `${id}-error` : undefined;
  if (field.formType === 1) {
    return (
      <fieldset class="pl-field" role="radiogroup" aria-required={required} aria-invalid={props.error} aria-describedby={describedBy}>
        <legend class="pl-field-label">{label}</legend>
        {field.choices.map((choice, i) => (
          <label key={i} class="pl-radio">
            <input type="radio" name={id} value={choice} checked={props.value === choice} disabled={props.disabled} onChange={() => props.onChange(choice)} />
            <span>{choice}</span>
          </label>
        ))}
        {error}
      </fieldset>
    );
  }
  return (
    <div class="pl-field">
      <label class="pl-field-label" for={id}>
        {label}
      </label>
      <input
        id={id}
        class="pl-input"
        type="text"
        value={props.value}
        placeholder={field.placeholder}
        disabled={props.disabled}
        required={required}
        maxLength={1000}
        aria-invalid={props.error}
        aria-describedby={describedBy}
        onInput={(e) => props.onChange(e.currentTarget.value)}
      />
      {error}
    </div>
  );
}
