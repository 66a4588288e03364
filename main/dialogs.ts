/**
 * The native open dialogs (menu items and the renderer's `showOpenDialog`): a stack file, or a
 * folder (a folder of TIFFs, a run directory). Only a chosen path comes back, never a handle.
 */
import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import type { OpenDialogKind } from '../app/api/contract.js';

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
