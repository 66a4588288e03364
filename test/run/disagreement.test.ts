/**
 * The confidence map (issue 18) on disk: a run with both orientations writes |xz − yz| / 2 as a
 * child NGFF image output.zarr/disagreement, equal to the whole-volume disagreement bit for bit
 * (float32); an aborted and resumed run gives the same bytes as an uninterrupted one; finalize
 * builds its pyramid and MIPs; the root stays a valid NGFF 0.5 image; off with --no-confidence,
 * refused with a single orientation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { backendFixture } from '../compute/backend-fixture.js';
import { tempDir } from '../helpers/fixtures.js';
import { ngffImageErrors } from '../helpers/ngff-schema.js';
import { runFixture, sameFolders, wholeVolumeResult } from './run-fixture.js';
import { createRun } from '../../app/run/create-run.js';
import { executeRun } from '../../app/run/execute-run.js';
import { finalizeRun } from '../../app/run/finalize.js';
import { isRunError } from '../../app/run/errors.js';
import { openOmeZarr } from '../../app/volume/zarr/create.js';

const unit = { unit: 16, unitZ: 8 };
const bytes = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Relative path → bytes of every non-hidden file under `root`. */
function treeBytes(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(root, path), readFileSync(path));
    }
  };
  walk(root);
  return out;
}

function sameTrees(a: string, b: string): boolean {
  const ta = treeBytes(a);
  const tb = treeBytes(b);
  return [...ta.keys()].join() === [...tb.keys()].join() && [...ta].every(([k, v]) => v.equals(tb.get(k)!));
}

async function readLevel0(path: string): Promise<Float32Array> {
  const store = await openOmeZarr(path);
  try {
    const { shape } = store.levels[0];
    const all = {
      x: { start: 0, end: shape.x },
      y: { start: 0, end: shape.y },
      z: { start: 0, end: shape.z },
    };
    return Float32Array.from(await store.readBox(0, all));
  } finally {
    await store.close();
  }
}

describe('disagreement image of a run (wasm, OME-Zarr store)', () => {
  const fixture = backendFixture('wasm');
  const dir = tempDir('isotrope-disagreement-');
  let input: string;
  let model: string;
  const full = (): string => join(dir.path, 'full');

  beforeAll(async () => {
    ({ input, model } = await runFixture(dir.path));
  }, 60_000);
  afterAll(() => dir.remove());

  it('writes output.zarr/disagreement equal to the whole-volume |xz − yz| / 2, and finalize its pyramid and MIPs', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const manifest = await createRun({ input, model, runDir: full(), ...unit, dtype: 'float32' });
    expect(manifest.params.confidence).toBe(true);
    await executeRun(full());
    const whole = await wholeVolumeResult(input, model, manifest.params.ratio, { disagreement: true });
    const path = join(full(), 'output.zarr', 'disagreement');
    const stored = await readLevel0(path);
    expect(whole.disagreement).toBeDefined();
    expect(bytes(stored).equals(bytes(whole.disagreement!))).toBe(true);
    expect(Math.max(...stored)).toBeGreaterThan(0);
    // The fused SR is unchanged by computing the disagreement beside it.
    expect(bytes(await readLevel0(join(full(), 'output.zarr'))).equals(bytes(whole.sr))).toBe(true);

    const f = await finalizeRun(full());
    for (const axis of ['z', 'y', 'x'])
      expect(f.files).toEqual(
        expect.arrayContaining([`mips/mip-disagreement-${axis}.png`, `mips/mip-disagreement-${axis}.f32`]),
      );
    // No 3D-preview partials for it (their size is most of the map's cost).
    expect(readdirSync(join(full(), 'preview')).some((n) => n.includes('disagreement'))).toBe(false);
    const mipZ = new Float32Array(readFileSync(join(full(), 'mips/mip-disagreement-z.f32')).buffer);
    expect(mipZ.length).toBe(manifest.output.shape.x * manifest.output.shape.y);
    expect(mipZ.every((v) => v >= 0)).toBe(true);
    // Both images valid NGFF 0.5, the same pyramid, the child with its own multiscales.
    const root = JSON.parse(readFileSync(join(full(), 'output.zarr/zarr.json'), 'utf8'));
    const child = JSON.parse(readFileSync(join(path, 'zarr.json'), 'utf8'));
    expect(ngffImageErrors('0.5', root.attributes)).toEqual([]);
    expect(ngffImageErrors('0.5', child.attributes)).toEqual([]);
    expect(child.attributes.ome.multiscales[0].datasets.length).toBe(
      root.attributes.ome.multiscales[0].datasets.length,
    );
    const levels = root.attributes.ome.multiscales[0].datasets.length;
    expect(existsSync(join(path, String(levels - 1), 'zarr.json'))).toBe(true);
  }, 120_000);

  it('an aborted and resumed run writes the same disagreement bytes and MIP partials', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const runDir = join(dir.path, 'interrupted');
    await createRun({ input, model, runDir, ...unit, dtype: 'float32' });
    for (const stopAfter of [3, 5]) {
      const abort = new AbortController();
      let n = 0;
      const stopped = await executeRun(runDir, {
        signal: abort.signal,
        onEvent: (e) => {
          if (e.type === 'unit-done' && ++n === stopAfter) abort.abort();
        },
      }).then(
        () => 'finished',
        (e) => (isRunError(e) ? e.tag : String(e)),
      );
      expect(stopped).toBe('aborted');
    }
    await executeRun(runDir);
    await finalizeRun(runDir);
    expect(
      sameTrees(join(runDir, 'output.zarr/disagreement'), join(full(), 'output.zarr/disagreement')),
    ).toBe(true);
    expect(sameFolders(join(runDir, 'mips'), join(full(), 'mips'))).toBe(true);
    expect(sameFolders(join(runDir, 'preview'), join(full(), 'preview'))).toBe(true);
  }, 120_000);

  it('writes none with confidence off, and refuses it with one orientation', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const runDir = join(dir.path, 'off');
    const manifest = await createRun({ input, model, runDir, ...unit, confidence: false });
    expect(manifest.params).not.toHaveProperty('confidence');
    const xz = await createRun({ input, model, runDir: join(dir.path, 'xz'), ...unit, orientations: 'xz' });
    expect(xz.params).not.toHaveProperty('confidence');
    await executeRun(runDir);
    expect(existsSync(join(runDir, 'output.zarr/disagreement'))).toBe(false);
    expect(readdirSync(join(runDir, 'mips')).some((n) => n.includes('disagreement'))).toBe(false);
    const refused = await createRun({
      input,
      model,
      runDir: join(dir.path, 'refused'),
      orientations: 'yz',
      confidence: true,
    }).catch((e) => e);
    expect(isRunError(refused) && refused.tag).toBe('bad-input');
    expect(String(refused.message)).toMatch(/both orientations/);
  }, 120_000);
});
