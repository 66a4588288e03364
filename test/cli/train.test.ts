// `isotrope train` end to end through the built CLI: killed with SIGKILL mid-run, `--resume`
// finishes and writes a loadable model; bad usage fails with one line; a stack of 2 channels
// trains a model per channel (MODEL_DIR/c<k>) or the chosen one into MODEL_DIR.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateSample } from '../../app/sample/generate.js';
import { loadModel } from '../../app/sr/model-dir.js';
import { loadCheckpoint } from '../../app/sr/training/checkpoint.js';
import { writeChannelStack } from '../sr/training/channel-stack.js';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'app', 'cli.js');
let dir: string;
let stack: string;

/** Newest modification time of the sources the built CLI's train command comes from. */
function newestSource(): number {
  const files = [
    join(root, 'app', 'cli.ts'),
    join(root, 'app', 'cli', 'train.ts'),
    join(root, 'app', 'cli', 'progress.ts'),
    ...readdirSync(join(root, 'app', 'sr', 'training')).map((f) => join(root, 'app', 'sr', 'training', f)),
  ];
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

beforeAll(async () => {
  const built = join(root, 'dist', 'app', 'cli', 'train.js');
  if (!existsSync(built) || statSync(built).mtimeMs < newestSource()) {
    // tsc emits even when unrelated files fail to type-check; the existence check below is what counts.
    spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'ignore' });
  }
  expect(existsSync(built)).toBe(true);
  dir = mkdtempSync(join(tmpdir(), 'isotrope-cli-train-'));
  stack = (await generateSample(join(dir, 'sample'), { size: { x: 96, y: 96, z: 24 }, seed: 4 })).stack;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const common = ['--preset', 'tiny', '--backend', 'ort-cpu', '--seed', '3', '--checkpoint-every', '0.5'];

describe('isotrope train', () => {
  test('kill -9 mid-run, then --resume finishes and writes the model', async () => {
    const out = join(dir, 'model');
    const child = spawn(process.execPath, [cli, 'train', stack, '--out', out, ...common, '--time', '30'], {
      stdio: 'ignore',
    });
    const ckpt = join(out, 'checkpoint.json');
    const deadline = Date.now() + 30_000;
    while (!existsSync(ckpt) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 700)); // mid-run: past the first checkpoint
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const killedAt = (await loadCheckpoint(out)).state;
    expect(killedAt.stopped).toBeNull();
    expect(killedAt.step).toBeGreaterThan(0);
    // Resume under a budget just past what the checkpoint had used, so it finishes quickly.
    const r = run([
      'train',
      stack,
      '--out',
      out,
      ...common,
      '--time',
      String(killedAt.elapsed + 1.5),
      '--resume',
    ]);
    expect(r.stderr).not.toMatch(/isotrope:/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/stopped\s+time-budget/);
    const after = (await loadCheckpoint(out)).state;
    expect(after.step).toBeGreaterThan(killedAt.step);
    const model = await loadModel(out);
    expect(model.meta.preset).toBe('tiny');
    expect(model.meta.training.steps).toBe(after.step);
  }, 90_000);

  test('resuming with other options is one clear error line', () => {
    const r = run(['train', stack, '--out', join(dir, 'model'), ...common, '--seed', '4', '--resume']);
    expect(r.status).toBe(1);
    const errors = r.stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('isotrope:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/checkpoint\.safetensors: made with other options \(seed/);
  }, 30_000);

  test('training afresh over the model is refused with one line; --force replaces it', () => {
    const out = join(dir, 'model');
    const before = statSync(join(out, 'model.safetensors')).mtimeMs;
    const refused = run(['train', stack, '--out', out, ...common, '--max-patches', '8']);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/already holds a model.*--resume.*--force/);
    expect(statSync(join(out, 'model.safetensors')).mtimeMs).toBe(before);
    const forced = run(['train', stack, '--out', join(dir, 'forced'), ...common, '--max-patches', '8']);
    expect(forced.status, forced.stderr).toBe(0);
    const again = run([
      'train',
      stack,
      '--out',
      join(dir, 'forced'),
      ...common,
      '--max-patches',
      '8',
      '--force',
    ]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/stopped\s+max-patches/);
  }, 60_000);
});

describe('isotrope train on a stack of 2 channels', () => {
  let twoChannel: string;
  beforeAll(async () => {
    twoChannel = await writeChannelStack(join(dir, 'two-channel.ome.tif'), {
      x: 64,
      y: 64,
      z: 16,
      c: 2,
      t: 1,
    });
  });

  test('writes MODEL_DIR/c0 and c1, each on its channel; the lines name the channel training', async () => {
    const out = join(dir, 'per-channel');
    const r = run(['train', twoChannel, '--out', out, ...common, '--max-patches', '8']);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(out, 'model.safetensors'))).toBe(false);
    expect((await loadModel(join(out, 'c0'))).channel).toBe(0);
    expect((await loadModel(join(out, 'c1'))).channel).toBe(1);
    expect(r.stderr).toMatch(/training channel 0 \(1 of 2\)\n[^]*training channel 1 \(2 of 2\)/);
    expect(r.stdout).toMatch(/channel\s+0\nmodel\s+\S+c0[/\\]model\.safetensors\nstopped\s+max-patches/);
    expect(r.stdout).toMatch(/channel\s+1\nmodel\s+\S+c1[/\\]model\.safetensors\nstopped\s+max-patches/);
  }, 60_000);

  test('--channel 1 trains one model into MODEL_DIR; --channel 5 is one clear error line', async () => {
    const out = join(dir, 'channel-1');
    const r = run(['train', twoChannel, '--out', out, ...common, '--max-patches', '8', '--channel', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect((await loadModel(out)).channel).toBe(1);
    expect(r.stderr).toMatch(/training channel 1 \(1 of 1\)/);
    const refused = run(['train', twoChannel, '--out', join(dir, 'channel-5'), ...common, '--channel', '5']);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toEqual([
      `isotrope: ${twoChannel}: --channel 5: channel 5 is out of range: the stack has 2 channels (0–1)`,
    ]);
    expect(existsSync(join(dir, 'channel-5'))).toBe(false);
  }, 60_000);
});
