// A search field with its magnifier; the label is both the placeholder and the accessible name.
import type { JSX, Ref } from 'preact';
import { Icon } from './Icon';

type InputAttributes = Omit<JSX.IntrinsicElements['input'], 'type' | 'value' | 'placeholder' | 'aria-label' | 'onInput' | 'ref'>;

export interface SearchBoxProps extends InputAttributes {
  label: string;
  value: string;
  onValue(value: string): void;
  /** For callers that focus the field themselves (a popover has no dialog to do it). */
  inputRef?: Ref<HTMLInputElement>;
}

export function SearchBox({ label, value, onValue, inputRef, ...input }: SearchBoxProps) {
  return (
    <div class="search-box">
      <Icon name="search" size={16} />
      <input {...input} type="search" ref={inputRef} value={value} placeholder={label} aria-label={label} onInput={(event) => onValue(event.currentTarget.value)} />
    </div>
  );
}
