/**
 * At start-up, the app offers to resume the runs that stopped before they were done (the app
 * was quit, the machine rebooted, the engine crashed). Runs continue bit-for-bit where they
 * stopped, so resuming is always safe; the user may still say not now.
 */
import { dialog, type BrowserWindow } from 'electron';
import type { EngineClient, RunSummary } from '../app/api/contract.js';

/** Runs that are stopped, not finished, and not being worked on by this engine. */
export function unfinishedRuns(runs: readonly RunSummary[]): RunSummary[] {
  return runs.filter(
    (run) =>
      run.jobId === null &&
      run.status !== null &&
      run.status.state === 'stopped' &&
      run.status.unitsDone < run.status.unitsTotal,
  );
}

/** Asks once; resumes every listed run when the user agrees. Returns the run directories resumed. */
export async function offerResume(window: BrowserWindow, engine: EngineClient): Promise<string[]> {
  const runs = unfinishedRuns((await engine.call('listRuns', {})).runs);
  if (runs.length === 0) return [];
  const lines = runs.map((r) => `${r.runDir} — ${r.status!.unitsDone} of ${r.status!.unitsTotal} units done`);
  const { response } = await dialog.showMessageBox(window, {
    type: 'question',
    title: 'Unfinished runs',
    message:
      runs.length === 1
        ? 'A run stopped before it finished. Resume it?'
        : `${runs.length} runs stopped before they finished. Resume them?`,
    detail: `${lines.join('\n')}\n\nThey continue from their last finished unit; the result is the same as an uninterrupted run.`,
    buttons: ['Resume', 'Not now'],
    defaultId: 0,
    cancelId: 1,
  });
  if (response !== 0) return [];
  const resumed: string[] = [];
  for (const run of runs) {
    try {
      await engine.call('resumeRun', { runDir: run.runDir });
      resumed.push(run.runDir);
    } catch (e) {
      dialog.showErrorBox('Could not resume a run', `${run.runDir}: ${(e as Error).message}`);
    }
  }
  return resumed;
}
