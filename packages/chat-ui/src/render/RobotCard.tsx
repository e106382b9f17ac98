import type { ViewProps } from './props.ts';

/** src 29: the welcome card or the clarify list; tapping a question sends it as text (spec 02 §7). */
export function RobotCard({ view, actions }: ViewProps<'robotCard'>) {
  const welcome = view.subtype === 'welcome_msg';
  const lead = view.content.trim() !== '' && view.content !== view.title ? view.content : '';
  return (
    <section class="pl-card pl-robot-card" data-testid={welcome ? 'welcome-card' : 'clarify-card'}>
      {view.title && <h3 class="pl-card-title">{view.title}</h3>}
      {lead && <p class="pl-card-lead">{lead}</p>}
      <ul class="pl-choices">
        {view.items.map((question, i) => (
          <li key={i}>
            <button type="button" class="pl-choice" data-testid="card-question" disabled={!actions} onClick={() => actions?.sendText(question)}>
              {question}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
