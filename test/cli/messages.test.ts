/**
 * Every error of the real CLI (built JavaScript, a child process) is one line on stderr that
 * says what to do next, exit status 1, nothing on stdout. One case per message fixed for
 * issue 16: the line's problem and its way forward.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRun } from '../../app/run/create-run.js';
import { createOmeZarr, fullBox } from '../../app/volume/zarr/index.js';
import { saveIdentityModel } from '../helpers/identity-model.js';
import { randomStack, tempDir, writeOmeStack } from '../helpers/fixtures.js';

const CLI = join(import.meta.dirname, '../../dist/app/cli.js');
const README = join(import.meta.dirname, '../../README.md');
const dir = tempDir();
afterAll(() => dir.remove());
const stack = join(dir.path, 'stack.ome.tif');
const model = join(dir.path, 'model');
const notARun = join(dir.path, 'notes');
const missing = join(dir.path, 'missing');
const runDir = join(dir.path, 'run');
/** A run folder holding only a two-level output.zarr, as export reads one. */
const pyramidRun = join(dir.path, 'pyramid-run');
/** Where no folder can be made: Linux answers ENOENT under /proc, and Node's recursive mkdir used to loop. */
const underProc = '/proc/isotrope-no-such/out';

beforeAll(async () => {
  if (!existsSync(CLI)) execFileSync('npm', ['run', 'build'], { cwd: join(import.meta.dirname, '../..') });
  await writeOmeStack(stack, { x: 16, y: 16, z: 4 });
  await saveIdentityModel(model);
  mkdirSync(notARun);
  writeFileSync(join(notARun, 'notes.txt'), 'not a stack\n');
  // A run with no unit done: enough for its refusals, no engine needed.
  await createRun({ input: stack, model, runDir, unit: 8 });
  const shape = { x: 16, y: 16, z: 8 };
  const store = await createOmeZarr(join(pyramidRun, 'output.zarr'), {
    shape,
    chunk: { x: 16, y: 8, z: 4 },
    dtype: 'uint16',
    voxelSize: { x: 0.3, y: 0.3, z: 0.3 },
    levels: 2,
  });
  await store.writeBox(0, fullBox(shape), randomStack('uint16', shape.x, shape.y, shape.z, 3));
  await store.downsample(0);
}, 120_000);

/** Runs `isotrope ARGS`; expects the failure contract and returns its one stderr line. */
function refusal(...args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  // A command that hangs (killed at the timeout) has status null, not 1.
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  return lines[0];
}

describe('option errors: one line and a --help hint, not the whole usage', () => {
  it('a missing required option', () => {
    expect(refusal('run', stack, '--out', join(dir.path, 'r'))).toBe(
      "isotrope: required option '--model <dir>' not specified (see isotrope run --help)",
    );
  });

  it('an unknown option, with commander’s suggestion in the same line', () => {
    expect(refusal('run', stack, '--model', model, '--out', join(dir.path, 'r'), '--modle', 'x')).toBe(
      "isotrope: unknown option '--modle': did you mean --model? (see isotrope run --help)",
    );
  });

  it('an unknown command names the program’s help', () => {
    expect(refusal('rnu')).toMatch(/^isotrope: unknown command 'rnu'.* \(see isotrope --help\)$/);
  });

  it('a bad value', () => {
    expect(refusal('run', stack, '--model', model, '--out', join(dir.path, 'r'), '--unit', 'x')).toBe(
      'isotrope: --unit x: expected a positive integer (see isotrope run --help)',
    );
  });

  it('a bad --shard is an option error too', () => {
    expect(refusal('resume', join(dir.path, 'r'), '--shard', '3/2')).toBe(
      'isotrope: --shard 3/2: expected i/n with 0 ≤ i < n, e.g. 0/4 (see isotrope resume --help)',
    );
  });

  it('a --backend no engine has, refused before the run directory is made', () => {
    const out = join(dir.path, 'bad-backend');
    expect(refusal('run', stack, '--model', model, '--out', out, '--backend', 'bogus')).toMatch(
      /^isotrope: --backend bogus: unknown backend; expected one of auto, .* \(see isotrope run --help\)$/,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('run: the input and the model', () => {
  it('--model where there is no folder says so and how to train one', () => {
    expect(refusal('run', stack, '--model', missing, '--out', join(dir.path, 'r'))).toBe(
      `isotrope: ${missing}: no such folder, so no model in it: train one with isotrope train VOLUME --out ${missing}`,
    );
  });

  it('--model naming the model.safetensors file says to pass its folder', () => {
    const file = join(model, 'model.safetensors');
    expect(refusal('run', stack, '--model', file, '--out', join(dir.path, 'r'))).toBe(
      `isotrope: ${file}: a file, not a model directory: pass the folder that holds model.safetensors, --model ${model}`,
    );
  });

  it('an input that is not a TIFF names its path once and what run reads', () => {
    const line = refusal('run', README, '--model', model, '--out', join(dir.path, 'r'));
    expect(line).toBe(
      `isotrope: ${README}: cannot read the input: not a TIFF file (bad byte-order mark): pass a TIFF, BigTIFF, OME-TIFF or ImageJ TIFF file, a folder of TIFFs, or an OME-Zarr store`,
    );
    expect(line.split(README)).toHaveLength(2);
  });

  it('a folder without TIFFs says what would be read', () => {
    expect(refusal('info', notARun)).toBe(
      `isotrope: ${notARun}: the folder holds no .tif/.tiff files and is not an OME-Zarr store: pass a TIFF, BigTIFF, OME-TIFF or ImageJ TIFF file, a folder of TIFFs, or an OME-Zarr store`,
    );
  });

  it('an --out that cannot be a folder: the errno in words and what to do', () => {
    const out = join(stack, 'run');
    expect(refusal('run', stack, '--model', model, '--out', out)).toBe(
      `isotrope: ${out}: cannot write the run directory: a file stands where a folder of the path should be (ENOTDIR): choose another --out`,
    );
  });
});

describe('evaluate --model', () => {
  it('a missing model folder says how to train one (not a raw ENOENT)', () => {
    expect(refusal('evaluate', '--model', missing, '--truth', stack)).toBe(
      `isotrope: ${missing}: no such folder, so no model in it: train one with isotrope train VOLUME --out ${missing}`,
    );
  });
});

describe('status and the other run commands', () => {
  it('a missing folder says "no such folder"', () => {
    const line = refusal('status', missing);
    expect(line).toBe(
      `isotrope: ${missing}: no such folder, so not a run directory: check the path, or start one with isotrope run VOLUME --model MODEL_DIR --out RUN_DIR`,
    );
    expect(line).not.toMatch(/manifest/);
  });

  it('a folder without a run says what to pass', () => {
    expect(refusal('finalize', notARun)).toBe(
      `isotrope: ${notARun}: no manifest.json: not a run directory (pass the --out of an isotrope run, or start one with isotrope run VOLUME --model MODEL_DIR --out RUN_DIR)`,
    );
  });

  it('a run with other settings names the run to resume', () => {
    expect(refusal('run', stack, '--model', model, '--out', runDir, '--unit', '16')).toBe(
      `isotrope: ${runDir}: holds a run with other settings (unit {"y":8,"z":8} → {"y":16,"z":16}): choose a new --out, or resume it as it is with isotrope resume ${runDir}`,
    );
  });

  it('compare --out that cannot be a folder: the errno in words and what to do', () => {
    const out = join(stack, 'compare');
    expect(refusal('compare', runDir, '--out', out)).toBe(
      `isotrope: ${out}: cannot make the folder: a file stands where a folder of the path should be (ENOTDIR): choose another --out`,
    );
  });

  it('a file is not a run directory', () => {
    expect(refusal('compare', stack)).toBe(
      `isotrope: ${stack}: a file, not a run directory: pass the --out of an isotrope run, or start one with isotrope run VOLUME --model MODEL_DIR --out RUN_DIR`,
    );
  });
});

describe('export', () => {
  it('a folder that is no run, store or stack says so and what export takes', () => {
    const line = refusal('export', notARun, '--out', join(dir.path, 'x.ome.tif'));
    expect(line).toBe(
      `isotrope: ${notARun}: not a run, an OME-Zarr store or a stack: export takes a run directory (from isotrope run), an OME-Zarr store, or a TIFF stack to convert`,
    );
    expect(line).not.toMatch(/\.tif files/);
  });

  it('an --out folder that is no Zarr store is not replaced, and the line says what to do', () => {
    expect(refusal('export', stack, '--out', notARun, '--format', 'zarr', '--force')).toBe(
      `isotrope: ${notARun}: is a folder that is not a Zarr store: not replacing it, even with --force; choose another output`,
    );
  });

  it('a missing path says so and what export takes', () => {
    expect(refusal('export', missing, '--out', join(dir.path, 'x.ome.tif'))).toBe(
      `isotrope: ${missing}: no such file or folder: export takes a run directory (from isotrope run), an OME-Zarr store, or a TIFF stack to convert`,
    );
  });

  it('an --out in a missing folder is refused before any work, naming the folder', () => {
    const out = join(missing, 'x.ome.tif');
    expect(refusal('export', stack, '--out', out)).toBe(
      `isotrope: ${out}: no such folder ${missing}: create the folder first, or choose another output`,
    );
    expect(readdirSync(dir.path).some((name) => name.endsWith('.part'))).toBe(false);
  });
});

describe('output folders that cannot be written: refused before any work, naming what to do', () => {
  const notAFolder = (name: string): string => join(stack, name);
  const enotdir = 'a file stands where a folder of the path should be (ENOTDIR)';

  it.skipIf(!existsSync('/proc/self'))(
    'sample --out under /proc fails at once (it used to hang; needs Linux /proc)',
    () => {
      expect(refusal('sample', '--out', underProc, '--seed', '2')).toBe(
        `isotrope: ${underProc}: cannot write this folder: no such file or folder (ENOENT): choose another --out`,
      );
    },
  );

  it('sample --out under a file', () => {
    const out = notAFolder('sample');
    expect(refusal('sample', '--out', out, '--seed', '2')).toBe(
      `isotrope: ${out}: cannot write this folder: ${enotdir}: choose another --out`,
    );
  });

  it('train --out that cannot be written fails before the backend or training starts', () => {
    const out = notAFolder('model');
    // One line: the "backend …" line that training prints first never came.
    expect(refusal('train', stack, '--out', out, '--time', '1')).toBe(
      `isotrope: ${out}: cannot write this folder: ${enotdir}: choose another --out`,
    );
  });

  it.skipIf(!existsSync('/proc/self'))('train --out under /proc (needs Linux /proc)', () => {
    expect(refusal('train', stack, '--out', underProc, '--time', '1')).toBe(
      `isotrope: ${underProc}: cannot write this folder: no such file or folder (ENOENT): choose another --out`,
    );
  });

  it('info --mip that cannot be written fails before the scan', () => {
    const out = notAFolder('mips');
    expect(refusal('info', stack, '--mip', out)).toBe(
      `isotrope: ${out}: cannot write this folder: ${enotdir}: choose another --mip folder`,
    );
  });
});

describe('values the stack does not have: the flag typed and the valid values', () => {
  it('run --channels out of range', () => {
    expect(refusal('run', stack, '--model', model, '--out', join(dir.path, 'r'), '--channels', '0,3')).toBe(
      `isotrope: ${stack}: --channels 0,3: channel 3 is out of range: the stack has 1 channel (0)`,
    );
  });

  it('run --timepoints with a range backwards', () => {
    expect(refusal('run', stack, '--model', model, '--out', join(dir.path, 'r'), '--timepoints', '2-0')).toBe(
      `isotrope: ${stack}: --timepoints 2-0: a range goes from low to high (0-2); the stack has 1 time point (0)`,
    );
  });

  it('run --channels given a name says the form it takes', () => {
    expect(
      refusal('run', stack, '--model', model, '--out', join(dir.path, 'r'), '--channels', 'vessels'),
    ).toBe(
      'isotrope: --channels vessels: expected all, or indices and ranges such as 0,2-3 (see isotrope run --help)',
    );
  });

  it('train --channel out of range', () => {
    expect(refusal('train', stack, '--out', join(dir.path, 'm'), '--channel', '2')).toBe(
      `isotrope: ${stack}: --channel 2: channel 2 is out of range: the stack has 1 channel (0)`,
    );
  });

  it('info --channel out of range (it said "channel 2 / time 0 outside 1 channels / 1 time points")', () => {
    expect(refusal('info', stack, '--channel', '2')).toBe(
      'isotrope: --channel 2: channel 2 is out of range: the stack has 1 channel (0)',
    );
  });

  it('export --level the run lacks lists the levels it has', () => {
    expect(refusal('export', pyramidRun, '--level', '5', '--out', join(dir.path, 'l5.ome.tif'))).toBe(
      `isotrope: ${pyramidRun}: level 5 does not exist; this run has levels 0–1 (0 = full resolution)`,
    );
  });

  it('export --level of a TIFF stack says it has one level', () => {
    expect(refusal('export', stack, '--level', '1', '--out', join(dir.path, 'l1.ome.tif'))).toBe(
      `isotrope: ${stack}: level 1 does not exist; a TIFF stack has one level, 0 (--level picks a level of a run or an OME-Zarr store)`,
    );
  });
});

describe('inputs and sample sizes', () => {
  it('a stack path that does not exist says to check it and what is read', () => {
    expect(refusal('info', missing)).toBe(
      `isotrope: ${missing}: no such file or folder: check the path; pass a TIFF, BigTIFF, OME-TIFF or ImageJ TIFF file, a folder of TIFFs, or an OME-Zarr store`,
    );
  });

  it('sample --size it cannot read is an option error naming the flag', () => {
    expect(refusal('sample', '--size', '10x')).toBe(
      'isotrope: --size 10x: expected XxYxZ (e.g. 256x256x64) or a byte size (e.g. 500MB, 8GB) (see isotrope sample --help)',
    );
  });

  it('sample --seed without --out says to add one', () => {
    expect(refusal('sample', '--seed', '4')).toBe(
      'isotrope: --out is required with --size, --seed or --channels: add --out DIR, the folder to write the sample into',
    );
  });
});
