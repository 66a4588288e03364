/**
 * The commands that delete or overwrite what the user made, and what to ask before each: a
 * renderer call alone must not be enough (a compromised or buggy page could send one), so main
 * asks in a native dialog the page cannot draw over or answer (dialogs.ts, `confirmDestructive`),
 * and ipc.ts passes the call on only after a yes.
 *
 * - `cancelRun` with `deleteOutput`: deletes the run's folder.
 * - `exportRun` with `force`: replaces an existing file or folder at `out`.
 * - `startTraining` with `force`: replaces the model in `modelDir`.
 *
 * The arguments are not checked yet here (the engine checks them against the command's schema),
 * so the rule is deliberately wide: any value of the flag but absent or `false` asks, so that
 * nothing the engine could read as "yes, destroy" slips past unasked.
 *
 * @example
 *   destructiveActionOf('cancelRun', { runDir: '/data/run', deleteOutput: true });
 *   // → { command: 'cancelRun', question: 'Delete the run folder /data/run?', … }
 */
import type { CommandName } from '../app/api/contract.js';

export interface DestructiveAction {
  command: CommandName;
  /** The dialog's question, naming what is lost. */
  question: string;
  /** What it means, under the question. */
  detail: string;
  /** The button that says yes (the other one is Cancel, the default). */
  confirmLabel: string;
  /** The one-line refusal when the user says no (the call is refused with it). */
  refusal: string;
}

/** Longer paths are cut in the dialog's text; the refusal names the command, which is enough to find it. */
const MAX_SHOWN_PATH = 300;

/** What `command` with `args` would destroy, or null when it destroys nothing and needs no confirmation. */
export function destructiveActionOf(command: string, args: unknown): DestructiveAction | null {
  const fields = typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {};
  if (command === 'cancelRun' && isAsked(fields.deleteOutput)) {
    const runDir = shownPath(fields.runDir);
    return {
      command,
      question: `Delete the run folder ${runDir}?`,
      detail: 'The run stops, and its output, journal, MIPs and previews are deleted. This cannot be undone.',
      confirmLabel: 'Delete',
      refusal: `cancelRun with deleteOutput was not confirmed: ${runDir} was not deleted`,
    };
  }
  if (command === 'exportRun' && isAsked(fields.force)) {
    const out = shownPath(fields.out);
    return {
      command,
      question: `Overwrite ${out}?`,
      detail: `What is there now is replaced by the export of ${shownPath(fields.runDir)}. This cannot be undone.`,
      confirmLabel: 'Overwrite',
      refusal: `exportRun with force was not confirmed: ${out} was not overwritten`,
    };
  }
  if (command === 'startTraining' && isAsked(fields.force)) {
    const modelDir = shownPath(fields.modelDir);
    return {
      command,
      question: `Replace the model in ${modelDir}?`,
      detail: 'Its weights, checkpoint and history are replaced by the new training. This cannot be undone.',
      confirmLabel: 'Replace',
      refusal: `startTraining with force was not confirmed: the model in ${modelDir} was kept`,
    };
  }
  return null;
}

/** Absent or false is "no"; anything else might be read as "yes" by someone, so it is asked about. */
function isAsked(flag: unknown): boolean {
  return flag !== undefined && flag !== false;
}

/** A path for the dialog: one line, bounded; a missing or non-string one is named as such. */
function shownPath(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) return '(no path given)';
  const oneLine = value.replace(/[\r\n]+/g, ' ');
  return oneLine.length > MAX_SHOWN_PATH ? `${oneLine.slice(0, MAX_SHOWN_PATH)}…` : oneLine;
}
