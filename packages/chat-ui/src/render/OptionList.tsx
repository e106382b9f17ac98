import type { Option } from './desk-data.ts';

/** The tappable options of branch, task-branch and option-form messages. */
export function OptionList(props: { items: Option[]; testId: string; disabled: boolean; selected?: string; onPick: (item: Option) => void }) {
  return (
    <ul class="pl-choices">
      {props.items.map((item, i) => (
        <li key={i}>
          <button
            type="button"
            class="pl-choice"
            data-testid={props.testId}
            disabled={props.disabled}
            aria-pressed={props.selected === undefined ? undefined : props.selected === item.content}
            onClick={() => props.onPick(item)}
          >
            <span class="pl-choice-text">{item.content}</span>
            {item.desc && <span class="pl-choice-desc">{item.desc}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}
