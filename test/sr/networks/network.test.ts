// Architecture numbers against the paper, identity at init, seeded determinism, weights file round trip.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tf, type Tensor4D } from '../../../app/compute/index.js';
import { convLayers, margin, parameterCount, receptiveField } from '../../../app/sr/networks/architecture.js';
import { preset } from '../../../app/sr/networks/presets.js';
import { initWeights } from '../../../app/sr/networks/init.js';
import { createNetwork, readWeights } from '../../../app/sr/networks/network.js';
import { decodeWeights, encodeWeights, loadWeights, saveWeights } from '../../../app/sr/weights-file.js';
import { isSrError } from '../../../app/sr/errors.js';

describe('architecture', () => {
  test('valid paper preset: 16 convs, RF 33, margin 16, 8,265,985 parameters', () => {
    const c = preset('valid', 'paper');
    expect(convLayers(c)).toHaveLength(16);
    expect(receptiveField(c)).toBe(33);
    expect(margin(c)).toBe(16);
    expect(parameterCount(c)).toBe(8_265_985);
  });
  test('valid cpu preset: W=32, B=3, margin 8', () => {
    expect(margin(preset('valid', 'cpu'))).toBe(8);
  });
  test("padded paper preset: EDSR's 38,360,065 parameters, 67 convs, RF 135, margin 0", () => {
    const c = preset('padded', 'paper');
    expect(parameterCount(c)).toBe(38_360_065);
    expect(convLayers(c)).toHaveLength(67);
    expect(receptiveField(c)).toBe(135);
    expect(margin(c)).toBe(0);
  });
  test('bad configs and presets are tagged errors', () => {
    expect(() => convLayers({ kind: 'valid', width: 0, blocks: 1 })).toThrow(
      expect.objectContaining({ tag: 'bad-config' }),
    );
    expect(() => preset('valid', 'huge')).toThrow(/unknown preset/);
  });
});

describe('network', () => {
  test('zero tail = identity on the centre-cropped input; output shrinks by the margin', async () => {
    await tf.setBackend('cpu');
    for (const kind of ['valid', 'padded'] as const) {
      const net = createNetwork(preset(kind, 'tiny'), initWeights(preset(kind, 'tiny')));
      const x = tf.randomUniform([2, 30, 27, 1], 0, 1, 'float32', 3) as Tensor4D;
      const y = net.forward(x);
      const m = net.margin;
      expect(y.shape).toEqual([2, 30 - 2 * m, 27 - 2 * m, 1]);
      const crop = tf.slice(x, [0, m, m, 0], [2, 30 - 2 * m, 27 - 2 * m, 1]);
      expect(await y.data()).toEqual(await crop.data());
      tf.dispose([x, y, crop]);
      net.dispose();
    }
  });
  test('init is a pure function of the seed', () => {
    const c = preset('valid', 'tiny');
    const a = initWeights(c, { seed: 5 }).get('block1.conv2.w')!.data;
    expect(initWeights(c, { seed: 5 }).get('block1.conv2.w')!.data).toEqual(a);
    expect(initWeights(c, { seed: 6 }).get('block1.conv2.w')!.data).not.toEqual(a);
  });
  test('weights that do not fit the config are refused', () => {
    const w = initWeights(preset('valid', 'tiny'));
    expect(() => createNetwork(preset('valid', 'cpu'), w)).toThrow(
      expect.objectContaining({ tag: 'bad-weights' }),
    );
  });
});

describe('weights file', () => {
  const meta = {
    config: preset('valid', 'tiny'),
    preset: 'tiny',
    scale: 2.43,
    normalisation: { kind: 'percentile', low: 12, high: 3400.5 },
    training: { lr: 1e-3, steps: 100, seed: 9 },
  };
  test('round trip keeps every weight bit and the metadata', async () => {
    await tf.setBackend('cpu');
    const dir = mkdtempSync(join(tmpdir(), 'isotrope-w-'));
    try {
      const net = createNetwork(meta.config, initWeights(meta.config, { seed: 2, zeroTail: false }));
      const path = join(dir, 'model.safetensors');
      await saveWeights(path, await readWeights(net), meta);
      const back = await loadWeights(path);
      expect(back.meta).toEqual(meta);
      for (const [k, t] of net.weights) expect(back.weights.get(k)!.data).toEqual(await t.data());
      net.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('layout: u64 LE header length, 8-aligned JSON with string metadata', () => {
    const bytes = encodeWeights(initWeights(meta.config), meta);
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header['head.w']).toEqual({ dtype: 'F32', shape: [3, 3, 1, 8], data_offsets: [0, 288] });
    for (const v of Object.values(header.__metadata__)) expect(typeof v).toBe('string');
  });
  test('truncated and foreign files are tagged errors naming the file', async () => {
    const bytes = encodeWeights(initWeights(meta.config), meta);
    expect(() => decodeWeights(bytes.subarray(0, bytes.length - 4), 'm.st')).toThrow(
      /m.st: tensor .* offsets/,
    );
    expect(() => decodeWeights(bytes.subarray(0, 20), 'm.st')).toThrow(/truncated/);
    const dir = mkdtempSync(join(tmpdir(), 'isotrope-w-'));
    writeFileSync(
      join(dir, 'x'),
      new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode('{}      ')]),
    );
    const e = await loadWeights(join(dir, 'x')).catch((x: unknown) => x);
    expect(isSrError(e) && e.tag).toBe('bad-weights');
    rmSync(dir, { recursive: true, force: true });
  });
});
