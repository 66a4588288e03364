/**
 * resources/slurm/isotrope-array.sbatch under a real Slurm (Debian's slurm-wlm on one node of
 * localhost, test/helpers/slurm-cluster.ts), submitted as its README tells users: a 3-task array
 * over a generated stack. Task 1 is cancelled mid-run (`scancel`: the SIGTERM a time limit or a
 * preemption sends too) while the others finish; the same command submitted again resumes it,
 * and it is cancelled again; then only that task is submitted. Each broken array's finalize job
 * must be dropped rather than wait forever, the last one must run, once, and output.zarr, mips/
 * and preview/ must be byte-identical to one `isotrope run` + `isotrope finalize` on one machine.
 */
import { spawn, spawnSync } from 'node:child_process';
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

/** `isotrope run` + `isotrope finalize` of the same input and model, each in one process; throws with its stderr. */
async function singleMachine(input: string, model: string, out: string): Promise<void> {
  for (const args of [
    ['run', input, '--model', model, '--out', out, ...OPTIONS],
    ['finalize', out],
  ]) {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`isotrope ${args[0]} exited ${code}: ${stderr}`);
  }
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
      dir.remove();
    });

    /** The README's command (tasks 0–2, or those of `array`). @returns the array's job id */
    const submit = (array = `0-${TASKS - 1}`): string =>
      cluster
        .command(
          'sbatch',
          ['--parsable', `--export=ALL,INPUT=${input},MODEL=${model},RUN=${run}`, `--array=${array}`, SCRIPT],
          { cwd: submitDir, env },
        )
        .trim();
    const finalizeJobs = (): string[][] =>
      slurmJobs(cluster)
        .filter((job) => job.name.startsWith('isotrope-finalize-'))
        .map((job) => [job.jobId, job.state, job.reason]);
    const log = (name: string): string => readFileSync(join(submitDir, name), 'utf8');
    /** Resolves once task `task`'s shard has journaled `units` units. */
    const journaled = async (task: number, units: number): Promise<void> => {
      const deadline = Date.now() + 90_000;
      while (journalLines(run, task) < units) {
        if (Date.now() > deadline)
          throw new Error(`shard ${task} never reached ${units} units:\n${cluster.logs()}`);
        await delay(20);
      }
    };

    test('a task cancelled mid-run resumes when submitted again; finalize runs once; bytes as on one machine', async () => {
      // What the cluster's result must equal, computed meanwhile.
      const reference = join(dir.path, 'reference');
      const referenceDone = singleMachine(input, model, reference);
      referenceDone.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      // The README's command; task 1 is cancelled once it has journaled some of its 25 units.
      const first = submit();
      await journaled(1, 2);
      cluster.command('scancel', [`${first}_1`]);
      await queueDrained(cluster);
      expect(taskStates(cluster, first)).toEqual({ 0: 'COMPLETED', 1: 'CANCELLED', 2: 'COMPLETED' });
      const cut = journalLines(run, 1);
      expect(cut).toBeLessThan(25);
      expect(log(`isotrope-${first}_1.log`)).toMatch(/shard 1\/3 stopped .*submit the same command again/);
      // Its finalize job was dropped by Slurm, not left pending forever.
      expect(finalizeJobs().map(([, ...rest]) => rest)).toEqual([['CANCELLED', 'DependencyNeverSatisfied']]);
      expect(JSON.parse(isotrope(['status', run, '--json']).stdout)).toMatchObject({
        state: 'stopped',
        finalized: false,
      });

      // The same command again: shards 0 and 2 have nothing left, shard 1 resumes and is cancelled again.
      const second = submit();
      await journaled(1, cut + 2);
      cluster.command('scancel', [`${second}_1`]);
      await queueDrained(cluster);
      expect(taskStates(cluster, second)).toEqual({ 0: 'COMPLETED', 1: 'CANCELLED', 2: 'COMPLETED' });
      expect(journalLines(run, 1)).toBeLessThan(25);

      // Only the cancelled task, as an admin resubmits one: its shard count is the run's, and it brings the finalize.
      const third = submit('1');
      await queueDrained(cluster);
      expect(taskStates(cluster, third)).toEqual({ 1: 'COMPLETED' });
      const finalizes = finalizeJobs();
      expect(finalizes.map(([, state]) => state)).toEqual(['CANCELLED', 'CANCELLED', 'COMPLETED']);
      const ran = finalizes[2][0];
      expect(readdirSync(submitDir).filter((f) => f.startsWith('isotrope-finalize-'))).toEqual([
        `isotrope-finalize-${ran}.log`,
      ]);
      expect(log(`isotrope-finalize-${ran}.log`)).toMatch(/"finalized":true/);
      const done = JSON.parse(isotrope(['status', run, '--json']).stdout);
      expect(done).toMatchObject({ state: 'done', finalized: true, unitsDone: done.unitsTotal });

      await referenceDone;
      const want = filesUnder(join(reference, 'output.zarr'));
      const got = filesUnder(join(run, 'output.zarr'));
      expect([...got.keys()]).toEqual([...want.keys()]);
      for (const [name, bytes] of want) expect(got.get(name)!.equals(bytes), name).toBe(true);
      expect(sameFolders(join(run, 'mips'), join(reference, 'mips'))).toBe(true);
      expect(sameFolders(join(run, 'preview'), join(reference, 'preview'))).toBe(true);
    }, 240_000);
  },
);
