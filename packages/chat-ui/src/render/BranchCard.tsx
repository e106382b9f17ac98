import { useState } from 'preact/hooks';
import { OptionList } from './OptionList.tsx';
import type { ViewProps } from './props.ts';

/** src 15: a branch menu. The choice is a text message equal to the option (spec 02 R12). */
export function BranchCard({ view, actions, t }: ViewProps<'branch'>) {
  return (
    <section class="pl-card" data-testid="branch-card">
      {view.header && <h3 class="pl-card-title">{view.header}</h3>}
      <OptionList items={view.items} testId="branch-option" disabled={!actions || view.selected !== undefined} selected={view.selected} onPick={(item) => actions?.sendText(item.content)} />
      {view.selected !== undefined && <p class="pl-card-note">{t('render.branch.selected', { value: view.selected })}</p>}
      {view.tail && <p class="pl-card-tail">{view.tail}</p>}
    </section>
  );
}

/**
 * src 32: a task-flow branch. status 0 selectable, 1 not, 2 already chosen. Quick options (optionType
 * 0) disappear after a tap; fixed buttons (1) stay and carry BranchOptionInfo (spec 02 §4.18, R14).
 */
export function TaskBranchCard({ view, actions, t }: ViewProps<'taskBranch'>) {
  const [picked, setPicked] = useState<string>();
  const quick = view.optionType === 0;
  const pick = (content: string) => {
    if (!actions) return;
    setPicked(content);
    if (quick) actions.sendText(content);
    else actions.sendText(content, { cloudCustomData: JSON.stringify({ BranchOptionInfo: view.taskInfo }) });
  };
  const hidden = quick && picked !== undefined;
  return (
    <section class="pl-card" data-testid="branch-card">
      {view.header && <h3 class="pl-card-title">{view.header}</h3>}
      {!hidden && <OptionList items={view.items} testId="branch-option" disabled={!actions || view.status !== 0} selected={quick ? undefined : picked} onPick={(item) => pick(item.content)} />}
      {hidden && <p class="pl-card-note">{t('render.branch.selected', { value: picked })}</p>}
      {view.status === 2 && !hidden && <p class="pl-card-note">{t('render.branch.done')}</p>}
      {view.tail && <p class="pl-card-tail">{view.tail}</p>}
    </section>
  );
}
