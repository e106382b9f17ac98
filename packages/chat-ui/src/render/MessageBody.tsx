// The message renderers' entry point: MessageBody renders every element of a message's body; the
// helpers tell a message list how to lay a message out. Used by the customer chat (with actions) and
// the agent workbench (without: everything renders static).
import './render.css';
import type { ComponentChildren } from 'preact';
import { useErrorBoundary } from 'preact/hooks';
import type { Locale } from '../i18n/index.ts';
import { BranchCard, TaskBranchCard } from './BranchCard.tsx';
import type { DeskView } from './desk-data.ts';
import { readBody, type ElementView } from './elements.ts';
import { FileContent } from './FileContent.tsx';
import { FormCollection } from './FormCollection.tsx';
import { ImageContent } from './ImageContent.tsx';
import { MarkdownContent } from './MarkdownContent.tsx';
import { OrderCard } from './OrderCard.tsx';
import { ProductCard } from './ProductCard.tsx';
import type { RenderProps } from './props.ts';
import { RatingCard } from './RatingCard.tsx';
import { RobotCard } from './RobotCard.tsx';
import { SessionEnded } from './SessionEnded.tsx';
import { TaskForm } from './TaskForm.tsx';
import { TextContent } from './TextContent.tsx';
import type { MessageActions, RenderableMessage, Translate } from './types.ts';
import { Unsupported } from './Unsupported.tsx';

export { previewText } from './preview.ts';
export type { MessageActions, RenderableMessage, Translate } from './types.ts';

const isFlag = (element: ElementView) => element.type === 'desk' && element.view.kind === 'flag';
const isDeskKind = (element: ElementView, kind: DeskView['kind']) => element.type === 'desk' && element.view.kind === kind;

/** Flag messages (src 7, 10, 12, 23, 24, 26, 27) and empty bodies: nothing to show in a message list. */
export function isHiddenMessage(message: RenderableMessage): boolean {
  return readBody(message.body).every(isFlag);
}

/** The rating card (src 9) takes a full-width row without a bubble (spec 02 §8). */
export function isRowMessage(message: RenderableMessage): boolean {
  return readBody(message.body).some((element) => isDeskKind(element, 'rating'));
}

/** Session-ended markers (src 19, 20): a centred notice, not a bubble. */
export function isNoticeMessage(message: RenderableMessage): boolean {
  const elements = readBody(message.body).filter((element) => !isFlag(element));
  return elements.length > 0 && elements.every((element) => isDeskKind(element, 'sessionEnded'));
}

const CARD_KINDS: ReadonlySet<DeskView['kind']> = new Set(['branch', 'taskBranch', 'formCollection', 'product', 'order', 'robotCard', 'taskForm']);

export type MessageLayout = 'hidden' | 'notice' | 'row' | 'card' | 'bubble';

/**
 * How a message list should place a message: not at all, a centred notice, a full-width row, a card
 * that brings its own frame (no bubble background needed), or an ordinary bubble.
 */
export function messageLayout(message: RenderableMessage): MessageLayout {
  if (isHiddenMessage(message)) return 'hidden';
  if (isNoticeMessage(message)) return 'notice';
  if (isRowMessage(message)) return 'row';
  const visible = readBody(message.body).filter((element) => !isFlag(element));
  return visible.every((element) => element.type === 'desk' && CARD_KINDS.has(element.view.kind)) ? 'card' : 'bubble';
}

export function MessageBody(props: { message: RenderableMessage; actions?: MessageActions; t: Translate; locale: Locale }) {
  const elements = readBody(props.message.body);
  return (
    <div class="pl-body">
      {elements.map((element, i) => (
        <Guarded key={i} t={props.t}>
          <Element element={element} {...props} />
        </Guarded>
      ))}
    </div>
  );
}

/** A renderer that throws on data we did not foresee shows the fallback instead of breaking the list. */
function Guarded(props: { t: Translate; children: ComponentChildren }) {
  const [error] = useErrorBoundary();
  return error ? <Unsupported t={props.t} /> : <>{props.children}</>;
}

function Element(props: RenderProps & { element: ElementView }) {
  const { element, ...common } = props;
  switch (element.type) {
    case 'text':
      return <TextContent text={element.text} t={props.t} />;
    case 'image':
      return <ImageContent content={element.content} t={props.t} />;
    case 'file':
      return <FileContent content={element.content} t={props.t} />;
    case 'desk':
      return <DeskElement view={element.view} {...common} />;
    case 'unsupported':
      return <Unsupported t={props.t} />;
  }
}

function DeskElement(props: RenderProps & { view: DeskView }) {
  const { view } = props;
  switch (view.kind) {
    case 'flag':
      return null;
    case 'unsupported':
      return <Unsupported t={props.t} desc={view.desc} />;
    case 'rating':
      return <RatingCard {...props} view={view} />;
    case 'branch':
      return <BranchCard {...props} view={view} />;
    case 'taskBranch':
      return <TaskBranchCard {...props} view={view} />;
    case 'sessionEnded':
      return <SessionEnded {...props} view={view} />;
    case 'formCollection':
      return <FormCollection {...props} view={view} />;
    case 'product':
      return <ProductCard {...props} view={view} />;
    case 'order':
      return <OrderCard {...props} view={view} />;
    case 'robotCard':
      return <RobotCard {...props} view={view} />;
    case 'markdown':
      return <MarkdownContent {...props} view={view} />;
    case 'taskForm':
      return <TaskForm {...props} view={view} />;
  }
}
