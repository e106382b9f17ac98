import type { Locale } from '../i18n/index.ts';
import type { DeskView } from './desk-data.ts';
import type { MessageActions, RenderableMessage, Translate } from './types.ts';

/** What every renderer receives from MessageBody. */
export interface RenderProps {
  message: RenderableMessage;
  /** Absent in the workbench: renderers then show the same content without interaction. */
  actions?: MessageActions;
  t: Translate;
  locale: Locale;
}

/** A Desk custom message's renderer gets its checked view. */
export type ViewProps<K extends DeskView['kind']> = RenderProps & { view: Extract<DeskView, { kind: K }> };
