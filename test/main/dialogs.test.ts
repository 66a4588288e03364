/** The native confirmation before a destructive command: modal to the asking window, Cancel the default, a failure a no. */
import { describe, expect, it, vi } from 'vitest';
import { electron, FakeBrowserWindow } from './fake-electron.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electron);
const { confirmDestructive } = await import('../../main/dialogs.js');
const { destructiveActionOf } = await import('../../main/destructive-commands.js');

const action = destructiveActionOf('cancelRun', { runDir: '/data/run', deleteOutput: true })!;

describe('confirmDestructive', () => {
  it('asks on the window, with Cancel first, the default and the cancel button', async () => {
    const window = new FakeBrowserWindow({});
    electron.dialog.showMessageBox.mockReset().mockResolvedValue({ response: 1, checkboxChecked: false });
    expect(await confirmDestructive(window as never, action)).toBe(true);
    expect(electron.dialog.showMessageBox).toHaveBeenCalledWith(window, {
      type: 'warning',
      title: 'Isotrope',
      message: 'Delete the run folder /data/run?',
      detail: action.detail,
      buttons: ['Cancel', 'Delete'],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    });
  });

  it('is a no for Cancel (Esc, closing the box) and for a dialog that fails', async () => {
    electron.dialog.showMessageBox.mockReset().mockResolvedValue({ response: 0, checkboxChecked: false });
    expect(await confirmDestructive(null, action)).toBe(false);
    expect(electron.dialog.showMessageBox.mock.calls[0]).toHaveLength(1);
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    electron.dialog.showMessageBox.mockReset().mockRejectedValue(new Error('no display'));
    expect(await confirmDestructive(null, action)).toBe(false);
    quiet.mockRestore();
  });
});
