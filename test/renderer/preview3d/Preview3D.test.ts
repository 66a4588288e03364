import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import type { ApiEvent, PreviewHeader } from '../../../app/api/schemas.js';
import Preview3D from '../../../renderer/src/preview3d/Preview3D.svelte';
import { DEFAULT_DISPLAY } from '../../../renderer/src/lib/display.js';
import { FakeClient } from '../fake-client.js';

const RUN = '/runs/brain';

/** The shared fake engine answering readPreview with a 4 × 3 × 2 volume, half of it finished. */
function fakeEngine(fail = false) {
  const fake = new FakeClient().on('readPreview', (args) => {
    const dims = { x: 4, y: 3, z: 2 };
    const header: PreviewHeader = {
      runDir: RUN,
      source: args.source,
      dims,
      factor: 8,
      voxelSize: { x: 3.2, y: 3.2, z: 3.2 },
      range: { lo: 0, hi: 1 },
      doneBoxes: [{ x: { start: 0, end: 4 }, y: { start: 0, end: 3 }, z: { start: 0, end: 1 } }],
      dtype: 'float32',
      byteLength: 96,
      littleEndian: true,
      unitsDone: 1,
      unitsTotal: 2,
    };
    return { header, data: new Uint8Array(new Float32Array(24).buffer) };
  });
  if (fail)
    fake.fail('readPreview', { layer: 'run', tag: 'not-a-run', message: 'no preview in /runs/brain' });
  return {
    client: fake,
    fake,
    emit: (e: ApiEvent) => fake.emit(e),
    get calls() {
      return fake.callsOf('readPreview').map((c) => c.args);
    },
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 0));
    flushSync();
  }
}

describe('Preview3D', () => {
  let target: HTMLElement;
  beforeEach(() => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null); // jsdom: no WebGL2
    target = document.createElement('div');
    document.body.append(target);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    target.remove();
  });

  it('says WebGL2 is missing instead of showing a blank area, and still reads the run', async () => {
    const engine = fakeEngine();
    const app = mount(Preview3D, {
      target,
      props: { client: engine.client, runDir: RUN, display: DEFAULT_DISPLAY },
    });
    await settle();
    const message = target.querySelector('[data-testid="preview-no-webgl"]');
    expect(message?.textContent).toMatch(/needs WebGL2/);
    expect(target.querySelector('[data-testid="preview-3d"]')).toBeNull();
    expect(engine.calls).toEqual([{ runDir: RUN, source: 'sr' }]);
    expect(target.querySelector('[data-testid="preview-units"]')?.textContent).toMatch(
      /1 \/ 2 units · 4×3×2 \(1:8\)/,
    );
    unmount(app);
    expect(engine.fake.listenerCount).toBe(0);
  });

  it('offers the disagreement as a third volume only for a run with a confidence map', async () => {
    const status = (disagreement?: string) => ({
      state: 'done' as const,
      unitsDone: 2,
      unitsTotal: 2,
      voxelsDone: 2,
      voxelsTotal: 2,
      processes: [],
      finalized: true,
      input: '/data/brain.ome.tif',
      output: { shape: { x: 4, y: 3, z: 2 }, dtype: 'uint16', store: 'output.zarr' },
      unitSeconds: 1,
      timepoints: [0],
      ...(disagreement ? { disagreement } : {}),
    });
    const plain = fakeEngine();
    plain.fake.on('runStatus', () => status());
    const without = mount(Preview3D, {
      target,
      props: { client: plain.client, runDir: RUN, display: DEFAULT_DISPLAY },
    });
    await settle();
    expect(target.querySelector('[data-testid="preview-source-disagreement"]')).toBeNull();
    unmount(without);
    const engine = fakeEngine();
    engine.fake.on('runStatus', () => status(`${RUN}/output.zarr/disagreement`));
    const app = mount(Preview3D, {
      target,
      props: { client: engine.client, runDir: RUN, display: DEFAULT_DISPLAY },
    });
    await settle();
    const button = target.querySelector<HTMLButtonElement>('[data-testid="preview-source-disagreement"]')!;
    expect(button.getAttribute('aria-checked')).toBe('false');
    button.click();
    await settle();
    expect(button.getAttribute('aria-checked')).toBe('true');
    expect(engine.calls.at(-1)).toEqual({ runDir: RUN, source: 'disagreement' });
    unmount(app);
  });

  it('refetches on previewUpdated for its run and on the SR / bicubic toggle', async () => {
    const engine = fakeEngine();
    const app = mount(Preview3D, {
      target,
      props: { client: engine.client, runDir: RUN, display: DEFAULT_DISPLAY },
    });
    await settle();
    engine.emit({ event: 'previewUpdated', runDir: '/runs/other', unitsDone: 1, unitsTotal: 2 });
    await settle();
    expect(engine.calls).toHaveLength(1);
    engine.emit({ event: 'previewUpdated', runDir: RUN, unitsDone: 2, unitsTotal: 2 });
    await settle();
    expect(engine.calls).toHaveLength(2);
    (target.querySelector('[data-testid="preview-source-bicubic"]') as HTMLButtonElement).click();
    await settle();
    expect(engine.calls.at(-1)).toEqual({ runDir: RUN, source: 'bicubic' });
    unmount(app);
  });

  it('treats a WebGL1-only context as no WebGL2, and reports a failed read', async () => {
    vi.restoreAllMocks();
    // A context object without texImage3D is a WebGL1 one: still "no WebGL2".
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({} as RenderingContext);
    const engine = fakeEngine(true);
    const app = mount(Preview3D, {
      target,
      props: { client: engine.client, runDir: RUN, display: DEFAULT_DISPLAY },
    });
    await settle();
    expect(target.querySelector('[data-testid="preview-no-webgl"]')).not.toBeNull();
    expect(target.querySelector('[data-testid="preview-error"]')?.textContent).toBe(
      'Could not read the 3D preview of /runs/brain: no preview in /runs/brain',
    );
    unmount(app);
  });

  it('reads every visible channel of the time point for the composite, and follows the toggles', async () => {
    const engine = fakeEngine();
    engine.fake.on('runStatus', () => ({
      state: 'running',
      unitsDone: 1,
      unitsTotal: 2,
      voxelsDone: 1,
      voxelsTotal: 2,
      processes: [],
      finalized: false,
      input: '/data/brain.ome.tif',
      output: { shape: { x: 4, y: 3, z: 2 }, dtype: 'uint16', store: 'output.zarr' },
      unitSeconds: 1,
      channels: [
        { index: 0, name: 'vessels', color: '00FFFF' },
        { index: 1, name: 'neurons', color: 'FF00FF' },
      ],
      timepoints: [0, 1, 2],
    }));
    const app = mount(Preview3D, {
      target,
      props: { client: engine.client, runDir: RUN, display: DEFAULT_DISPLAY },
    });
    await settle();
    expect(engine.calls).toEqual([
      { runDir: RUN, source: 'sr', c: 0, t: 0 },
      { runDir: RUN, source: 'sr', c: 1, t: 0 },
    ]);
    const toggle = target.querySelector('[data-testid="preview-channel-0"]') as HTMLInputElement;
    toggle.checked = false;
    toggle.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(engine.calls.at(-1)).toEqual({ runDir: RUN, source: 'sr', c: 1, t: 0 });
    const select = target.querySelector('[data-testid="preview-timepoint"]') as HTMLSelectElement;
    select.value = '2';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(engine.calls.at(-1)).toEqual({ runDir: RUN, source: 'sr', c: 1, t: 2 });
    const count = engine.calls.length;
    (target.querySelector('[data-testid="preview-channel-1"]') as HTMLInputElement).checked = false;
    target
      .querySelector('[data-testid="preview-channel-1"]')!
      .dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(target.querySelector('[data-testid="preview-no-channel"]')).not.toBeNull();
    expect(engine.calls).toHaveLength(count);
    (target.querySelector('[data-testid="preview-composite"]') as HTMLButtonElement).click();
    await settle();
    expect(engine.calls.slice(count)).toEqual([
      { runDir: RUN, source: 'sr', c: 0, t: 2 },
      { runDir: RUN, source: 'sr', c: 1, t: 2 },
    ]);
    unmount(app);
  });
});
