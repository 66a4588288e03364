/**
 * How a command option appears on the command line, kept beside the option's zod schema in
 * the layer that owns it: the CLI generates its commander options from this, so an option
 * declared once shows up as a flag with its help. A registry of its own, not `.meta()`:
 * the API's JSON Schemas (built from zod's global registry) stay free of CLI details.
 *
 * @example
 *   const maxPatches = z.number().int().positive().optional()
 *     .register(flags, { value: 'n', help: 'stop after this many training patches' });
 */
import { z } from 'zod';

export interface FlagMeta {
  /** The flag without dashes; default: the option's key in kebab-case (maxPatches → max-patches). */
  flag?: string;
  /** Placeholder of the flag's value in --help (`--max-patches <n>`); absent for a boolean switch. */
  value?: string;
  /** One line for --help. */
  help: string;
  /** A boolean option that defaults to on: the flag is `--no-<flag>` and turns it off. */
  negate?: boolean;
  /**
   * A boolean option offered both ways, `--<flag>` and `--no-<flag>` (this is the latter's help
   * line): absent when neither is given, so the option's owner picks the default (which may
   * depend on other options).
   */
  both?: string;
  /** The value the CLI gives when the flag is absent, as typed (shown as "(default: …)" in --help). */
  default?: string;
}

/** Flag metadata by field schema; fields without an entry are not offered on the command line. */
export const flags = z.registry<FlagMeta>();
