/**
 * The tray icon shown while jobs run with no window open (runs continue after the window
 * closes), and the system notification when a job ends.
 */
import { Menu, nativeImage, Notification, Tray } from 'electron';
import { finishedNotice } from './job-tracker.js';
import { trayIconBitmap } from './tray-icon.js';
import type { JobInfo } from '../app/api/contract.js';

export interface TrayActions {
  showWindow(): void;
  quit(): void;
}

/** Tray icons are 16–22 px on every platform; 32 px scales down cleanly (and up on HiDPI panels). */
const ICON_SIZE = 32;

/** A tray icon whose tooltip says how many jobs run; `update` refreshes it, `destroy` removes it. */
export function createTray(actions: TrayActions): { update(jobs: number): void; destroy(): void } {
  const icon = nativeImage.createFromBitmap(trayIconBitmap(ICON_SIZE), {
    width: ICON_SIZE,
    height: ICON_SIZE,
  });
  const tray = new Tray(icon);
  const update = (jobs: number): void => {
    const status = jobs === 0 ? 'No jobs running' : `${jobs} job${jobs === 1 ? '' : 's'} running`;
    tray.setToolTip(`Isotrope — ${status}`);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: status, enabled: false },
        { label: 'Show Isotrope', click: actions.showWindow },
        { type: 'separator' },
        { label: 'Quit', click: actions.quit },
      ]),
    );
  };
  tray.on('click', actions.showWindow);
  return { update, destroy: () => tray.destroy() };
}

/** A system notification that a job ended (silently skipped where the OS has none); clicking it shows the window. */
export function notifyFinished(job: JobInfo, onClick: () => void): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification(finishedNotice(job));
  notification.on('click', onClick);
  notification.show();
}
