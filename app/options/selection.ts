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
  )
  .describe('all, or indices and ranges such as 0,2-3');

/** Why a selection does not fit a stack of `count` (one line, naming the valid range). */
export class SelectionError extends Error {
  override readonly name = 'SelectionError';
}

/** "the stack has 2 channels (0–1)": what a selection may pick. */
function validRange(count: number, what: string): string {
  return `the stack has ${count} ${what}${count === 1 ? '' : 's'} (${count === 1 ? '0' : `0–${count - 1}`})`;
}

/**
 * The sorted, distinct indices `text` selects among `count` (undefined or `all`: every one).
 * `flag` is how the user typed it (e.g. '--channels'): a refusal starts with the flag and the
 * value, as option errors do, and names the valid range.
 * Throws SelectionError when an index is out of range or the syntax is wrong.
 * @example resolveSelection('0,5', 2, 'channel', '--channels')
 *   // throws '--channels 0,5: channel 5 is out of range: the stack has 2 channels (0–1)'
 */
export function resolveSelection(
  text: string | undefined,
  count: number,
  what: string,
  flag?: string,
): number[] {
  const every = Array.from({ length: count }, (_, i) => i);
  if (text === undefined || text.trim() === 'all') return every;
  // Without a flag (an API caller), the value is quoted under the kind's name, as before.
  const typed = flag === undefined ? `${what}s "${text}"` : `${flag} ${text.trim()}`;
  if (!SelectionSchema.safeParse(text).success)
    throw new SelectionError(
      `${typed}: expected all, or indices and ranges such as 0,2-3; ${validRange(count, what)}`,
    );
  const chosen = new Set<number>();
  for (const part of text.split(',')) {
    const [a, b = a] = part.split('-').map((s) => Number(s.trim()));
    if (b < a)
      throw new SelectionError(
        `${typed}: a range goes from low to high (${b}-${a}); ${validRange(count, what)}`,
      );
    for (let i = a; i <= b; i++) {
      if (i >= count)
        throw new SelectionError(
          `${flag === undefined ? '' : `${typed}: `}${what} ${i} is out of range: ${validRange(count, what)}`,
        );
      chosen.add(i);
    }
  }
  return [...chosen].sort((x, y) => x - y);
}
