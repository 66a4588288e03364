// Automatic and requested backend choice, the reasons reported, aliases and --threads.
import { afterEach, describe, expect, test } from 'vitest';
import { selectBackend, tf, isComputeError, type SelectedBackend } from '../../app/compute/index.js';
import { listBackends, mayHaveGpu, resolveBackendName } from '../../app/compute/select.js';

describe('selectBackend', () => {
  let chosen: SelectedBackend | undefined;
  afterEach(async () => {
    await chosen?.dispose();
    chosen = undefined;
  });

  test('automatic choice names every backend it passed over, GPUs first', async () => {
    chosen = await selectBackend();
    expect(chosen.reason).toMatch(new RegExp(`chose ${chosen.name}$`));
    if (chosen.name !== 'ort-cuda') expect(chosen.reason).toMatch(/^ort-cuda: /);
    // Without a GPU device node the GPU engines are passed over for ORT's cpu provider.
    if (!mayHaveGpu()) expect(chosen).toMatchObject({ name: 'ort-cpu', engine: 'ort', provider: 'cpu' });
    if (chosen.engine === 'tfjs') expect(tf.getBackend()).toBe(chosen.name);
  }, 60_000);

  test('a requested backend is used as is', async () => {
    chosen = await selectBackend({ preferred: 'cpu' });
    expect(chosen).toMatchObject({ name: 'cpu', engine: 'tfjs', reason: 'requested with --backend cpu' });
    expect(tf.getBackend()).toBe('cpu');
  });

  test('--threads sets the ORT threads; auto, onnx and ort are aliases', async () => {
    chosen = await selectBackend({ preferred: 'onnx', threads: 1 });
    expect(chosen).toMatchObject({ name: 'ort-cpu', threads: 1, device: expect.stringMatching(/1 thread$/) });
    expect(resolveBackendName('auto')).toBe('auto');
    expect(resolveBackendName(undefined)).toBe('auto');
    expect(resolveBackendName('ort')).toBe('ort-cpu');
    for (const old of ['tensorflow', 'webgpu', 'wasm', 'cpu']) expect(resolveBackendName(old)).toBe(old);
    const bad = await selectBackend({ threads: 0 }).catch((x: unknown) => x);
    expect(isComputeError(bad) && bad.message).toMatch(/--threads 0/);
  });

  test('an unknown name is a tagged error', async () => {
    const e = await selectBackend({ preferred: 'cuda' }).catch((x: unknown) => x);
    expect(isComputeError(e) && e.tag).toBe('unknown-backend');
  });

  test('tensorflow, when not installed, fails with a clear reason', async () => {
    const e = await selectBackend({ preferred: 'tensorflow' }).then(
      (b) => {
        chosen = b;
        return undefined;
      },
      (x: unknown) => x,
    );
    if (e === undefined) return; // installed on this machine
    expect(isComputeError(e) && e.tag).toBe('unavailable');
    expect(String((e as Error).message)).toMatch(
      /tfjs-node-gpu not installed, @tensorflow\/tfjs-node not installed/,
    );
  });

  test('listBackends reports every backend and marks exactly one as the automatic choice', async () => {
    const rows = await listBackends({ threads: 1 });
    expect(rows.map((r) => r.name).sort()).toEqual([
      'cpu',
      'ort-cpu',
      'ort-cuda',
      'ort-webgpu',
      'tensorflow',
      'wasm',
      'webgpu',
    ]);
    expect(rows.filter((r) => r.reason === 'automatic choice')).toHaveLength(1);
    for (const r of rows) expect(r.available ? r.device.length > 0 : r.reason.length > 0).toBe(true);
    expect(rows.find((r) => r.name === 'ort-cpu')).toMatchObject({ available: true });
  }, 60_000);
});
