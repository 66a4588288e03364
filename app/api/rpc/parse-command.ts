/**
 * The one check of a command and its arguments, at the engine's boundary (Engine.dispatch):
 * every transport's requests pass through it there, so none checks them again on the way.
 *
 * @example
 *   const { command, args } = parseCommand('readPlane', { volumeId: 'v1', axis: 'xy', index: 3 });
 */
import { ApiError, describeZodError } from '../errors.js';
import { commands, isCommandName, type CommandName, type ParsedArgs } from '../schemas.js';

export interface ParsedCommand<C extends CommandName = CommandName> {
  command: C;
  /** The arguments as the command's schema outputs them (defaults filled in). */
  args: ParsedArgs<C>;
}

/**
 * The command named by a string and its arguments parsed by its schema (missing args are `{}`).
 * Throws `ApiError('unknown-command')` for a name that is no command (including names inherited
 * from Object) and `ApiError('bad-request')` naming the command and each failing field.
 */
export function parseCommand(command: string, args: unknown): ParsedCommand {
  if (!isCommandName(command)) {
    throw new ApiError('unknown-command', `unknown command ${JSON.stringify(command)}`);
  }
  const parsed = commands[command].args.safeParse(args ?? {});
  if (!parsed.success) {
    const message = `${command}: ${describeZodError(parsed.error)}`;
    throw new ApiError('bad-request', message, { cause: parsed.error });
  }
  return { command, args: parsed.data as ParsedArgs<CommandName> };
}
