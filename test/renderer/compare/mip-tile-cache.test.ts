import { describe, expect, it, vi } from 'vitest';
import type { CallOptions, EngineClient } from '../../../app/api/client.js';
import type { ApiEvent, MipTileHeader } from '../../../app/api/schemas.js';
import { LruCache } from '../../../renderer/src/compare/lru-cache.js';
import {
  asFloat32,
  MipTileCache,
  tileKey,
  type TileKey,
} from '../../../renderer/src/compare/mip-tile-cache.js';
import { differenceRgba } from '../../../renderer/src/compare/difference.js';
import { differenceIndex, differenceTable } from '../../../app/image/colormap.js';
import { differenceHalfRange } from '../../../app/image/contrast.js';

describe('LRU cache by bytes', () => {
  it('evicts the least recently used until within budget', () => {
    const evicted: string[] = [];
    const c = new LruCache<number>(100, (k) => evicted.push(k));
    c.set('a', 1, 40);
    c.set('b', 2, 40);
    expect(c.get('a')).toBe(1); // a is now the most recent
    c.set('c', 3, 40); // 120 > 100: b goes
    expect(evicted).toEqual(['b']);
    expect([...c.keys()]).toEqual(['a', 'c']);
    expect(c.bytes).toBe(80);
    c.set('d', 4, 70); // a then c go
    expect(evicted).toEqual(['b', 'a', 'c']);
    expect(c.size).toBe(1);
  });

  it('keeps a lone entry over budget, replaces in place and peeks without touching', () => {
    const evicted: string[] = [];
    const c = new LruCache<string>(10, (k, v) => evicted.push(`${k}=${v}`));
    c.set('big', 'x', 50);
    expect(c.has('big')).toBe(true);
    c.set('big', 'y', 5);
    expect(evicted).toEqual(['big=x']);
    expect(c.bytes).toBe(5);
    c.set('z', 'z', 5);
    c.peek('big');
    c.set('w', 'w', 5); // big is least recent despite the peek
    expect(c.has('big')).toBe(false);
    c.clear();
    expect(c.bytes).toBe(0);
  });
});

/** A fake engine answering readMipTile with a tile whose samples encode its coordinates. */
function fakeClient(opts: { fail?: (args: TileKey) => boolean } = {}) {
  const calls: { args: TileKey & { runDir: string }; signal?: AbortSignal; resolve: () => void }[] = [];
  const listeners = new Set<(e: ApiEvent) => void>();
  let answered = 0;
  const client: EngineClient = {
    call: ((command: string, args: TileKey & { runDir: string }, options?: CallOptions) => {
      if (command !== 'readMipTile') return Promise.reject(new Error(`unexpected ${command}`));
      return new Promise((resolve, reject) => {
        const entry = {
          args,
          signal: options?.signal,
          resolve: () => {
            if (opts.fail?.(args)) {
              reject({ layer: 'run', tag: 'not-a-run', message: 'no such run' });
              return;
            }
            const data = new Float32Array(4).fill(
              args.level * 100 + args.tx * 10 + args.ty + answered++ * 1000,
            );
            const header: MipTileHeader = {
              runDir: args.runDir,
              source: args.source,
              axis: args.axis,
              level: args.level,
              tx: args.tx,
              ty: args.ty,
              width: 2,
              height: 2,
              dtype: 'float32',
              byteLength: 16,
              littleEndian: true,
              unitsDone: 1,
              unitsTotal: 2,
            };
            resolve({ header, data: new Uint8Array(data.buffer) } as never);
          },
        };
        options?.signal?.addEventListener('abort', () =>
          reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
        );
        calls.push(entry);
      });
    }) as EngineClient['call'],
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    close: () => undefined,
  };
  return { client, calls };
}

const key = (tx: number, ty = 0, level = 0): TileKey => ({ source: 'sr', axis: 'z', level, tx, ty });
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('MIP tiles', () => {
  it('fetches wanted tiles a few at a time and caches them', async () => {
    const { client, calls } = fakeClient();
    const onChange = vi.fn();
    const tiles = new MipTileCache(client, '/runs/a', { onChange, concurrency: 2 });
    tiles.want([key(0), key(1), key(2)]);
    expect(calls.map((c) => c.args.tx)).toEqual([0, 1]);
    expect(calls[0].args).toMatchObject({
      runDir: '/runs/a',
      source: 'sr',
      axis: 'z',
      level: 0,
      tx: 0,
      ty: 0,
    });
    calls[0].resolve();
    await flush();
    expect(calls.map((c) => c.args.tx)).toEqual([0, 1, 2]);
    expect(tiles.get(key(0))?.data).toEqual(new Float32Array([0, 0, 0, 0]));
    expect(onChange).toHaveBeenCalledTimes(1);
    // Wanting a cached tile again fetches nothing.
    calls[1].resolve();
    calls[2].resolve();
    await flush();
    tiles.want([key(0), key(1), key(2)]);
    expect(calls).toHaveLength(3);
    tiles.dispose();
  });

  it('aborts requests for tiles no longer visible', async () => {
    const { client, calls } = fakeClient();
    const tiles = new MipTileCache(client, '/runs/a');
    tiles.want([key(0), key(1), key(2)]);
    tiles.want([key(1), key(5)]);
    expect(calls[0].signal?.aborted).toBe(true);
    expect(calls[1].signal?.aborted).toBe(false);
    expect(calls[2].signal?.aborted).toBe(true);
    expect(calls.map((c) => c.args.tx)).toEqual([0, 1, 2, 5]); // 1 is not requested twice
    calls[0].resolve();
    await flush();
    expect(tiles.get(key(0))).toBeUndefined(); // a late answer to an aborted call is dropped
    tiles.dispose();
    expect(calls[1].signal?.aborted).toBe(true);
  });

  it('refetches wanted tiles on refresh, drawing the stale ones meanwhile', async () => {
    const { client, calls } = fakeClient();
    const tiles = new MipTileCache(client, '/runs/a');
    tiles.want([key(3)]);
    calls[0].resolve();
    await flush();
    const first = tiles.get(key(3))!;
    tiles.refresh();
    expect(calls).toHaveLength(2);
    expect(tiles.get(key(3))).toBe(first); // still there to draw
    calls[1].resolve();
    await flush();
    const second = tiles.get(key(3))!;
    expect(second.generation).toBe(first.generation + 1);
    expect(second.data[0]).toBe(1030);
  });

  it('reports a failed tile once per generation', async () => {
    const { client, calls } = fakeClient({ fail: (a) => a.tx === 1 });
    const onError = vi.fn();
    const tiles = new MipTileCache(client, '/runs/a', { onError });
    tiles.want([key(1)]);
    calls[0].resolve();
    await flush();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0][0]).toMatchObject({ message: 'no such run' });
    tiles.want([key(1)]);
    expect(calls).toHaveLength(1);
    tiles.refresh();
    expect(calls).toHaveLength(2);
  });

  it('keys tiles by source, axis, level and position; reads unaligned payloads', () => {
    expect(tileKey({ source: 'bicubic', axis: 'y', level: 2, tx: 3, ty: 4 })).toBe('bicubic/y/2/3/4');
    const bytes = new Uint8Array(9);
    new DataView(bytes.buffer).setFloat32(1, 1.5, true);
    expect(asFloat32(bytes.subarray(1))[0]).toBe(1.5);
  });

  it('evicts by its byte budget', async () => {
    const { client, calls } = fakeClient();
    const tiles = new MipTileCache(client, '/runs/a', { budgetBytes: 32 }); // two 16-byte tiles
    tiles.want([key(0), key(1), key(2)]);
    for (const c of calls) c.resolve();
    await flush();
    expect(tiles.get(key(0))).toBeUndefined();
    expect(tiles.get(key(1))).toBeDefined();
    expect(tiles.get(key(2))).toBeDefined();
  });
});

describe('difference colormap', () => {
  it('is white at zero, blue below and red above, symmetric in index', () => {
    const t = differenceTable();
    expect(differenceIndex(0, 1)).toBe(128);
    expect(differenceIndex(-1, 1)).toBe(0);
    expect(differenceIndex(5, 1)).toBe(255);
    expect(differenceIndex(NaN, 1)).toBe(-1);
    expect(differenceIndex(-0.5, 2) + differenceIndex(0.5, 2)).toBe(255);
    const rgb = (i: number) => [t[i * 3], t[i * 3 + 1], t[i * 3 + 2]];
    expect(rgb(0)).toEqual([33, 102, 172]);
    expect(rgb(255)).toEqual([178, 24, 43]);
    const [r, g, b] = rgb(128);
    expect(Math.min(r, g, b)).toBeGreaterThan(240);
  });

  it('colours SR − bicubic with NaN transparent', () => {
    const sr = new Float32Array([2, 0, 1, NaN]),
      bic = new Float32Array([1, 1, 1, 1]);
    const rgba = differenceRgba(sr, bic, 1);
    expect([...rgba.subarray(0, 4)]).toEqual([178, 24, 43, 255]);
    expect([...rgba.subarray(4, 8)]).toEqual([33, 102, 172, 255]);
    expect(rgba[8]).toBeGreaterThan(240);
    expect(rgba[15]).toBe(0);
  });

  it('takes a symmetric range from a high percentile of |difference|', () => {
    const n = 1000;
    const sr = new Float32Array(n),
      bic = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      sr[i] = i % 2 ? 0.5 : -0.5;
      bic[i] = 0;
    }
    sr[0] = 100; // one outlier does not set the range
    expect(differenceHalfRange(sr, bic)).toBe(0.5);
    expect(differenceHalfRange(new Float32Array(4), new Float32Array(4))).toBe(1);
    expect(differenceHalfRange([NaN, 1], [0, 0.5])).toBe(0.5);
  });
});
