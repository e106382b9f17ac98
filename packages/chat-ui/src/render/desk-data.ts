// Reads a TIMCustomElem's Data into a checked view per Desk `src` (spec 02 §2, §4). Hand-written
// checks instead of the protocol's zod schemas keep zod out of the bundle. They are lenient about
// optional text (missing → '') and strict about what a renderer relies on; anything else is
// `unsupported`, which renders a neutral fallback instead of crashing.

export interface Option {
  content: string;
  desc: string;
}
export interface FormField {
  name: string;
  formType: 0 | 1;
  placeholder: string;
  choices: string[];
  isRequired: 0 | 1;
  /** The submitted value; '' when not submitted (template placeholders such as "${name}" count as empty). */
  value: string;
}

export type DeskView =
  | { kind: 'flag'; src: string }
  | { kind: 'unsupported'; desc?: string }
  | {
      kind: 'rating';
      head: string;
      tail: string;
      menu: { id: string; content: string }[];
      style: 'star' | 'number';
      sessionId: string;
      expireTime?: number;
      selected?: { id: string; content: string };
    }
  | { kind: 'branch'; header: string; items: Option[]; tail: string; selected?: string }
  | { kind: 'taskBranch'; header: string; items: Option[]; tail: string; status: 0 | 1 | 2; optionType: 0 | 1; taskInfo: { taskID: number; nodeID: string; env: string } }
  | { kind: 'sessionEnded'; timeout: boolean }
  | { kind: 'formCollection'; header: string; type: 0 | 1; items: Option[]; selected?: string }
  | { kind: 'product'; header: string; desc: string; pic: string; url: string }
  | { kind: 'order'; guide: string; name: string; desc: string; pic: string; fields: { name: string; value: string }[] }
  | { kind: 'robotCard'; subtype: 'welcome_msg' | 'clarify_msg'; title: string; content: string; items: string[] }
  | { kind: 'markdown'; src: '30' | '31'; text: string; finished: boolean }
  | { kind: 'taskForm'; tip: string; fields: FormField[]; nodeStatus: 0 | 1 | 2 };

/** Flag messages that drive the client but are not shown (spec 02 R16, §8); 19/20 render as notices. */
export const FLAG_SOURCES: ReadonlySet<string> = new Set(['7', '10', '12', '23', '24', '26', '27']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

class Malformed extends Error {}
const fail = (): never => {
  throw new Malformed();
};
const obj = (v: unknown): Obj => (isObj(v) ? v : fail());
const str = (v: unknown): string => (isStr(v) ? v : fail());
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : fail());
const list = (v: unknown, min = 0): unknown[] => (Array.isArray(v) && v.length >= min ? v : fail());
const optionalList = (v: unknown): unknown[] => (v === undefined || v === null ? [] : list(v));
/** Optional text: absent or null is '', any other non-string makes the message malformed. */
const text = (v: unknown): string => (v === undefined || v === null ? '' : str(v));
const oneOf = <T extends number>(v: unknown, values: readonly T[], fallback?: T): T => {
  if (v === undefined && fallback !== undefined) return fallback;
  return values.includes(v as T) ? (v as T) : fail();
};

const options = (v: unknown): Option[] => list(v).map((item) => ({ content: str(obj(item).content), desc: text(obj(item).desc) }));
const selectedContent = (v: unknown): string | undefined => (isObj(v) && isStr(v.content) && v.content !== '' ? v.content : undefined);

const readers: Record<string, (m: Obj) => DeskView> = {
  '9': (m) => {
    const c = obj(m.menuContent);
    const menu = list(c.menu, 1).map((level) => ({ id: str(obj(level).id), content: text(obj(level).content) }));
    const selected = isObj(c.selected) && isStr(c.selected.id) && c.selected.id !== '' ? { id: c.selected.id, content: text(c.selected.content) } : undefined;
    return {
      kind: 'rating',
      head: text(c.head),
      tail: text(c.tail),
      menu,
      style: c.type === 1 ? 'star' : 'number',
      sessionId: str(c.sessionId),
      expireTime: c.expireTime === undefined ? undefined : num(c.expireTime),
      selected,
    };
  },
  '15': (m) => {
    const c = obj(m.content);
    return { kind: 'branch', header: text(c.header), items: options(c.items), tail: text(c.tail), selected: selectedContent(c.selected) };
  },
  '19': () => ({ kind: 'sessionEnded', timeout: false }),
  '20': () => ({ kind: 'sessionEnded', timeout: true }),
  '21': (m) => {
    const c = obj(m.content);
    const type = oneOf(c.type, [0, 1] as const);
    return { kind: 'formCollection', header: text(c.header), type, items: type === 1 ? options(c.items) : [], selected: selectedContent(c.selected) };
  },
  '22': (m) => {
    const c = obj(m.content);
    return { kind: 'product', header: text(c.header), desc: text(c.desc), pic: text(c.pic), url: text(c.url) };
  },
  '28': (m) => {
    const c = obj(m.content);
    const fields = optionalList(c.customField).map((row) => ({ name: text(obj(row).name), value: text(obj(row).value) }));
    return { kind: 'order', guide: text(c.guide), name: text(c.name), desc: text(c.desc), pic: text(c.pic), fields };
  },
  '29': (m) => {
    const c = obj(m.content);
    const subtype = m.subtype === 'welcome_msg' || m.subtype === 'clarify_msg' ? m.subtype : fail();
    return { kind: 'robotCard', subtype, title: text(c.title), content: text(c.content), items: options(c.items).map((item) => item.content) };
  },
  '30': (m) => ({ kind: 'markdown', src: '30', text: str(m.content), finished: true }),
  '31': (m) => ({ kind: 'markdown', src: '31', text: list(m.chunks).map(str).join(''), finished: m.isFinished !== 0 }),
  '32': (m) => {
    const c = obj(m.content);
    const info = obj(m.taskInfo);
    return {
      kind: 'taskBranch',
      header: text(c.header),
      items: options(c.items),
      tail: text(c.tail),
      status: oneOf(m.status, [0, 1, 2] as const, 0),
      optionType: oneOf(m.optionType, [0, 1] as const, 0),
      taskInfo: { taskID: num(info.taskID), nodeID: str(info.nodeID), env: text(info.env) },
    };
  },
  '33': (m) => {
    const c = obj(m.content);
    // Spec 02 §4.19: nodeStatus may sit inside content or at the top level; read both.
    const nodeStatus = oneOf(c.nodeStatus ?? m.nodeStatus, [0, 1, 2] as const, 0);
    return { kind: 'taskForm', tip: text(c.tip), fields: list(c.inputVariables, 1).map(formField), nodeStatus };
  },
};

/** Values such as "${name}" are the form's template placeholders (spec 02 §4.19), not answers. */
const TEMPLATE_PLACEHOLDER = /^\$\{[^}]*\}$/;

function formField(v: unknown): FormField {
  const field = obj(v);
  const choices = optionalList(field.chooseItemList).map(str);
  const formType = oneOf(field.formType, [0, 1] as const, choices.length > 0 ? 1 : 0);
  const value = text(field.variableValue);
  return {
    name: str(field.name),
    // A choice without choices can only be answered as text.
    formType: formType === 1 && choices.length === 0 ? 0 : formType,
    placeholder: text(field.placeholder),
    choices,
    isRequired: oneOf(field.isRequired, [0, 1] as const, 0),
    value: TEMPLATE_PLACEHOLDER.test(value) ? '' : value,
  };
}

/** Is this parsed JSON a Desk message (spec 02 §2.1)? Tolerates src 22 with the flag inside `content` (§4.9). */
function isDesk(value: unknown): value is Obj {
  if (!isObj(value) || !isStr(value.src)) return false;
  return value.customerServicePlugin === 0 || (value.customerServicePlugin === undefined && isObj(value.content) && value.content.customerServicePlugin === 0);
}

/** Parses a custom element's Data; never throws. */
export function readDeskData(data: unknown, desc?: unknown): DeskView {
  const unsupported: DeskView = { kind: 'unsupported', desc: isStr(desc) && desc.trim() !== '' ? desc : undefined };
  if (!isStr(data)) return unsupported;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return unsupported;
  }
  if (!isDesk(value)) return unsupported;
  const src = value.src as string;
  if (FLAG_SOURCES.has(src)) return { kind: 'flag', src };
  const read = Object.hasOwn(readers, src) ? readers[src] : undefined;
  if (!read) return unsupported;
  try {
    return read(value);
  } catch {
    return unsupported; // Malformed, or a shape no check foresaw: either way not renderable
  }
}
