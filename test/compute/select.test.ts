// Automatic and requested backend choice, and the reasons reported.
import { afterEach, describe, expect, test } from 'vitest';
import { selectBackend, tf, isComputeError, type SelectedBackend } from '../../app/compute/index.js';

describe('selectBackend', () => {
  let chosen: SelectedBackend | undefined;
  afterEach(async () => { await chosen?.dispose(); chosen = undefined; });

  test('automatic choice names every backend it passed over', async () => {
    chosen = await selectBackend();
    expect(tf.getBackend()).toBe(chosen.name);
    expect(chosen.reason).toMatch(new RegExp(`chose ${chosen.name}$`));
    if (chosen.name !== 'tensorflow') expect(chosen.reason).toMatch(/^tensorflow: /);
    // On a box whose only adapter is llvmpipe, webgpu must be passed over for wasm.
    if (/webgpu: only a software rasteriser/.test(chosen.reason)) expect(chosen.name).toBe('wasm');
  }, 60_000);

  test('a requested backend is used as is', async () => {
    chosen = await selectBackend({ preferred: 'cpu' });
    expect(chosen).toMatchObject({ name: 'cpu', reason: 'requested with --backend cpu' });
    expect(tf.getBackend()).toBe('cpu');
  });

  test('an unknown name is a tagged error', async () => {
    const e = await selectBackend({ preferred: 'cuda' }).catch((x: unknown) => x);
    expect(isComputeError(e) && e.tag).toBe('unknown-backend');
  });

  test('tensorflow, when not installed, fails with a clear reason', async () => {
    const e = await selectBackend({ preferred: 'tensorflow' }).then((b) => { chosen = b; return undefined; }, (x: unknown) => x);
    if (e === undefined) return; // installed on this machine
    expect(isComputeError(e) && e.tag).toBe('unavailable');
    expect(String((e as Error).message)).toMatch(/tfjs-node-gpu not installed, @tensorflow\/tfjs-node not installed/);
  });
});
