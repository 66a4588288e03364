import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import type { ApiEvent, MipInfoResult } from '../../../app/api/schemas.js';
import CompareView from '../../../renderer/src/compare/CompareView.svelte';
import { DEFAULT_DISPLAY } from '../../../renderer/src/lib/display.js';
import { FakeClient } from '../fake-client.js';

const RUN = '/runs/brain';

function mipInfo(over: Partial<MipInfoResult> = {}): MipInfoResult {
  return {
    runDir: RUN,
    axes: {
      z: { width: 2000, height: 6000 },
      y: { width: 2000, height: 400 },
      x: { width: 6000, height: 400 },
    },
    tileSize: 512,
    levels: { z: 4, y: 3, x: 4 },
    voxelSize: { x: 0.4, y: 0.4, z: 0.4 },
    range: { z: { lo: 0, hi: 100 }, y: { lo: 0, hi: 100 }, x: { lo: 0, hi: 100 } },
    unitsDone: 3,
    unitsTotal: 10,
    ...over,
  };
}

/** The shared fake engine answering mipInfo and readMipTile (tiles of the asked size, all 50). */
function fakeEngine(info: () => Promise<MipInfoResult>) {
  const fake = new FakeClient()
    .on('mipInfo', () => info())
    .on('readMipTile', (args) => {
      const data = new Float32Array(16).fill(50);
      return {
        header: {
          runDir: args.runDir,
          source: args.source,
          axis: args.axis,
          level: args.level,
          tx: args.tx,
          ty: args.ty,
          width: 4,
          height: 4,
          dtype: 'float32',
          byteLength: 64,
          littleEndian: true,
          unitsDone: 3,
          unitsTotal: 10,
        },
        data: new Uint8Array(data.buffer),
      };
    });
  const tiles = () => fake.callsOf('readMipTile').map((c) => c.args);
  return { client: fake, fake, emit: (e: ApiEvent) => fake.emit(e), tiles, calls: fake.calls };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 0));
    flushSync();
  }
}

describe('CompareView', () => {
  let target: HTMLElement;
  beforeEach(() => {
    // jsdom lays nothing out and has no 2D canvas: give panes a size, and getContext its "none".
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    target = document.createElement('div');
    document.body.append(target);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    target.remove();
  });

  it('shows SR and bicubic side by side from the coarsest tiles at fit', async () => {
    const engine = fakeEngine(async () => mipInfo());
    const app = mount(CompareView, {
      target,
      props: { client: engine.client, runDir: RUN, display: DEFAULT_DISPLAY, initialAxis: 'z' },
    });
    await settle();
    expect(target.querySelector('[data-testid="mip-sr"]')).toBeInstanceOf(HTMLCanvasElement);
    expect(target.querySelector('[data-testid="mip-bicubic"]')).toBeInstanceOf(HTMLCanvasElement);
    expect(target.querySelector('[data-testid="mip-units"]')?.textContent).toContain('3 / 10');
    // 800 × 600 panes show the 2000 × 6000 MIP at 0.1 px/voxel: level 3, two tiles, both sources.
    const keys = engine
      .tiles()
      .map((t) => `${t.source}/${t.axis}/${t.level}/${t.tx}/${t.ty}`)
      .sort();
    expect(keys).toEqual(['bicubic/z/3/0/0', 'bicubic/z/3/0/1', 'sr/z/3/0/0', 'sr/z/3/0/1']);
    expect(engine.tiles().every((t) => t.runDir === RUN)).toBe(true);
    unmount(app);
    expect(engine.fake.listenerCount).toBe(0);
  });

  it('overlays the disagreement on SR with its toggle, only for runs that have one', async () => {
    const plain = fakeEngine(async () => mipInfo());
    const without = mount(CompareView, {
      target,
      props: { client: plain.client, runDir: RUN, display: DEFAULT_DISPLAY, initialAxis: 'z' },
    });
    await settle();
    expect(target.querySelector('[data-testid="disagreement-toggle"]')).toBeNull();
    unmount(without);
    const range = { z: { lo: 0, hi: 7 }, y: { lo: 0, hi: 9 }, x: { lo: 0, hi: 8 } };
    const engine = fakeEngine(async () => mipInfo({ disagreement: { range } }));
    const app = mount(CompareView, {
      target,
      props: { client: engine.client, runDir: RUN, display: DEFAULT_DISPLAY, initialAxis: 'z' },
    });
    await settle();
    const toggle = target.querySelector<HTMLInputElement>('[data-testid="disagreement-toggle"]')!;
    expect(toggle.checked).toBe(false);
    expect(engine.tiles().some((t) => t.source === 'disagreement')).toBe(false);
    expect(target.querySelector('[data-testid="disagreement-legend"]')).toBeNull();
    toggle.click();
    await settle();
    const overlay = engine
      .tiles()
      .filter((t) => t.source === 'disagreement')
      .map((t) => `${t.axis}/${t.level}/${t.tx}/${t.ty}`)
      .sort();
    expect(overlay).toEqual(['z/3/0/0', 'z/3/0/1']);
    expect(target.querySelector('[data-testid="disagreement-legend"]')?.textContent).toContain('7.00');
    // Not over the difference map.
    target.querySelector<HTMLButtonElement>('[data-testid="mode-difference"]')!.click();
    await settle();
    expect(target.querySelector('[data-testid="disagreement-legend"]')).toBeNull();
    unmount(app);
  });

  it('opens on the y (xz) MIP, where SR changes the stack most', async () => {
    const engine = fakeEngine(async () => mipInfo());
    const app = mount(CompareView, {
      target,
      props: { client: engine.client, runDir: RUN, display: DEFAULT_DISPLAY },
    });
    await settle();
    const axisButton = (id: string) => target.querySelector(`[data-testid="axis-${id}"]`);
    expect(axisButton('y')?.getAttribute('aria-checked')).toBe('true');
    expect(axisButton('z')?.getAttribute('aria-checked')).toBe('false');
    expect(engine.tiles().length).toBeGreaterThan(0);
    expect(engine.tiles().every((t) => t.axis === 'y')).toBe(true);
    unmount(app);
  });

  it('refetches the visible tiles and the info on previewUpdated for its run only', async () => {
    const engine = fakeEngine(async () => mipInfo());
    const app = mount(CompareView, {
      target,
      props: { client: engine.client, runDir: RUN, display: DEFAULT_DISPLAY, initialAxis: 'z' },
    });
    await settle();
    const before = engine.tiles().length;
    engine.emit({ event: 'previewUpdated', runDir: '/runs/other', unitsDone: 1, unitsTotal: 2 });
    await settle();
    expect(engine.tiles().length).toBe(before);
    engine.emit({ event: 'previewUpdated', runDir: RUN, unitsDone: 4, unitsTotal: 10 });
    await settle();
    const again = engine
      .tiles()
      .slice(before)
      .map((t) => `${t.source}/${t.level}/${t.tx}/${t.ty}`)
      .sort();
    expect(again).toEqual(['bicubic/3/0/0', 'bicubic/3/0/1', 'sr/3/0/0', 'sr/3/0/1']);
    expect(engine.calls.filter((c) => c.command === 'mipInfo')).toHaveLength(2);
    unmount(app);
  });

  it('asks both sources for finer tiles after a wheel zoom (synced views)', async () => {
    const engine = fakeEngine(async () => mipInfo());
    const app = mount(CompareView, {
      target,
      props: { client: engine.client, runDir: RUN, display: DEFAULT_DISPLAY },
    });
    await settle();
    const before = engine.tiles().length;
    const pane = target.querySelector('[data-testid="mip-bicubic"]')!.parentElement!;
    pane.dispatchEvent(
      new WheelEvent('wheel', { deltaY: -1100, clientX: 400, clientY: 300, bubbles: true, cancelable: true }),
    );
    await settle();
    const after = engine.tiles().slice(before);
    expect(after.length).toBeGreaterThan(0);
    const levels = new Set(after.map((t) => t.level));
    expect(Math.min(...levels)).toBe(0); // 0.1 × 1.25^11 ≈ 1.16 px per voxel: full resolution
    const sr = after
      .filter((t) => t.source === 'sr' && t.level === 0)
      .map((t) => `${t.tx}/${t.ty}`)
      .sort();
    const bic = after
      .filter((t) => t.source === 'bicubic' && t.level === 0)
      .map((t) => `${t.tx}/${t.ty}`)
      .sort();
    expect(sr).toEqual(bic);
    expect(sr.length).toBeLessThanOrEqual(9);
    unmount(app);
  });

  it('aborts requests for full-resolution tiles once zoomed back out', async () => {
    const engine = fakeEngine(async () => mipInfo());
    const app = mount(CompareView, {
      target,
      props: { client: engine.client, runDir: RUN, display: DEFAULT_DISPLAY },
    });
    await settle();
    engine.fake.hold('readMipTile');
    const pane = target.querySelector('[data-testid="mip-sr"]')!.parentElement!;
    pane.dispatchEvent(
      new WheelEvent('wheel', { deltaY: -1100, clientX: 400, clientY: 300, bubbles: true, cancelable: true }),
    );
    await settle();
    const fine = engine.fake.callsOf('readMipTile').filter((c) => c.args.level === 0);
    expect(fine.length).toBeGreaterThan(0);
    expect(fine.every((c) => !c.options.signal?.aborted)).toBe(true);
    pane.dispatchEvent(
      new WheelEvent('wheel', { deltaY: 1100, clientX: 400, clientY: 300, bubbles: true, cancelable: true }),
    );
    await settle();
    expect(fine.every((c) => c.options.signal?.aborted)).toBe(true);
    engine.fake.release('readMipTile');
    unmount(app);
  });

  it('switches to swipe and difference views', async () => {
    const engine = fakeEngine(async () => mipInfo());
    const app = mount(CompareView, {
      target,
      props: { client: engine.client, runDir: RUN, display: DEFAULT_DISPLAY },
    });
    await settle();
    (target.querySelector('[data-testid="mode-swipe"]') as HTMLButtonElement).click();
    await settle();
    expect(target.querySelector('[data-testid="mip-swipe"]')).not.toBeNull();
    expect(target.querySelector('[data-testid="swipe-divider"]')).not.toBeNull();
    expect(target.querySelector('[data-testid="mip-sr"]')).toBeNull();
    (target.querySelector('[data-testid="mode-difference"]') as HTMLButtonElement).click();
    await settle();
    expect(target.querySelector('[data-testid="mip-difference"]')).not.toBeNull();
    expect(target.querySelector('[data-testid="difference-legend"]')?.textContent).toMatch(/SR brighter/);
    (target.querySelector('[data-testid="axis-y"]') as HTMLButtonElement).click();
    await settle();
    expect(engine.tiles().some((t) => t.axis === 'y')).toBe(true);
    unmount(app);
  });

  it('says so when no unit has finished, and fetches no tiles', async () => {
    const engine = fakeEngine(async () => mipInfo({ unitsDone: 0, range: { z: null, y: null, x: null } }));
    const app = mount(CompareView, {
      target,
      props: { client: engine.client, runDir: RUN, display: DEFAULT_DISPLAY },
    });
    await settle();
    expect(target.querySelector('[data-testid="compare-empty"]')?.textContent).toMatch(
      /No finished units.*0 \/ 10/s,
    );
    expect(engine.tiles()).toHaveLength(0);
    expect(target.querySelector('[data-testid="mip-sr"]')).toBeNull();
    unmount(app);
  });

  it('shows a readable error when mipInfo fails', async () => {
    const engine = fakeEngine(async () => mipInfo());
    engine.fake.fail('mipInfo', {
      layer: 'run',
      tag: 'not-a-run',
      message: '/runs/brain is not a run directory (no manifest.json)',
    });
    const app = mount(CompareView, {
      target,
      props: { client: engine.client, runDir: RUN, display: DEFAULT_DISPLAY },
    });
    await settle();
    const alert = target.querySelector('[data-testid="compare-error"]');
    expect(alert?.textContent).toContain('Could not read the MIPs of /runs/brain');
    expect(alert?.textContent).toContain('no manifest.json');
    unmount(app);
  });

  describe('a run of two channels and two time points', () => {
    const range = { z: { lo: 0, hi: 100 }, y: { lo: 0, hi: 100 }, x: { lo: 0, hi: 100 } };
    const twoChannels = (): MipInfoResult =>
      mipInfo({
        channels: [
          { index: 0, name: 'vessels', color: '00FFFF', range },
          { index: 1, name: 'neurons', color: 'FF00FF', range: { ...range, z: { lo: 5, hi: 400 } } },
        ],
        timepoints: [0, 1],
      });
    const planesOf = (tiles: { c?: number; t?: number; source: string }[]) =>
      [...new Set(tiles.map((t) => `${t.source}/c${t.c}/t${t.t}`))].sort();

    it('lists the channels, fetches every visible channel of the time point, and follows the toggles', async () => {
      const engine = fakeEngine(async () => twoChannels());
      const app = mount(CompareView, {
        target,
        props: { client: engine.client, runDir: RUN, display: DEFAULT_DISPLAY, initialAxis: 'z' },
      });
      await settle();
      const names = [...target.querySelectorAll('[data-testid^="compare-channel-"] label')].map((l) =>
        l.textContent?.trim(),
      );
      expect(names).toEqual(['vessels', 'neurons']);
      expect(
        (target.querySelector('[data-testid="channel-color-1"]') as HTMLInputElement).value.toUpperCase(),
      ).toBe('#FF00FF');
      // The automatic contrast is each channel's own range of the MIP shown.
      const max = target.querySelector('input[aria-label="Display maximum of neurons"]') as HTMLInputElement;
      expect(max.placeholder).toBe('400');
      expect(planesOf(engine.tiles())).toEqual(['bicubic/c0/t0', 'bicubic/c1/t0', 'sr/c0/t0', 'sr/c1/t0']);

      const before = engine.tiles().length;
      const toggle = target.querySelector('[data-testid="channel-toggle-1"]') as HTMLInputElement;
      toggle.checked = false;
      toggle.dispatchEvent(new Event('change', { bubbles: true }));
      const select = target.querySelector('[data-testid="compare-timepoint"]') as HTMLSelectElement;
      select.value = '1';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await settle();
      expect(planesOf(engine.tiles().slice(before))).toEqual(['bicubic/c0/t1', 'sr/c0/t1']);

      // The difference is of one channel, and says which.
      (target.querySelector('[data-testid="mode-difference"]') as HTMLButtonElement).click();
      await settle();
      expect(target.querySelector('[data-testid="difference-channel"]')?.textContent).toContain('vessels');
      (target.querySelector('[data-testid="channel-only-1"]') as HTMLButtonElement).click();
      await settle();
      expect(target.querySelector('[data-testid="difference-channel"]')?.textContent).toContain('neurons');
      (target.querySelector('[data-testid="channels-composite"]') as HTMLButtonElement).click();
      await settle();
      expect(toggle.checked).toBe(true);
      unmount(app);
    });

    it('keeps a single-channel run as before: no channel controls, no c or t in its reads', async () => {
      const engine = fakeEngine(async () =>
        mipInfo({ channels: [{ index: 0, name: 'C0', color: 'FFFFFF', range }], timepoints: [0] }),
      );
      const app = mount(CompareView, {
        target,
        props: { client: engine.client, runDir: RUN, display: DEFAULT_DISPLAY },
      });
      await settle();
      expect(target.querySelector('[data-testid="compare-channels"]')).toBeNull();
      expect(target.querySelector('[data-testid="compare-timepoint"]')).toBeNull();
      expect(engine.tiles().length).toBeGreaterThan(0);
      expect(engine.tiles().every((t) => !('c' in t) && !('t' in t))).toBe(true);
      unmount(app);
    });
  });
});
