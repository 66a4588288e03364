/**
 * Command-line options generated from the zod schemas that own them: a field with flag
 * metadata (app/options/flags.ts) becomes a commander option, and the option bag commander
 * parsed goes back through the same schema, numbers coerced by one parser. A bad value is
 * an OptionError, printed as one line: `isotrope: --max-patches x: expected a positive integer`.
 *
 * @example
 *   addOptions(program.command('train'), TrainOptionsSchema)
 *     .action((o) => train(parseOptions(TrainOptionsSchema, o)));
 */
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { expectedValue, failedField, flags, type FlagMeta } from '../options/index.js';

/** A flag's value the option's schema refuses (or a number that is not one). */
export class OptionError extends Error {
  override readonly name = 'OptionError';
  /** With dashes, e.g. '--max-patches'. */
  readonly flag: string;
  /** As typed. */
  readonly value: unknown;

  constructor(flag: string, value: unknown, expected: string) {
    super(`${flag} ${String(value) === '' ? "''" : String(value)}: expected ${expected}`);
    this.flag = flag;
    this.value = value;
  }
}

export function isOptionError(error: unknown): error is OptionError {
  return error instanceof OptionError;
}

/** Per-command changes to a field's flag (e.g. resume's --backend help names the run's default). */
export type FlagOverrides = Record<string, Partial<FlagMeta>>;

type AnyObject = z.ZodObject;

/** The flag metadata of each of `schema`'s fields that has some, by key. */
function flagFields(schema: AnyObject, overrides: FlagOverrides = {}): Array<[string, FlagMeta]> {
  return Object.entries(schema.shape).flatMap(([key, field]) => {
    const meta = flags.get(field as z.ZodType);
    return meta ? [[key, { ...meta, ...overrides[key] }] as [string, FlagMeta]] : [];
  });
}

/** maxPatches → max-patches. */
function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The commander option a field declares. */
function optionFor(key: string, meta: FlagMeta): Option {
  const name = meta.flag ?? kebab(key);
  const spelling = meta.negate ? `--no-${name}` : meta.value ? `--${name} <${meta.value}>` : `--${name}`;
  const option = new Option(spelling, meta.help);
  return meta.default === undefined ? option : option.default(meta.default);
}

/** Adds a commander option for every field of `schema` with flag metadata (two for a `both` switch). @returns the command */
export function addOptions(command: Command, schema: AnyObject, overrides?: FlagOverrides): Command {
  for (const [key, meta] of flagFields(schema, overrides)) {
    command.addOption(optionFor(key, meta));
    if (meta.both)
      command.addOption(optionFor(key, { ...meta, both: undefined, negate: true, help: meta.both }));
  }
  return command;
}

/**
 * The one string-to-number parser of the command line: a decimal (or exponent) number, not
 * empty, finite. Range and integrality are the schema's to check.
 */
export function parseNumber(flag: string, text: string, expected = 'a number'): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new OptionError(flag, text, expected);
  return value;
}

/** Whether `field` (optional or not) takes numbers, so a flag's text is coerced. */
function takesNumber(field: z.ZodType): boolean {
  const inner = field instanceof z.ZodOptional ? (field.unwrap() as z.ZodType) : field;
  return inner instanceof z.ZodNumber;
}

/**
 * `schema`'s output for the option bag commander parsed: each flag-bearing field read under
 * its flag's name, numbers coerced, the whole checked by the schema. Throws OptionError.
 */
export function parseOptions<S extends AnyObject>(
  schema: S,
  bag: object,
  overrides?: FlagOverrides,
): z.output<S> {
  const input: Record<string, unknown> = {};
  const typed = new Map<string, { flag: string; text: unknown }>();
  for (const [key, meta] of flagFields(schema, overrides)) {
    const option = optionFor(key, meta);
    const flag = option.long ?? option.flags;
    const text: unknown = Reflect.get(bag, option.attributeName());
    typed.set(key, { flag, text });
    if (text === undefined) continue;
    const field = schema.shape[key] as z.ZodType;
    const coerce = takesNumber(field) && typeof text === 'string';
    input[key] = coerce ? parseNumber(flag, text, expectedValue(field)) : text;
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const key = failedField(schema, parsed.error);
  const problem = key === undefined ? undefined : typed.get(key);
  if (key === undefined || problem === undefined) {
    throw new OptionError('options', '', parsed.error.issues[0]?.message ?? 'valid options');
  }
  throw new OptionError(problem.flag, problem.text, expectedValue(schema.shape[key] as z.ZodType));
}
