/**
 * The Electron main process: one instance, one window, the engine in a supervised
 * utilityProcess, the bridge's IPC, the native menu, and the rules that keep runs alive —
 * closing the window while a job runs leaves the app in the tray until the job ends, and the
 * next start offers to resume runs that stopped unfinished. The page comes from app://isotrope
 * (app-protocol.ts), every webContents is guarded (security.ts), and commands that delete or
 * overwrite wait for the user's yes in a native dialog (destructive-commands.ts).
 */
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import { join } from 'node:path';
import { IPC, type MenuAction } from '../app/api/contract.js';
import type { CommandName } from '../app/api/contract.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { chooseOpenPath, confirmDestructive } from './dialogs.js';
import { EngineSupervisor } from './engine-supervisor.js';
import { forwardEvents, fromMainFrameOf, registerIpc } from './ipc.js';
import { JobTracker } from './job-tracker.js';
import { installMenu } from './menu.js';
import { offerResume } from './resume-offer.js';
import { guardAllWebContents, hardenSession } from './security.js';
import { createTray, notifyFinished } from './tray.js';
import { forkUtilityHost } from './utility-host-port.js';
import { quitGuard } from './quit-guard.js';
import { createMainWindow } from './window.js';

/** Commands after which Open recent may have changed. */
const CHANGES_RECENT = new Set<CommandName>([
  'openVolume',
  'startTraining',
  'startRun',
  'addRun',
  'resumeRun',
]);
/** A run that crashed its host this often in a row is left stopped rather than resumed again. */
const MAX_AUTO_RESUMES = 3;

// Both before ready: Electron takes scheme privileges only then, and the guard must see the first webContents.
registerAppScheme(protocol);
guardAllWebContents(app);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app.setAppUserModelId('org.isotrope.app');
  void app.whenReady().then(start);
}

let window: BrowserWindow | null = null;
let tray: ReturnType<typeof createTray> | null = null;
let engine: EngineSupervisor;
const jobs = new JobTracker((job) => {
  if (!window?.isFocused()) notifyFinished(job, showWindow);
  tray?.update(jobs.active.length);
  if (!window && !jobs.busy) app.quit();
});

function start(): void {
  hardenSession(session.defaultSession);
  serveRenderer(protocol, join(import.meta.dirname, '../renderer'));
  engine = new EngineSupervisor({
    spawn: () =>
      forkUtilityHost(
        join(app.getAppPath(), 'dist/app/api/engine-host.js'),
        join(app.getAppPath(), 'dist/app/api/jobs/worker.js'),
      ),
    onCrash: ({ code, attempt, delayMs }) => {
      console.error(`isotrope: engine host exited (code ${code}); restart ${attempt} in ${delayMs} ms`);
      const runs = jobs.active.filter((job) => job.kind === 'run').map((job) => job.target);
      jobs.forgetAll();
      tray?.update(0);
      if (attempt <= MAX_AUTO_RESUMES)
        for (const runDir of runs) engine.call('resumeRun', { runDir }).catch(() => undefined);
    },
  });
  engine.onEvent((event) => {
    jobs.observe(event);
    tray?.update(jobs.active.length);
  });
  forwardEvents(engine, () => (window && !window.isDestroyed() ? window.webContents : null));
  registerIpc({
    ipcMain,
    engine,
    isTrusted: fromMainFrameOf(() => window),
    showOpenDialog: (kind) => chooseOpenPath(window, { kind }),
    confirmDestructive: (action, sender) => confirmDestructive(BrowserWindow.fromWebContents(sender), action),
    onCommandDone: (command) => {
      if (CHANGES_RECENT.has(command)) refreshMenu();
    },
  });
  refreshMenu();
  showWindow();
  window!.webContents.once('did-finish-load', () => {
    void offerResume(window!, engine)
      .then((runDirs) => runDirs.forEach((runDir) => sendMenu({ action: 'showRun', runDir })))
      .catch((e: Error) => console.error(`isotrope: resume offer failed: ${e.message}`));
  });
  quitGuard({ app, jobs, engine, window: () => window });
  app.on('window-all-closed', () => {
    // Jobs keep running without a window; the tray says so and brings the window back.
    if (jobs.busy) tray ??= createTray({ showWindow, quit: () => app.quit() });
    else app.quit();
    tray?.update(jobs.active.length);
  });
  app.on('activate', () => showWindow());
}

function showWindow(): void {
  if (!app.isReady()) return;
  if (window && !window.isDestroyed()) {
    if (window.isMinimized()) window.restore();
    window.focus();
    return;
  }
  window = createMainWindow({
    preload: join(import.meta.dirname, '../preload/index.cjs'),
    devServerUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
    stateFile: join(app.getPath('userData'), 'window-state.json'),
  });
  window.on('closed', () => {
    window = null;
  });
  tray?.destroy();
  tray = null;
}

/** Menu actions go to the window, opening it first (and waiting for its page) when it was closed. */
function sendMenu(action: MenuAction): void {
  const open = window && !window.isDestroyed();
  showWindow();
  if (open) window!.webContents.send(IPC.menu, action);
  else window!.webContents.once('did-finish-load', () => window?.webContents.send(IPC.menu, action));
}

function refreshMenu(): void {
  void engine
    .call('recentFiles', {})
    .then(
      (r) => r.files,
      () => [],
    )
    .then((recent) =>
      installMenu({
        platform: process.platform,
        recent,
        send: sendMenu,
        choose: (kind, title) => chooseOpenPath(window, { kind, title }),
      }),
    );
}
