/** The synthetic LSFM sample: deterministic, correctly described, and statistically plausible. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromFile } from 'geotiff';
import { ensureDefaultSample, generateSample, parseSize, type SampleOptions } from '../../app/sample/generate.js';
import { applyCamera } from '../../app/sample/noise.js';
import { mulberry32 } from '../../app/math/random.js';
import { blurAxis, fwhmToSigma } from '../../app/math/gaussian.js';
import { isVolumeError } from '../../app/volume/errors.js';

let dir = '';
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'isotrope-sample-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const small: SampleOptions = { size: { x: 64, y: 48, z: 16 }, groundTruth: true };

async function readStack(path: string): Promise<{ planes: Uint16Array[]; description: string; w: number; h: number }> {
  const tiff = await fromFile(path);
  const n = await tiff.getImageCount();
  const planes: Uint16Array[] = [];
  for (let i = 0; i < n; i++) planes.push((await (await tiff.getImage(i)).readRasters())[0] as Uint16Array);
  const first = await tiff.getImage(0);
  // geotiff decodes the tag as UTF-8 (how the writer stores the "µ" of OME-XML units).
  const description = (await first.fileDirectory.loadValue('ImageDescription') as unknown as string).replace(/\0$/, '');
  const out = { planes, description, w: first.getWidth(), h: first.getHeight() };
  await tiff.close();
  return out;
}

describe('generateSample', () => {
  it('is deterministic in its seed', async () => {
    const [a, b, c] = await Promise.all([
      generateSample(join(dir, 'a'), { ...small, seed: 7 }), generateSample(join(dir, 'b'), { ...small, seed: 7 }),
      generateSample(join(dir, 'c'), { ...small, seed: 8 })]);
    expect(Buffer.compare(await readFile(a.stack), await readFile(b.stack))).toBe(0);
    expect(Buffer.compare(await readFile(a.groundTruth!), await readFile(b.groundTruth!))).toBe(0);
    expect(Buffer.compare(await readFile(a.stack), await readFile(c.stack))).not.toBe(0);
  });

  it('writes OME-TIFFs of the right shapes and voxel sizes, and a manifest', async () => {
    const f = await generateSample(join(dir, 'shape'), { ...small, seed: 3 });
    const lsfm = await readStack(f.stack);
    expect([lsfm.w, lsfm.h, lsfm.planes.length]).toEqual([64, 48, 16]);
    expect(lsfm.description).toContain('xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"');
    expect(lsfm.description).toMatch(/PhysicalSizeX="0.411" PhysicalSizeXUnit="µm"/);
    expect(lsfm.description).toMatch(/PhysicalSizeZ="1" PhysicalSizeZUnit="µm"/);
    expect(lsfm.description).toContain('<TiffData IFD="0" PlaneCount="16"/>');
    const gt = await readStack(f.groundTruth!);
    expect([gt.w, gt.h, gt.planes.length]).toEqual([64, 48, Math.round(16 / 0.411)]);
    expect(gt.description).toMatch(/PhysicalSizeZ="0.411"/);
    const manifest = JSON.parse(await readFile(f.manifest, 'utf8'));
    expect(manifest).toMatchObject({ seed: 3, xyPixel: 0.411, zStep: 1, axialFwhm: 2.2, lateralFwhm: 0.8,
      files: { stack: 'lsfm.ome.tif', groundTruth: 'ground-truth.ome.tif' } });
    expect((await readdir(join(dir, 'shape'))).sort()).toEqual(['ground-truth.ome.tif', 'lsfm.ome.tif', 'sample.json']);
  });

  it('puts structures above the background and blurs z more than the ground truth', async () => {
    const f = await generateSample(join(dir, 'stats'), { size: { x: 96, y: 96, z: 24 }, seed: 5, groundTruth: true });
    const lsfm = (await readStack(f.stack)).planes;
    const gt = (await readStack(f.groundTruth!)).planes;
    let bright = 0, nb = 0, dim = 0, nd = 0;
    lsfm.forEach((plane, k) => {
      const truth = gt[Math.round(k / 0.411) % gt.length];
      for (let i = 0; i < plane.length; i++) {
        if (truth[i] > 8000) { bright += plane[i]; nb++; } else if (truth[i] < 1500) { dim += plane[i]; nd++; }
      }
    });
    expect(nb).toBeGreaterThan(100);
    expect(bright / nb).toBeGreaterThan(3 * (dim / nd));
    // With (nearly) no noise, the stack is the truth blurred further along z (to the axial FWHM)
    // and sampled every zStep: redo that from the ground-truth file and compare.
    const clean = await generateSample(join(dir, 'clean'), { size: { x: 96, y: 96, z: 24 }, seed: 5, groundTruth: false,
      photonsPerUnit: 1e8, readNoise: 0 });
    const stack = (await readStack(clean.stack)).planes;
    const n = 96 * 96, nz = gt.length;
    const vol = new Float32Array(n * nz);
    gt.forEach((plane, j) => vol.set(plane, j * n));
    const extra = Math.sqrt(fwhmToSigma(2.2) ** 2 - fwhmToSigma(0.8) ** 2) / 0.411;
    blurAxis(vol, { x: 96, y: 96, z: nz }, 'z', extra, 'periodic');
    let worst = 0, sumErr = 0, zVarStack = 0, zVarTruth = 0;
    stack.forEach((plane, k) => {
      const f = (k / 0.411) % nz, i0 = Math.floor(f), w = f - i0, i1 = (i0 + 1) % nz;
      for (let i = 0; i < n; i++) {
        const expected = 100 + vol[i0 * n + i] * (1 - w) + vol[i1 * n + i] * w;
        worst = Math.max(worst, Math.abs(plane[i] - expected));
        sumErr += Math.abs(plane[i] - expected);
        if (k > 0) zVarStack += Math.abs(plane[i] - stack[k - 1][i]);
        if (k > 0) zVarTruth += Math.abs(gt[Math.round(f) % nz][i] - gt[Math.round(((k - 1) / 0.411) % nz) % nz][i]);
      }
    });
    expect(sumErr / (n * stack.length)).toBeLessThan(1.5); // rounding + ~2 ADU of residual shot noise
    expect(worst).toBeLessThan(15);
    expect(zVarStack).toBeLessThan(zVarTruth);
  });

  it('blurs with the requested FWHM', () => {
    const vol = new Float32Array(101);
    vol[50] = 1;
    blurAxis(vol, { x: 1, y: 1, z: 101 }, 'z', fwhmToSigma(10), 'periodic');
    const half = vol[50] / 2;
    let width = 0;
    for (const v of vol) if (v >= half) width++;
    expect(width).toBeGreaterThanOrEqual(9);
    expect(width).toBeLessThanOrEqual(11);
  });

  it('tiles larger stacks without ground truth by default and honours an abort signal', async () => {
    const f = await generateSample(join(dir, 'wide'), { size: { x: 300, y: 270, z: 3 }, seed: 2, groundTruth: false });
    expect(f.groundTruth).toBeNull();
    const s = await readStack(f.stack);
    expect([s.w, s.h, s.planes.length]).toEqual([300, 270, 3]);
    const ac = new AbortController();
    ac.abort();
    await expect(generateSample(join(dir, 'aborted'), { ...small, signal: ac.signal }))
      .rejects.toSatisfy((e: unknown) => isVolumeError(e) && e.tag === 'aborted');
    expect(await readdir(join(dir, 'aborted'))).toEqual([]);
  });

  it('generates and then reuses the cached default sample', async () => {
    const old = process.env.ISOTROPE_CACHE;
    process.env.ISOTROPE_CACHE = join(dir, 'cache');
    try {
      const t0 = Date.now();
      const a = await ensureDefaultSample();
      expect(Date.now() - t0).toBeLessThan(8000);
      const m1 = (await stat(a.stack)).mtimeMs;
      const b = await ensureDefaultSample();
      expect(b).toEqual(a);
      expect((await stat(b.stack)).mtimeMs).toBe(m1);
      expect((await stat(a.stack)).size).toBeGreaterThan(256 * 256 * 64 * 2);
      expect((await readdir(join(dir, 'cache'))).filter((n) => n.startsWith('.'))).toEqual([]);
    } finally {
      if (old === undefined) delete process.env.ISOTROPE_CACHE; else process.env.ISOTROPE_CACHE = old;
    }
  });
});

describe('camera noise', () => {
  it('has mean offset + scale·signal and variance growing with the mean', () => {
    const cam = { photonsPerUnit: 1000, readNoise: 1.5, gain: 20, offset: 100 };
    const stats = (signal: number): { mean: number; variance: number } => {
      const out = new Uint16Array(50_000);
      applyCamera(new Float32Array(out.length).fill(signal), out, cam, mulberry32(9));
      const mean = out.reduce((a, v) => a + v, 0) / out.length;
      return { mean, variance: out.reduce((a, v) => a + (v - mean) ** 2, 0) / out.length };
    };
    for (const s of [0.01, 0.05, 0.5]) {
      const { mean, variance } = stats(s);
      expect(mean).toBeCloseTo(100 + 20000 * s, -1);
      const expected = cam.gain ** 2 * (s * cam.photonsPerUnit + cam.readNoise ** 2);
      expect(variance / expected).toBeGreaterThan(0.9);
      expect(variance / expected).toBeLessThan(1.1);
    }
  });
});

describe('parseSize', () => {
  it('reads dimensions and byte sizes', () => {
    expect(parseSize('256x256x64')).toEqual({ x: 256, y: 256, z: 64 });
    expect(parseSize('8GB')).toEqual({ x: 2048, y: 2048, z: 954 });
    expect(parseSize('500MB')).toEqual({ x: 2048, y: 2048, z: 60 });
    expect(parseSize('1GiB').z).toBe(128);
    expect(() => parseSize('big')).toThrow(/invalid size/);
  });
});
