import { z } from 'zod';
import { findJsonProblem } from './safe-text.ts';

// Every Desk custom message of spec 02 (src 7–33), as the JSON carried in a TIMCustomElem's Data.
// One schema per src, shared by the server (which checks what clients and the REST API send) and
// the widget (which renders them). Unknown extra keys are kept: UI kits add their own (spec 02 §4.19).

const base = <S extends string>(src: S) => ({ customerServicePlugin: z.literal(0), src: z.literal(src) });
const option = z.object({ content: z.string(), desc: z.string().optional() });
const selected = z.object({ content: z.string() });

/** C→S flags that carry no body (spec 02 R16). */
export const triggerSession = z.looseObject({ ...base('7'), triggeredContent: z.unknown().optional() });
export const requestRating = z.looseObject(base('24'));
export const userEndSession = z.looseObject(base('27'));

/** src 9: the rating card; `selected` is filled after src 10. */
export const ratingCard = z.looseObject({
  ...base('9'),
  menuContent: z.looseObject({
    head: z.string(),
    tail: z.string(),
    menu: z.array(z.object({ id: z.string(), content: z.string() })).min(1),
    type: z.union([z.literal(1), z.literal(2)]),
    sessionId: z.string(),
    effectiveHour: z.number(),
    expireTime: z.number(),
    selected: z.object({ id: z.string(), content: z.string() }).optional(),
  }),
});

/** src 10: the user's rating; must not be empty (spec 02 R6). */
export const ratingSelection = z.looseObject({
  ...base('10'),
  menuSelected: z.object({ id: z.string().min(1), content: z.string(), sessionId: z.string().min(1) }),
});

export const typing = z.looseObject(base('12'));

export const branch = z.looseObject({
  ...base('15'),
  content: z.looseObject({ header: z.string(), items: z.array(option), tail: z.string().optional(), selected: selected.optional() }),
});

export const sessionEnd = z.looseObject(base('19'));
export const sessionTimeoutEnd = z.looseObject(base('20'));

export const formCollection = z.looseObject({
  ...base('21'),
  content: z.looseObject({ header: z.string(), items: z.array(option).optional(), type: z.union([z.literal(0), z.literal(1)]), selected: selected.optional() }),
});

/** src 22: a product card, either direction. */
export const productCard = z.looseObject({
  ...base('22'),
  content: z.looseObject({ header: z.string(), desc: z.string(), pic: z.string(), url: z.string() }),
});

/** src 23: rating send rules, bit 0 auto-send at end, bit 1 agent may invite, bit 2 user may request. */
export const ratingSettings = z.looseObject({ ...base('23'), content: z.looseObject({ menuSendRuleFlag: z.number().int().min(0) }) });

export const seatStatus = z.looseObject({
  ...base('26'),
  content: z.looseObject({ command: z.literal('updateSeatStatus'), content: z.enum(['inSeat', 'outSeat']) }),
});

/** src 28: an order card from the user. */
export const orderCard = z.looseObject({
  ...base('28'),
  content: z.looseObject({
    guide: z.string(),
    name: z.string(),
    desc: z.string(),
    pic: z.string(),
    customField: z.array(z.looseObject({ name: z.string(), value: z.string(), customerValue: z.string().optional() })).optional(),
  }),
});

export const robotCardSchema = z.looseObject({
  ...base('29'),
  subtype: z.enum(['welcome_msg', 'clarify_msg']),
  content: z.looseObject({ title: z.string(), content: z.string(), items: z.array(z.object({ content: z.string() })) }),
});

export const richTextSchema = z.looseObject({ ...base('30'), content: z.string() });

/** src 31: one message whose cumulative `chunks` grow until `isFinished` is 1. */
export const streamMessage = z.looseObject({ ...base('31'), chunks: z.array(z.string()), isFinished: z.union([z.literal(0), z.literal(1)]) });

export const taskBranch = z.looseObject({
  ...base('32'),
  status: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  optionType: z.union([z.literal(0), z.literal(1)]),
  taskInfo: z.looseObject({ taskID: z.number(), nodeID: z.string(), env: z.string() }),
  content: z.looseObject({ header: z.string(), items: z.array(option), tail: z.string().optional() }),
});

const formField = z.looseObject({
  type: z.string().optional(),
  name: z.string(),
  formType: z.union([z.literal(0), z.literal(1)]).optional(),
  placeholder: z.string().optional(),
  chooseItemList: z.array(z.string()).optional(),
  isRequired: z.union([z.literal(0), z.literal(1)]),
  variableValue: z.string(),
});

/** src 33: the task form (S→C) and its submission (C→S) share the src and the field list. */
export const taskForm = z.looseObject({
  ...base('33'),
  content: z.looseObject({ tip: z.string().optional(), inputVariables: z.array(formField).min(1), nodeStatus: z.number().optional() }),
  nodeStatus: z.number().optional(),
});

export const DESK_MESSAGE_SCHEMAS = {
  '7': triggerSession,
  '9': ratingCard,
  '10': ratingSelection,
  '12': typing,
  '15': branch,
  '19': sessionEnd,
  '20': sessionTimeoutEnd,
  '21': formCollection,
  '22': productCard,
  '23': ratingSettings,
  '24': requestRating,
  '26': seatStatus,
  '27': userEndSession,
  '28': orderCard,
  '29': robotCardSchema,
  '30': richTextSchema,
  '31': streamMessage,
  '32': taskBranch,
  '33': taskForm,
} as const;
export type DeskSrc = keyof typeof DESK_MESSAGE_SCHEMAS;
export type DeskMessage<S extends DeskSrc = DeskSrc> = z.infer<(typeof DESK_MESSAGE_SCHEMAS)[S]>;

/** What a customer may send (spec 02 §3): flags 7, 10, 24, 27 and the content messages 22, 28, 33. */
export const CLIENT_SOURCES = ['7', '10', '22', '24', '27', '28', '33'] as const;
export type ClientSrc = (typeof CLIENT_SOURCES)[number];
/** What the service side may send; 22, 28 and 33 go both ways (agents send orders: spec 03 §2.6 sendOrderMessage). */
export const SERVER_SOURCES = ['9', '12', '15', '19', '20', '21', '22', '23', '26', '28', '29', '30', '31', '32', '33'] as const;
/** Sent with onlineUserOnly (spec 02 R4, R5): they trigger work but are not part of the chat history. */
export const ONLINE_ONLY_SOURCES: ReadonlySet<string> = new Set(['7', '10', '12', '24', '27']);

export type DeskParse = { kind: 'desk'; src: DeskSrc; message: DeskMessage } | { kind: 'other' } | { kind: 'invalid'; problem: string };

/**
 * Classifies a TIMCustomElem's Data (spec 02 §2.1): JSON with `customerServicePlugin === 0` is a
 * Desk message and must match its src's schema; any other JSON is an app's own custom message.
 */
export function parseDeskData(data: string): DeskParse {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return { kind: 'other' }; // IM allows any string; only JSON with customerServicePlugin 0 is Desk's
  }
  if (typeof value !== 'object' || value === null || (value as { customerServicePlugin?: unknown }).customerServicePlugin !== 0) return { kind: 'other' };
  // Its fields are read and stored apart from Data (comments, menu choices): they must be storable too.
  const unsafe = findJsonProblem(value);
  if (unsafe) return { kind: 'invalid', problem: unsafe.message };
  const src = (value as { src?: unknown }).src;
  if (typeof src !== 'string' || !Object.hasOwn(DESK_MESSAGE_SCHEMAS, src)) {
    return { kind: 'invalid', problem: `src ${JSON.stringify(src)} is not a Desk custom message (expected a string, one of ${Object.keys(DESK_MESSAGE_SCHEMAS).join(', ')})` };
  }
  const parsed = DESK_MESSAGE_SCHEMAS[src as DeskSrc].safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'invalid', problem: `src ${src}: ${issue.path.join('.') || 'message'}: ${issue.message}` };
  }
  return { kind: 'desk', src: src as DeskSrc, message: parsed.data as DeskMessage };
}

export const deskData = (message: Record<string, unknown>) => JSON.stringify(message);

export const ratingSettingsMessage = (menuSendRuleFlag: number): DeskMessage<'23'> => ({ customerServicePlugin: 0, src: '23', content: { menuSendRuleFlag } });
export const seatStatusMessage = (inSeat: boolean): DeskMessage<'26'> => ({
  customerServicePlugin: 0,
  src: '26',
  content: { command: 'updateSeatStatus', content: inSeat ? 'inSeat' : 'outSeat' },
});
export const sessionEndMessage = (timeout: boolean): DeskMessage<'19' | '20'> => ({ customerServicePlugin: 0, src: timeout ? '20' : '19' });
export const typingMessage = (): DeskMessage<'12'> => ({ customerServicePlugin: 0, src: '12' });
export const streamMessageOf = (chunks: string[], finished: boolean): DeskMessage<'31'> => ({ customerServicePlugin: 0, src: '31', chunks, isFinished: finished ? 1 : 0 });
