/**
 * What an option accepts, in words, and a zod failure as one line naming the option:
 * the CLI's flag errors and the run layer's option check say it the same way.
 */
import { z } from 'zod';

/** The part of a field's JSON Schema that says what it accepts. */
interface FieldJson {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  pattern?: string;
  description?: string;
}

/** e.g. 'a positive integer', 'a non-negative number', 'both, xz or yz', 'an integer 0…65535'. */
export function expectedValue(field: z.ZodType): string {
  const json = z.toJSONSchema(field, { unrepresentable: 'any' }) as FieldJson;
  if (json.enum) return listOf(json.enum.map(String));
  // A string of a set form says its form in words (a regex means nothing to a user).
  if (json.type === 'string' && json.pattern !== undefined && json.description) return json.description;
  const noun =
    json.type === 'integer' ? 'integer' : json.type === 'number' ? 'number' : (json.type ?? 'value');
  const bounded = json.maximum !== undefined && json.maximum < Number.MAX_SAFE_INTEGER;
  if (bounded && json.minimum !== undefined) return `an ${noun} ${json.minimum}…${json.maximum}`;
  if (json.exclusiveMinimum === 0 || (noun === 'integer' && json.minimum === 1)) return `a positive ${noun}`;
  if (json.minimum === 0) return `a non-negative ${noun}`;
  return noun === 'integer' ? 'an integer' : `a ${noun}`;
}

/** 'a, b or c'. */
function listOf(words: string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** The first field a parse of `schema` failed on (undefined when the failure is not a field's). */
export function failedField(schema: z.ZodObject, error: z.ZodError): string | undefined {
  const key = error.issues[0]?.path[0];
  return typeof key === 'string' && key in schema.shape ? key : undefined;
}

/** One line for a failed parse of `value` by `schema`: `orientations 'x': expected both, xz or yz`. */
export function describeFailure(
  schema: z.ZodObject,
  value: Record<string, unknown>,
  error: z.ZodError,
): string {
  const key = failedField(schema, error);
  if (key === undefined) return error.issues[0]?.message ?? 'invalid options';
  const field = schema.shape[key] as z.ZodType;
  return `${key} ${JSON.stringify(value[key])}: expected ${expectedValue(field)}`;
}
