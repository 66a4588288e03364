/** `withBandCache` and `volumeFromBands` against a fake source that records every band read. */
import { describe, expect, it } from 'vitest';
import type { BandSource } from '../../app/volume/band-source.js';
import { withBandCache } from '../../app/volume/band-cache.js';
import { volumeFromBands } from '../../app/volume/band-volume.js';
import type { VolumeHeader } from '../../app/volume/types.js';

const W = 8;
const H = 10;
const Z = 4;
const ROWS = 3;

/** Voxel value encodes its coordinates, so any misplaced copy shows. */
const value = (x: number, y: number, z: number) => x + 10 * y + 100 * z;

function fakeSource(): BandSource & { reads: string[] } {
  const info: VolumeHeader = {
    path: 'fake',
    format: 'tiff',
    shape: { x: W, y: H, z: Z, c: 1, t: 1 },
    dtype: 'uint16',
    voxelSize: { x: null, y: null, z: null },
    voxelSizeSource: 'none',
    compression: 'none',
    layout: 'fake',
    bytes: 0,
    dimensionOrder: 'XYZCT',
  };
  const reads: string[] = [];
  return {
    info,
    reads,
    planeOf: (z) => z,
    bandRows: () => ROWS,
    async readBand(plane, band) {
      reads.push(`${plane}:${band}`);
      const rows = Math.min(ROWS, H - band * ROWS);
      const out = new Uint16Array(W * rows);
      for (let r = 0; r < rows; r++)
        for (let x = 0; x < W; x++) out[r * W + x] = value(x, band * ROWS + r, plane);
      return out;
    },
    async close() {},
  };
}

describe('withBandCache', () => {
  it('serves repeats from memory and evicts least recently used bands beyond its budget', async () => {
    const source = fakeSource();
    const bandBytes = W * ROWS * 2;
    const cache = withBandCache(source, { maxBytes: 2 * bandBytes });
    await cache.readBand(0, 0);
    await cache.readBand(0, 1);
    await cache.readBand(0, 0);
    expect(source.reads).toEqual(['0:0', '0:1']);
    await cache.readBand(1, 0); // evicts 0:1, the least recently used
    await cache.readBand(0, 0);
    await cache.readBand(0, 1);
    expect(source.reads).toEqual(['0:0', '0:1', '1:0', '0:1']);
    expect(cache.cacheStats.bytes).toBeLessThanOrEqual(2 * bandBytes);
  });

  it('shares one read between concurrent requests and keeps streamed bands out', async () => {
    const source = fakeSource();
    const cache = withBandCache(source, { maxBytes: 1 << 20 });
    await Promise.all([cache.readBand(2, 1), cache.readBand(2, 1), cache.readBand(2, 1)]);
    expect(source.reads).toEqual(['2:1']);
    await cache.readBand(3, 0, { hint: 'stream' });
    await cache.readBand(3, 0, { hint: 'stream' });
    expect(source.reads).toEqual(['2:1', '3:0', '3:0']);
  });
});

describe('volumeFromBands', () => {
  it('assembles xz planes from one band per plane, reused for the next rows', async () => {
    const source = fakeSource();
    const volume = volumeFromBands(withBandCache(source));
    const xz = await volume.readPlaneXZ(4);
    for (let z = 0; z < Z; z++) for (let x = 0; x < W; x++) expect(xz[z * W + x]).toBe(value(x, 4, z));
    expect(source.reads).toEqual(['0:1', '1:1', '2:1', '3:1']);
    await volume.readPlaneXZ(5); // same band: no new reads
    expect(source.reads).toHaveLength(4);
  });

  it('reads a yz column block in one pass and serves its neighbours from it', async () => {
    const source = fakeSource();
    const volume = volumeFromBands(withBandCache(source), { columnBlockBytes: H * Z * 2 * 4 }); // 4 columns
    const yz = await volume.readPlaneYZ(1);
    for (let z = 0; z < Z; z++) for (let y = 0; y < H; y++) expect(yz[z * H + y]).toBe(value(1, y, z));
    const onePass = source.reads.length;
    expect(onePass).toBe(Z * Math.ceil(H / ROWS));
    for (const x of [0, 2, 3]) expect((await volume.readPlaneYZ(x))[H + 2]).toBe(value(x, 2, 1));
    expect(source.reads).toHaveLength(onePass);
    await volume.readPlaneYZ(4); // next block
    expect(source.reads).toHaveLength(2 * onePass);
  });

  it('cuts arbitrary bricks', async () => {
    const volume = volumeFromBands(fakeSource());
    const b = await volume.readBrick({
      x: { start: 2, end: 5 },
      y: { start: 2, end: 8 },
      z: { start: 1, end: 3 },
    });
    expect(b).toHaveLength(3 * 6 * 2);
    expect(b[0]).toBe(value(2, 2, 1));
    expect(b[b.length - 1]).toBe(value(4, 7, 2));
  });
});
