/**
 * A two-channel stack, end to end in real Chromium against the real `isotrope serve`: open it
 * (both channels listed by name and colour), train every channel (one model each), run every
 * channel, and look at the result: the Compare composite in both colours, a channel toggled off,
 * the difference of one channel, and the 3D composite. The stack is written here (OME-TIFF with
 * named, coloured channels): nuclei (round blobs, magenta) and vessels (thin tubes, cyan), apart,
 * so each channel's colour shows where its own structure is. Screenshots go to test/.artifacts/e2e/.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seeded, writeOmeStack } from '../helpers/fixtures.js';
import { e2eUnavailable, launchBrowser, openPage, screenshot, startServe, type Served } from './harness.js';

const unavailable = e2eUnavailable();

const SIZE = { x: 96, y: 96, z: 24 };
const VOXEL = { x: 0.4, y: 0.4, z: 1.6 };
const CHANNELS = [
  { name: 'nuclei', color: 'FF00FF' },
  { name: 'vessels', color: '00FFFF' },
];

/** The two channels' volumes (z-major uint16 planes): blobs in the left half, tubes in the right. */
function twoChannelStack(): Uint16Array[][] {
  const random = seeded(13);
  const blobs = Array.from({ length: 14 }, () => ({
    x: 6 + random() * 36,
    y: 6 + random() * 84,
    z: 3 + random() * 18,
    radius: 2.5 + random() * 2.5,
  }));
  const tubes = Array.from({ length: 6 }, () => ({
    x: 54 + random() * 36,
    z: 2 + random() * 20,
    slope: random() - 0.5,
  }));
  const channels: Uint16Array[][] = [[], []];
  for (let z = 0; z < SIZE.z; z++) {
    const nuclei = new Uint16Array(SIZE.x * SIZE.y);
    const vessels = new Uint16Array(SIZE.x * SIZE.y);
    for (let y = 0; y < SIZE.y; y++) {
      for (let x = 0; x < SIZE.x; x++) {
        let blob = 0;
        for (const b of blobs) {
          // z in physical units (a 4× coarser step), so the blobs are round in µm.
          const d2 = (x - b.x) ** 2 + (y - b.y) ** 2 + ((z - b.z) * 4) ** 2;
          blob = Math.max(blob, Math.exp(-d2 / (2 * b.radius ** 2)));
        }
        let tube = 0;
        for (const t of tubes) {
          const d2 = (x - (t.x + t.slope * (y - 48))) ** 2 + ((z - t.z) * 4) ** 2;
          tube = Math.max(tube, Math.exp(-d2 / (2 * 1.5 ** 2)));
        }
        const noise = random() * 60;
        nuclei[y * SIZE.x + x] = Math.round(100 + 3000 * blob + noise);
        vessels[y * SIZE.x + x] = Math.round(100 + 2000 * tube + noise);
      }
    }
    channels[0].push(nuclei);
    channels[1].push(vessels);
  }
  return channels;
}

/** Writes the stack as an OME-TIFF: planes in XYZCT order (z fastest, then channel). */
async function writeTwoChannelStack(path: string): Promise<void> {
  const planes = twoChannelStack();
  const stackOf = (c: number): Uint16Array => {
    const stack = new Uint16Array(SIZE.x * SIZE.y * SIZE.z);
    planes[c].forEach((plane, z) => stack.set(plane, z * plane.length));
    return stack;
  };
  await writeOmeStack(path, {
    ...SIZE,
    c: CHANNELS.length,
    voxelSize: VOXEL,
    channels: CHANNELS,
    data: stackOf,
  });
}

interface Hues {
  magenta: number;
  cyan: number;
  bright: number;
}

/**
 * Pixels of a canvas by hue, read back in the page: magenta (red and blue, little green), cyan
 * (green and blue, little red), and bright (any component ≥ 160), within rows `band` of the height
 * (the MIP views draw their labels and scale bar at the edges).
 */
async function huesOf(page: Page, testid: string, band: [number, number] = [0.1, 0.85]): Promise<Hues> {
  return page.evaluate(
    ([id, top, bottom]) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      const source = el instanceof HTMLCanvasElement ? el : el?.querySelector('canvas');
      const hues = { magenta: 0, cyan: 0, bright: 0 };
      if (!source || source.width === 0 || source.height === 0) return hues;
      const copy = document.createElement('canvas');
      copy.width = source.width;
      copy.height = source.height;
      const ctx = copy.getContext('2d')!;
      ctx.drawImage(source, 0, 0);
      const y0 = Math.floor(copy.height * top);
      const y1 = Math.ceil(copy.height * bottom);
      const px = ctx.getImageData(0, y0, copy.width, Math.max(1, y1 - y0)).data;
      for (let i = 0; i < px.length; i += 4) {
        const [r, g, b] = [px[i], px[i + 1], px[i + 2]];
        if (r > 90 && b > 90 && g < 60) hues.magenta++;
        if (g > 90 && b > 90 && r < 60) hues.cyan++;
        if (Math.max(r, g, b) >= 160) hues.bright++;
      }
      return hues;
    },
    [testid, band[0], band[1]] as const,
  );
}

async function tab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
}

describe.skipIf(unavailable !== undefined)(
  `a two-channel stack in Chromium against isotrope serve${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let served: Served;
    let browser: Browser;
    let page: Page;
    let errors: string[];
    let work: string;
    let stack: string;

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'isotrope-e2e-channels-'));
      stack = join(work, 'two-channel.ome.tif');
      await writeTwoChannelStack(stack);
      served = await startServe();
      browser = await launchBrowser();
      ({ page, errors } = await openPage(browser, served.url));
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await served?.stop();
    });

    it('opens the stack and lists both channels by name and colour', async () => {
      await page.locator('#open-path').fill(stack);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await expect
        .poll(() => page.getByTestId('volume-shape').textContent(), { timeout: 60_000 })
        .toContain('96 × 96 × 24');
      const rows = page.getByTestId('volume-channel');
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
      expect((await rows.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
        '0 nuclei',
        '1 vessels',
      ]);
      const swatches = await page
        .locator('[data-testid="volume-channel"] .swatch')
        .evaluateAll((all) => all.map((el) => (el as HTMLElement).title));
      expect(swatches).toEqual(['#FF00FF', '#00FFFF']);
      // The ortho viewer switches channel by name.
      await page.getByTestId('open-channel').selectOption('1');
      await expect.poll(() => page.getByTestId('open-channel').inputValue()).toBe('1');
      await page.waitForTimeout(500);
      await screenshot(page, 'channels-01-open');
      await page.getByTestId('open-channel').selectOption('0');
    }, 90_000);

    it('trains every channel, one model each, saying which channel is training', async () => {
      await tab(page, 'Train');
      await page.getByLabel('Preset').selectOption('tiny');
      await page.getByLabel('Model directory').fill(join(work, 'model'));
      // Six seconds per channel: the budget is per channel, so the job trains both in about twelve.
      await page.getByLabel('Time budget (minutes)').fill('0.1');
      expect(await page.getByTestId('train-channel').inputValue()).toBe('all');
      await page.getByRole('button', { name: 'Start', exact: true }).click();
      await expect
        .poll(() => page.getByTestId('training-channel').textContent(), { timeout: 120_000 })
        .toMatch(/^channel [12] of 2: (nuclei|vessels)$/);
      await expect
        .poll(() => page.getByTestId('training-channel').textContent(), { timeout: 120_000 })
        .toBe('channel 2 of 2: vessels');
      await screenshot(page, 'channels-02-train');
      await expect
        .poll(() => page.getByTestId('training-state').textContent(), { timeout: 120_000 })
        .toMatch(/done/);
      // The preview after training shows a channel's model (MODEL_DIR/c<k>), not a missing MODEL_DIR model.
      const preview = page.getByTestId('model-preview');
      await expect
        .poll(() => preview.textContent(), { timeout: 60_000 })
        .toMatch(/(xz|yz) plane \d+|Could not preview/);
      expect(await preview.textContent()).not.toContain('Could not preview');
    }, 300_000);

    it('runs every channel to the end', async () => {
      await tab(page, 'Run');
      await page.getByLabel('Model directory').fill(join(work, 'model'));
      await page.getByLabel('Output directory').fill(join(work, 'run'));
      await page.getByLabel('Unit (rows × planes)').fill('32');
      const ticks = page.getByTestId('run-channels').getByRole('checkbox');
      expect(await ticks.count()).toBe(2);
      for (const tick of await ticks.all()) expect(await tick.isChecked()).toBe(true);
      await page.getByRole('button', { name: 'Start run' }).click();
      await expect.poll(() => page.getByTestId('run-phase').textContent(), { timeout: 300_000 }).toBe('done');
      await screenshot(page, 'channels-03-run');
    }, 330_000);

    it('compares the composite of both channels, then one channel, then one difference', async () => {
      await tab(page, 'Compare');
      await page.getByTestId('axis-z').click();
      const names = page.locator('[data-testid^="compare-channel-"] label');
      await expect
        .poll(async () => (await names.allTextContents()).map((n) => n.trim()), { timeout: 30_000 })
        .toEqual(['nuclei', 'vessels']);
      // Both colours in the composite: nuclei magenta, vessels cyan.
      await expect
        .poll(async () => (await huesOf(page, 'mip-sr')).magenta, { timeout: 60_000 })
        .toBeGreaterThan(200);
      await expect
        .poll(async () => (await huesOf(page, 'mip-sr')).cyan, { timeout: 30_000 })
        .toBeGreaterThan(200);
      await expect
        .poll(async () => (await huesOf(page, 'mip-bicubic')).cyan, { timeout: 30_000 })
        .toBeGreaterThan(200);
      await screenshot(page, 'channels-04-compare-composite');

      // Vessels off: the cyan goes, the magenta stays.
      await page.getByTestId('channel-toggle-1').uncheck();
      await expect
        .poll(async () => (await huesOf(page, 'mip-sr')).cyan, { timeout: 30_000 })
        .toBeLessThan(20);
      expect((await huesOf(page, 'mip-sr')).magenta).toBeGreaterThan(200);
      await screenshot(page, 'channels-05-compare-nuclei');

      // Swipe still works on the one channel; the difference is of one channel and says which.
      await page.getByTestId('mode-swipe').click();
      await expect
        .poll(async () => (await huesOf(page, 'mip-swipe')).magenta, { timeout: 30_000 })
        .toBeGreaterThan(100);
      await page.getByTestId('channel-only-1').click();
      await page.getByTestId('mode-difference').click();
      await expect.poll(() => page.getByTestId('difference-channel').textContent()).toContain('vessels');
      await expect
        .poll(async () => (await huesOf(page, 'mip-difference')).bright, { timeout: 30_000 })
        .toBeGreaterThan(500);
      await screenshot(page, 'channels-06-compare-difference');
      await page.getByTestId('mode-side-by-side').click();
      await page.getByTestId('channels-composite').click();
      await expect
        .poll(async () => (await huesOf(page, 'mip-sr')).cyan, { timeout: 30_000 })
        .toBeGreaterThan(200);
    }, 180_000);

    it('renders the 3D composite, and one channel', async () => {
      await tab(page, '3D');
      await page.getByLabel('Finished regions').uncheck();
      const names = page.getByTestId('preview-channels').locator('label');
      await expect
        .poll(async () => (await names.allTextContents()).map((n) => n.trim()), { timeout: 30_000 })
        .toEqual(['nuclei', 'vessels']);
      await expect
        .poll(async () => (await huesOf(page, 'preview-3d', [0, 1])).magenta, { timeout: 60_000 })
        .toBeGreaterThan(50);
      await expect
        .poll(async () => (await huesOf(page, 'preview-3d', [0, 1])).cyan, { timeout: 30_000 })
        .toBeGreaterThan(50);
      await screenshot(page, 'channels-07-preview-composite');
      await page.getByTestId('preview-channel-0').uncheck();
      await expect
        .poll(async () => (await huesOf(page, 'preview-3d', [0, 1])).magenta, { timeout: 30_000 })
        .toBeLessThan(10);
      expect((await huesOf(page, 'preview-3d', [0, 1])).cyan).toBeGreaterThan(50);
      await screenshot(page, 'channels-08-preview-vessels');
      expect(errors).toEqual([]);
    }, 120_000);
  },
);
