/**
 * Usage errors in one line. Commander prints a missing required option, an unknown option or
 * command, or a missing argument as its own line and then, with showHelpAfterError, the whole
 * usage (27 lines for `run`) that buries it. Here each command prints only the line and where
 * the usage is: `isotrope: required option '--model <dir>' not specified (see isotrope run --help)`.
 * A bad value (an OptionError from an action) gets the same hint from reportAndExit, through
 * the command whose action ran.
 */
import type { Command } from 'commander';
import { oneLine } from './fail.js';

/** `isotrope run` for the run command, `isotrope` for the program. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/** Every command under `program` (and `program` itself). */
function allCommands(program: Command): Command[] {
  return [program, ...program.commands.flatMap((command) => allCommands(command))];
}

/**
 * Commander's error text as one clause: "error: unknown option '--modle'\n(Did you mean
 * --model?)" → "unknown option '--modle': did you mean --model?".
 */
function commanderReason(text: string): string {
  const lines = text
    .replace(/^error: /, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const clauses = lines.map((line) => line.replace(/^\(Did you mean (.*)\)$/, ': did you mean $1'));
  return clauses
    .map((clause, k) => (k === 0 || clause.startsWith(':') ? clause : ` ${clause}`))
    .join('')
    .replace(/\.$/, '');
}

/**
 * Sets every command of `program` to print its usage errors as one line with a `--help` hint.
 * Call it once all commands are declared. Commander still exits with status 1.
 * @returns the command whose action is running (undefined before one starts), for reportAndExit's hint
 */
export function reportUsageErrorsInOneLine(program: Command): () => Command | undefined {
  let running: Command | undefined;
  for (const command of allCommands(program)) {
    command.showHelpAfterError(false);
    command.configureOutput({
      outputError: (text, write) => write(oneLine(commanderReason(text), commandPath(command))),
    });
  }
  program.hook('preAction', (_program, actionCommand) => {
    running = actionCommand;
  });
  return () => running;
}
