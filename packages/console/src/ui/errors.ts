// Server refusals shown where they belong: on the form fields they name, else as one message.
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

/** The server refused an edit because the entry changed since it was loaded (409 `conflict`). */
export const isEditConflict = (error: unknown): boolean => error instanceof ApiError && error.status === 409 && error.code === 'conflict';

export const errorMessage = (error: unknown) => (error instanceof ApiError || error instanceof Error ? error.message : String(error));

/**
 * Puts the server's field errors on the form's fields (`similar.2` → ['similar', 2]). Returns the
 * message of whatever could not be placed on a field (undefined when all was placed). `fallbackField`
 * receives an unplaced message when the form has one obvious field for it.
 */
export function applyServerErrors(form: FormInstance, error: unknown, options: { aliases?: Record<string, string>; fallbackField?: string } = {}): string | undefined {
  if (!(error instanceof ApiError)) return errorMessage(error);
  const known = new Set(Object.keys(form.getFieldsValue(true) as object));
  const fields: { name: (string | number)[]; errors: string[] }[] = [];
  for (const [path, message] of Object.entries(error.fields)) {
    const parts = path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const head = options.aliases?.[String(parts[0])] ?? String(parts[0]);
    if (!known.has(head)) continue;
    fields.push({ name: [head, ...parts.slice(1)], errors: [message] });
  }
  if (fields.length) {
    form.setFields(fields);
    return undefined;
  }
  // Messages that name a field in words ("Question must not be empty") go to that field.
  const lower = error.message.toLowerCase();
  for (const [word, field] of Object.entries(options.aliases ?? {})) {
    if (lower.startsWith(word.toLowerCase()) && known.has(field)) {
      form.setFields([{ name: field, errors: [error.message] }]);
      return undefined;
    }
  }
  if (options.fallbackField && known.has(options.fallbackField)) {
    form.setFields([{ name: options.fallbackField, errors: [error.message] }]);
    return undefined;
  }
  return error.message;
}
