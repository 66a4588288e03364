/**
 * The native dialogs: open (menu items and the renderer's `showOpenDialog`: a stack file, or a
 * folder of TIFFs or a run directory; only a chosen path comes back, never a handle), and the
 * confirmation main asks before a command deletes or overwrites (destructive-commands.ts).
 */
import { dialog, type BrowserWindow, type MessageBoxOptions, type OpenDialogOptions } from 'electron';
import type { OpenDialogKind } from '../app/api/contract.js';
import type { DestructiveAction } from './destructive-commands.js';

/** The stack formats the engine reads (TIFF family); "All files" too, since extensions vary in labs. */
const STACK_FILTERS = [
  { name: 'TIFF stacks', extensions: ['tif', 'tiff', 'btf', 'tf8'] },
  { name: 'All files', extensions: ['*'] },
];

/** The chosen path, or null when the user cancelled. */
export async function chooseOpenPath(
  window: BrowserWindow | null,
  options: { kind: OpenDialogKind; title?: string },
): Promise<string | null> {
  const dialogOptions: OpenDialogOptions =
    options.kind === 'file'
      ? { title: options.title ?? 'Open stack', properties: ['openFile'], filters: STACK_FILTERS }
      : { title: options.title ?? 'Open folder', properties: ['openDirectory'] };
  const result = window
    ? await dialog.showOpenDialog(window, dialogOptions)
    : await dialog.showOpenDialog(dialogOptions);
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
}

/** Index of the yes button in the confirmation; Cancel is 0, so Esc, closing the box and Enter all say no. */
const CONFIRM_BUTTON = 1;

/**
 * Asks the user, modal to `window` (the window whose page asked), whether `action` may go ahead.
 * True only for the yes button: Cancel is the default and the cancel id, and a dialog that
 * fails to show counts as no.
 */
export async function confirmDestructive(
  window: BrowserWindow | null,
  action: DestructiveAction,
): Promise<boolean> {
  const options: MessageBoxOptions = {
    type: 'warning',
    title: 'Isotrope',
    message: action.question,
    detail: action.detail,
    buttons: ['Cancel', action.confirmLabel],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
  try {
    const answer = window
      ? await dialog.showMessageBox(window, options)
      : await dialog.showMessageBox(options);
    return answer.response === CONFIRM_BUTTON;
  } catch (e) {
    console.error(
      `isotrope: the confirmation could not be shown (${(e as Error).message}); ${action.refusal}`,
    );
    return false;
  }
}
