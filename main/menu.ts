/**
 * The native application menu. Its file actions do not act themselves: they reach the
 * renderer as `MenuAction`s (bridge.ts), which does the work through the engine API like any
 * button would. The template is a pure function of its options, so it is tested without Electron.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuAction, OpenDialogKind, RecentFile } from '../app/api/contract.js';

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** From the engine's `recentFiles`, newest first; [] when the engine could not say. */
  recent: readonly RecentFile[];
  /** Delivers an action to the renderer. */
  send(action: MenuAction): void;
  /** Shows an open dialog; the chosen path or null. */
  choose(kind: OpenDialogKind, title: string): Promise<string | null>;
}

/** Open recent lists this many entries: enough for a week's stacks, short enough to scan. */
export const RECENT_LIMIT = 10;

export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { send, choose } = options;
  const pick = (kind: OpenDialogKind, title: string, toAction: (path: string) => MenuAction) => () => {
    void choose(kind, title).then((path) => {
      if (path) send(toAction(path));
    });
  };
  const mac = options.platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      {
        id: 'open-stack',
        label: 'Open stack…',
        accelerator: 'CmdOrCtrl+O',
        click: pick('file', 'Open stack', (path) => ({ action: 'open', path })),
      },
      {
        id: 'open-folder',
        label: 'Open folder…',
        accelerator: 'CmdOrCtrl+Shift+O',
        click: pick('folder', 'Open folder of TIFFs', (path) => ({ action: 'open', path })),
      },
      { id: 'open-recent', label: 'Open recent', submenu: recentItems(options.recent, send) },
      { type: 'separator' },
      {
        id: 'resume-run',
        label: 'Resume run…',
        click: pick('folder', 'Choose a run directory to resume', (runDir) => ({
          action: 'resumeRun',
          runDir,
        })),
      },
      { id: 'export', label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => send({ action: 'export' }) },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  return [
    ...(mac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about', label: 'About Isotrope' }] },
  ];
}

function recentItems(
  recent: readonly RecentFile[],
  send: (action: MenuAction) => void,
): MenuItemConstructorOptions[] {
  if (recent.length === 0) return [{ label: 'No recent files', enabled: false }];
  return recent.slice(0, RECENT_LIMIT).map((file) => ({
    label: file.path,
    sublabel: file.kind,
    click: () =>
      send(
        file.kind === 'volume'
          ? { action: 'open', path: file.path }
          : file.kind === 'run'
            ? { action: 'showRun', runDir: file.path }
            : { action: 'showModel', modelDir: file.path },
      ),
  }));
}

/** Builds and installs the template as the application menu. */
export function installMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(options)));
}
