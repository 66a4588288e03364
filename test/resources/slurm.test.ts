/**
 * resources/slurm/isotrope-array.sbatch under a real Slurm (Debian's slurm-wlm on one node of
 * localhost, test/helpers/slurm-cluster.ts), submitted as its README tells users: a 3-task array
 * over a generated stack. One task is cancelled mid-run (`scancel`), another gets the time-limit
 * warning the script asks for (`--signal=B:USR1`); the others finish; the same command submitted
 * again resumes both. The finalize job of the broken array must be dropped rather than wait
 * forever, the new array's must run once, and output.zarr, mips/ and preview/ must be
 * byte-identical to one `isotrope run` + `isotrope finalize` on one machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI } from '../helpers/cli-process.js';
import { tempDir } from '../helpers/fixtures.js';
import { slurmUnavailable, startSlurmCluster, type SlurmCluster } from '../helpers/slurm-cluster.js';
import { queueDrained, slurmJobs, taskStates } from '../helpers/slurm-jobs.js';
import { runFixture, sameFolders } from '../run/run-fixture.js';

const SCRIPT = join(import.meta.dirname, '../../resources/slurm/isotrope-array.sbatch');
const TASKS = 3;
/** Small units, so that each shard has enough of them (25) to be caught mid-run. */
const OPTIONS = ['--unit', '16', '--unit-z', '8', '--backend', 'ort-cpu', '--dtype', 'uint16'];

function unavailable(): string | undefined {
  const reasons = [slurmUnavailable(), existsSync(CLI) ? undefined : 'dist/app/cli.js is not built'];
  const reason = reasons.filter(Boolean).join('; ');
  if (reason && process.env.ISOTROPE_SLURM_REQUIRED) throw new Error(`Slurm test required but: ${reason}`);
  return reason || undefined;
}
const reason = unavailable();

function isotrope(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under `dir` (relative path → bytes), temp files excluded. */
function filesUnder(dir: string): Map<string, Buffer> {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  return new Map(
    entries
      .filter((entry) => entry.isFile() && !entry.name.includes('.tmp'))
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [path.slice(dir.length + 1), readFileSync(path)] as const;
      })
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

const journalLines = (run: string, task: number): number => {
  const path = join(run, `journal.${task}-of-${TASKS}.ndjson`);
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).length : 0;
};

describe.skipIf(reason !== undefined)(
  `isotrope-array.sbatch under a real Slurm${reason ? ` (skipped: ${reason})` : ''}`,
  () => {
    const dir = tempDir('isotrope-slurm-');
    let cluster: SlurmCluster;
    let input: string;
    let model: string;
    let env: NodeJS.ProcessEnv;
    const submitDir = join(dir.path, 'submit');
    const run = join(dir.path, 'run');

    beforeAll(async () => {
      cluster = await startSlurmCluster(join(dir.path, 'slurm'));
      ({ input, model } = await runFixture(dir.path, false, { x: 96, y: 80, z: 48 }));
      // `isotrope` on PATH as an installed one would be: the built CLI behind a wrapper.
      const bin = join(dir.path, 'bin');
      mkdirSync(bin);
      writeFileSync(join(bin, 'isotrope'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`, {
        mode: 0o755,
      });
      mkdirSync(submitDir);
      env = { ...cluster.env, PATH: `${bin}:${process.env.PATH}`, ISOTROPE_OPTIONS: OPTIONS.join(' ') };
    }, 60_000);
    afterAll(async () => {
      await cluster?.stop();
      // dir.remove();
    });

    /** The README's command, with this test's array size. @returns the array's job id */
    const submit = (): string =>
      cluster
        .command(
          'sbatch',
          ['--parsable', `--export=ALL,INPUT=${input},MODEL=${model},RUN=${run}`, `--array=0-${TASKS - 1}`, SCRIPT],
          { cwd: submitDir, env },
        )
        .trim();
    const finalizeJobs = (): ReturnType<typeof slurmJobs> =>
      slurmJobs(cluster).filter((job) => job.name.startsWith('isotrope-finalize-'));
    const log = (name: string): string => readFileSync(join(submitDir, name), 'utf8');

    test('a cancelled and a timed-out task resume on re-submission; finalize runs once; bytes as on one machine', async () => {
      const t0 = Date.now(); const T = (m: string) => console.log(`${((Date.now()-t0)/1000).toFixed(1)} ${m}`);
      const first = submit();
      // Both victims must have journaled some of their 25 units, and not all of them.
      const deadline = Date.now() + 90_000;
      while (journalLines(run, 1) < 2 || journalLines(run, 2) < 2) {
        if (Date.now() > deadline) throw new Error(`the tasks never got going:\n${cluster.logs()}`);
        await delay(20);
      }
      T(`cancel at ${journalLines(run,0)} ${journalLines(run,1)} ${journalLines(run,2)}`);
      cluster.command('scancel', [`${first}_1`]);
      // What --signal=B:USR1@300 sends before the time limit, now.
      cluster.command('scancel', ['--batch', '--signal=USR1', `${first}_2`]);
      await queueDrained(cluster);
      T(`drained1 ${journalLines(run,0)} ${journalLines(run,1)} ${journalLines(run,2)}`);
      expect(taskStates(cluster, first)).toEqual({ 0: 'COMPLETED', 1: 'CANCELLED', 2: 'FAILED' });
      expect(journalLines(run, 1)).toBeLessThan(25);
      expect(journalLines(run, 2)).toBeLessThan(25);
      expect(log(`isotrope-${first}_2.log`)).toMatch(/time limit near, stopping shard 2\/3/);
      expect(log(`isotrope-${first}_2.log`)).toMatch(/submit the same command again to resume it/);
      // The finalize job of the broken array was dropped by Slurm, not left waiting forever.
      expect(finalizeJobs().map((job) => [job.state, job.reason])).toEqual([
        ['CANCELLED', 'DependencyNeverSatisfied'],
      ]);
      const stopped = JSON.parse(isotrope(['status', run, '--json']).stdout);
      expect(stopped).toMatchObject({ state: 'stopped', finalized: false });

      const second = submit();
      await queueDrained(cluster);
      T('drained2');
      expect(taskStates(cluster, second)).toEqual({ 0: 'COMPLETED', 1: 'COMPLETED', 2: 'COMPLETED' });
      const finalizes = finalizeJobs();
      expect(finalizes.map((job) => job.state)).toEqual(['CANCELLED', 'COMPLETED']);
      const ran = finalizes[1];
      expect(readdirSync(submitDir).filter((f) => f.startsWith('isotrope-finalize-'))).toEqual([
        `isotrope-finalize-${ran.jobId}.log`,
      ]);
      expect(log(`isotrope-finalize-${ran.jobId}.log`)).toMatch(/"finalized":true/);
      const done = JSON.parse(isotrope(['status', run, '--json']).stdout);
      expect(done).toMatchObject({ state: 'done', finalized: true, unitsDone: done.unitsTotal });

      const reference = join(dir.path, 'reference');
      const single = isotrope(['run', input, '--model', model, '--out', reference, ...OPTIONS]);
      expect(single.status, single.stderr).toBe(0);
      expect(isotrope(['finalize', reference]).status).toBe(0);
      T('ref');
      for (const f of readdirSync(submitDir)) console.log('== '+f+'\n'+log(f));
      const want = filesUnder(join(reference, 'output.zarr'));
      const got = filesUnder(join(run, 'output.zarr'));
      expect([...got.keys()]).toEqual([...want.keys()]);
      for (const [name, bytes] of want) expect(got.get(name)!.equals(bytes), name).toBe(true);
      expect(sameFolders(join(run, 'mips'), join(reference, 'mips'))).toBe(true);
      expect(sameFolders(join(run, 'preview'), join(reference, 'preview'))).toBe(true);
    }, 240_000);
  },
);
