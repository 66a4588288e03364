/**
 * Quitting while jobs run asks first. Yes stops each job the gentle way (cancelJob: training
 * writes its checkpoint, a run finishes its unit in progress) for a few seconds at most, then
 * the engine host is stopped; a run cut off harder still resumes exactly from its journal.
 */
import { dialog, type App, type BrowserWindow } from 'electron';
import type { EngineClient } from '../app/api/contract.js';
import type { JobTracker } from './job-tracker.js';

/** How long quitting waits for jobs to stop on their own before stopping the engine. */
const STOP_GRACE_MS = 10_000;

export function quitGuard(options: {
  app: App;
  jobs: JobTracker;
  engine: EngineClient;
  window(): BrowserWindow | null;
}): void {
  const { app, jobs, engine } = options;
  let confirmed = false;
  app.on('before-quit', (event) => {
    if (confirmed || !jobs.busy) return;
    event.preventDefault();
    const count = jobs.active.length;
    const window = options.window();
    const box = {
      type: 'warning' as const,
      title: 'Jobs are running',
      message: `${count} job${count === 1 ? ' is' : 's are'} still running. Quit anyway?`,
      detail:
        'Runs stop after the unit in progress and can be resumed the next time Isotrope starts; training keeps its last checkpoint.',
      buttons: ['Quit', 'Keep running'],
      defaultId: 1,
      cancelId: 1,
    };
    void (window ? dialog.showMessageBox(window, box) : dialog.showMessageBox(box)).then(
      async ({ response }) => {
        if (response !== 0) return;
        confirmed = true;
        const stopping = jobs.active.map((job) =>
          engine.call('cancelJob', { jobId: job.jobId }).catch(() => undefined),
        );
        await Promise.race([Promise.all(stopping), new Promise((done) => setTimeout(done, STOP_GRACE_MS))]);
        app.quit();
      },
    );
  });
  app.on('will-quit', () => engine.close());
}
