/**
 * Which channels or time points a command covers, as a user types it: `all`, a list `0,2`, a
 * range `0-3`, or both `0,2-4`. One syntax for the CLI flags and the API's arguments (the same
 * string), resolved against the stack's count only once the stack is open.
 *
 * @example resolveSelection('0,2-3', 5, 'channel') // [0, 2, 3]
 */
import { z } from 'zod';

/** The text form; checked for syntax here, for range in `resolveSelection`. */
export const SelectionSchema = z
  .string()
  .regex(
    /^\s*(all|\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*)\s*$/,
    'all, or indices and ranges such as 0,2-3',
  );

/** Why a selection does not fit a stack of `count` (one line, naming the valid range). */
export class SelectionError extends Error {
  override readonly name = 'SelectionError';
}

/**
 * The sorted, distinct indices `text` selects among `count` (undefined or `all`: every one).
 * Throws SelectionError when an index is out of range or the syntax is wrong.
 */
export function resolveSelection(text: string | undefined, count: number, what: string): number[] {
  const every = Array.from({ length: count }, (_, i) => i);
  if (text === undefined || text.trim() === 'all') return every;
  if (!SelectionSchema.safeParse(text).success)
    throw new SelectionError(`${what}s "${text}": expected all, or indices and ranges such as 0,2-3`);
  const chosen = new Set<number>();
  for (const part of text.split(',')) {
    const [a, b = a] = part.split('-').map((s) => Number(s.trim()));
    if (b < a) throw new SelectionError(`${what}s "${part.trim()}": a range goes from low to high`);
    for (let i = a; i <= b; i++) {
      if (i >= count)
        throw new SelectionError(
          `${what} ${i} is out of range: the stack has ${count} ${what}${count === 1 ? '' : 's'} (0–${count - 1})`,
        );
      chosen.add(i);
    }
  }
  return [...chosen].sort((x, y) => x - y);
}
