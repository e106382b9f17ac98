// tccc.Chat.* (spec 03 §2.6) as IM message bodies: the product card is Desk src 22 (spec 02 §4.9),
// the order card src 28 (§4.14), and a custom message a plain TIMCustomElem whose Data is the
// payload's JSON (no customerServicePlugin, so not a Desk message). Checked here so the integrator
// gets a precise error before anything is sent.

export interface OrderField {
  name: string;
  value: string;
  valueColor?: string;
  customerValue?: string;
}

export type Built = { sessionId: string; body: unknown[] } | { error: string };

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

class OptionsError extends Error {}

const custom = (data: object, desc = '') => [{ MsgType: 'TIMCustomElem', MsgContent: { Data: JSON.stringify(data), Desc: desc, Ext: '' } }];
const desk = (src: string, content: object) => custom({ src, content, customerServicePlugin: 0 });

/** Runs a builder on the options' sessionId and payload; a wrong option becomes `{error}` naming the method. */
function build(method: string, options: unknown, body: (payload: Obj) => unknown[]): Built {
  try {
    if (!isObj(options)) throw new OptionsError('options must be an object with sessionId and payload');
    if (typeof options.sessionId !== 'string' || !options.sessionId) throw new OptionsError('options.sessionId must be a non-empty string');
    if (!isObj(options.payload)) throw new OptionsError('options.payload must be an object');
    return { sessionId: options.sessionId, body: body(options.payload) };
  } catch (error) {
    if (error instanceof OptionsError) return { error: `${method}: ${error.message}` };
    throw error;
  }
}

/** The string fields `keys` of `source`; optional ones default to ''. */
function strings(source: Obj, keys: readonly string[], required: boolean, at = 'options.payload'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = source[key];
    if (value === undefined && !required) out[key] = '';
    else if (typeof value !== 'string') throw new OptionsError(`${at}.${key} must be a string`);
    else out[key] = value;
  }
  return out;
}

export const cardMessage = (options: unknown): Built => build('sendCardMessage', options, (payload) => desk('22', strings(payload, ['header', 'desc', 'pic', 'url'], true)));

export const orderMessage = (options: unknown): Built =>
  build('sendOrderMessage', options, (payload) => {
    const fields = strings(payload, ['guide', 'name', 'desc', 'pic'], false);
    const rows = payload.customField === undefined ? undefined : orderFields(payload.customField);
    return desk('28', { ...fields, ...(rows ? { customField: rows } : {}) });
  });

function orderFields(value: unknown): OrderField[] {
  if (!Array.isArray(value)) throw new OptionsError('options.payload.customField must be an array of {name, value}');
  return value.map((row, i) => {
    const at = `options.payload.customField[${i}]`;
    if (!isObj(row)) throw new OptionsError(`${at} must be an object with name and value`);
    const { name, value: text } = strings(row, ['name', 'value'], true, at);
    const extra = strings(row, ['valueColor', 'customerValue'], false, at);
    return { name, value: text, ...(row.valueColor !== undefined ? { valueColor: extra.valueColor } : {}), ...(row.customerValue !== undefined ? { customerValue: extra.customerValue } : {}) };
  });
}

/** The table of spec 03 calls the image iconUrl, its example imageUrl: either is taken. */
export const customMessage = (options: unknown): Built =>
  build('sendCustomMessage', options, (payload) => {
    const { title, description } = strings(payload, ['title', 'description'], true);
    const imageUrl = payload.imageUrl ?? payload.iconUrl;
    if (typeof imageUrl !== 'string') throw new OptionsError('options.payload.imageUrl (or iconUrl) must be a string');
    return custom({ title, description, imageUrl, ...(payload.extension !== undefined ? { extension: payload.extension } : {}) }, title);
  });
