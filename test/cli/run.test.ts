// `isotrope run / resume / status / finalize / compare` end to end through the built CLI with
// the real OME-Zarr store: a run killed with SIGKILL at several random points (mid-unit or
// between units) and resumed writes output.zarr chunks and MIP / preview partials byte-identical
// to an uninterrupted run, and level 0 is the whole-volume result; status --json keeps its
// contract while running and after a kill.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDir, seeded } from '../helpers/fixtures.js';
import { runFixture, sameFolders } from '../run/run-fixture.js';
import { runStatus } from '../../app/run/status.js';
import { backendFixture } from '../compute/backend-fixture.js';
import { readManifest } from '../../app/run/manifest.js';
import { toOutputDtype } from '../../app/run/convert.js';
import { openVolume } from '../../app/volume/open.js';
import { openOmeZarr, fullBox } from '../../app/volume/zarr/index.js';
import { readVolumeFloat32, superResolveArray } from '../../app/sr/inference/whole-volume.js';
import { loadModel } from '../../app/sr/model-dir.js';
import { createRunner } from '../../app/sr/networks/runner.js';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'app', 'cli.js');
const dir = tempDir('isotrope-cli-run-');
let input: string;
let model: string;

function newestSource(): number {
  const dirs = ['app/run', 'app/cli', 'app/sr', 'app/volume/zarr'].map((d) => join(root, d));
  const files = [
    join(root, 'app', 'cli.ts'),
    ...dirs.flatMap((d) =>
      readdirSync(d)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(d, f)),
    ),
  ];
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

beforeAll(async () => {
  const built = join(root, 'dist', 'app', 'cli', 'run.js');
  if (!existsSync(built) || statSync(built).mtimeMs < newestSource())
    spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'ignore' });
  expect(existsSync(built)).toBe(true);
  ({ input, model } = await runFixture(dir.path, false, { x: 96, y: 80, z: 14 }));
}, 120_000);
afterAll(() => dir.remove());

const runArgs = (out: string): string[] => [
  'run',
  input,
  '--model',
  model,
  '--out',
  out,
  '--unit',
  '16',
  '--unit-z',
  '8',
  '--backend',
  'ort-cpu',
  '--dtype',
  'uint16',
];
function cliSync(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const journalLines = (runDir: string): number =>
  existsSync(join(runDir, 'journal.ndjson'))
    ? readFileSync(join(runDir, 'journal.ndjson'), 'utf8').split('\n').filter(Boolean).length
    : 0;
const exited = (c: ChildProcess): Promise<number | null> =>
  new Promise((r) => {
    if (c.exitCode !== null || c.signalCode) r(c.exitCode);
    else c.once('exit', (code) => r(code));
  });

/** Every file under a zarr store (relative path → bytes), temp files excluded. */
function storeFiles(path: string, base = path, out = new Map<string, Buffer>()): Map<string, Buffer> {
  for (const e of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    if (e.isDirectory()) storeFiles(p, base, out);
    else if (!e.name.includes('.tmp')) out.set(relative(base, p), readFileSync(p));
  }
  return out;
}

describe('isotrope run (CLI, OME-Zarr)', () => {
  const fixture = backendFixture('ort-cpu');
  test('SIGKILL at random points + resume (on 1 thread or all) = uninterrupted run, byte for byte', async () => {
    const ref = join(dir.path, 'ref');
    const r = cliSync([...runArgs(ref), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const total = JSON.parse(r.stdout).unitsTotal as number;
    expect(total).toBe(5 * 4);
    const runDir = join(dir.path, 'killed');
    const rand = seeded(42);
    let kills = 0;
    for (let attempt = 0; attempt < 4; attempt++) {
      const done = journalLines(runDir);
      if (done >= total - 5) break;
      const child = spawn(
        process.execPath,
        [
          cli,
          ...(attempt === 0 ? runArgs(runDir) : ['resume', runDir, '--threads', String(1 + (attempt % 2))]),
        ],
        { stdio: 'ignore' },
      );
      const target = done + 1 + Math.floor(rand() * Math.min(6, total - done - 5));
      const extraMs = Math.floor(rand() * 40);
      while (journalLines(runDir) < target && child.exitCode === null)
        await new Promise((res) => setTimeout(res, 5));
      await new Promise((res) => setTimeout(res, extraMs));
      if (child.exitCode === null) {
        const s = await runStatus(runDir);
        child.kill('SIGKILL');
        expect(s.state).toMatch(/running|done/);
        kills++;
      }
      await exited(child);
    }
    expect(kills).toBeGreaterThanOrEqual(2);
    const stopped = JSON.parse(cliSync(['status', runDir, '--json']).stdout);
    expect(stopped.state).toBe('stopped');
    expect(stopped.unitsDone).toBeLessThan(total);
    expect(cliSync(['finalize', runDir]).stderr).toMatch(/units are not done yet/);
    const resumed = cliSync(['resume', runDir]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(JSON.parse(cliSync(['status', runDir, '--json']).stdout)).toMatchObject({
      state: 'done',
      unitsDone: total,
      unitsTotal: total,
    });
    const a = storeFiles(join(ref, 'output.zarr'));
    const b = storeFiles(join(runDir, 'output.zarr'));
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [k, v] of a) expect(v.equals(b.get(k)!), k).toBe(true);
    // The confidence map (on by default with both orientations) is among them, chunks and all.
    expect([...a.keys()].filter((k) => k.startsWith('disagreement/0/c/')).length).toBeGreaterThan(0);
    expect(sameFolders(join(runDir, 'mips'), join(ref, 'mips'))).toBe(true);
    expect(sameFolders(join(runDir, 'preview'), join(ref, 'preview'))).toBe(true);
    for (const d of [ref, runDir]) expect(cliSync(['finalize', d]).status).toBe(0);
    for (const f of ['mips/mip-sr-z.f32', 'mips/mip-bicubic-y.f32', 'preview/preview.f32']) {
      expect(readFileSync(join(runDir, f)).equals(readFileSync(join(ref, f))), f).toBe(true);
    }
  }, 80_000);

  test('the OME-Zarr level 0 holds the whole-volume result, as uint16', async (ctx) => {
    const active = await fixture.use();
    if (!active) return ctx.skip(fixture.why);
    const ref = join(dir.path, 'ref');
    const m = await readManifest(ref);
    const volume = await openVolume(input);
    const { data, dims } = await readVolumeFloat32(volume);
    await volume.close();
    const loaded = await loadModel(model);
    const net = await createRunner(active, loaded.meta.config, loaded.weights);
    const whole = await superResolveArray(data, dims, m.params.ratio, net, {
      normalisation: loaded.normalisation,
    });
    await net.dispose();
    const store = await openOmeZarr(join(ref, 'output.zarr'));
    const got = await store.readBox(0, fullBox(store.levels[0].shape));
    await store.close();
    const want = toOutputDtype(whole.sr, 'uint16');
    expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(want.buffer))).toBe(
      true,
    );
  }, 30_000);

  test('--threads 1 writes the same bytes as all cores', () => {
    const one = join(dir.path, 'one-thread');
    const r = cliSync([...runArgs(one), '--threads', '1', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ backend: 'ort-cpu', threads: 1 });
    const a = storeFiles(join(dir.path, 'ref', 'output.zarr'));
    const b = storeFiles(join(one, 'output.zarr'));
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [k, v] of a) expect(v.equals(b.get(k)!), k).toBe(true);
  }, 60_000);

  test('refuses a second run into the same directory and a bad --shard, with one clear line', () => {
    const again = cliSync(runArgs(join(dir.path, 'ref')));
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already holds this run: continue it with isotrope resume/);
    const bad = cliSync([...runArgs(join(dir.path, 'x')), '--shard', '3/2']);
    expect(bad.stderr).toMatch(/--shard 3\/2/);
    const none = cliSync(['status', join(dir.path, 'nothing'), '--json']);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/not a run directory/);
  }, 30_000);
});
