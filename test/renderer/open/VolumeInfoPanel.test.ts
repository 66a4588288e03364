/** The Open screen's facts: what the reader worked around, and the slice FWHM training will take. */
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import VolumeInfoPanel from '../../../renderer/src/open/VolumeInfoPanel.svelte';
import { VolumeState } from '../../../renderer/src/state/volume.svelte.js';
import { sampleInfo } from '../fake-client.js';
import type { VolumeInfo } from '../../../app/api/schemas.js';

let shown: ReturnType<typeof mount> | undefined;
afterEach(() => {
  if (shown) unmount(shown);
  shown = undefined;
  document.body.innerHTML = '';
});

function show(info: VolumeInfo): HTMLElement {
  const volume = new VolumeState();
  volume.set(info);
  const target = document.createElement('div');
  document.body.append(target);
  shown = mount(VolumeInfoPanel, { target, props: { volume } });
  flushSync();
  return target;
}

describe('VolumeInfoPanel', () => {
  it("lists the reader's warnings, and none for a sound file", () => {
    const warning = 'damaged OME-XML (unclosed tag): read as 64 plain TIFF pages, voxel size unknown';
    const damaged = show(sampleInfo({ warnings: [warning] }));
    const lines = [...damaged.querySelectorAll('[data-testid="volume-warning"]')].map((e) => e.textContent);
    expect(lines).toEqual([warning]);
    unmount(shown!);
    shown = undefined;
    const sound = show(sampleInfo({ warnings: [] }));
    expect(sound.querySelectorAll('[data-testid="volume-warning"]')).toHaveLength(0);
  });

  it('shows the recorded slice FWHM as the default, else the z step', () => {
    const recorded = show(
      sampleInfo({ sliceProfile: { axialFwhm: 2.2, lateralFwhm: 0.8, source: 'ome-xml' } }),
    );
    const fwhm = (target: HTMLElement): HTMLInputElement =>
      target.querySelector('input[aria-label="PSF axial FWHM in µm"]')!;
    expect(fwhm(recorded).placeholder).toBe('2.2');
    expect(recorded.querySelector('[data-testid="recorded-fwhm"]')!.textContent).toContain(
      'PSF axial FWHM 2.2 µm from the OME-XML',
    );
    unmount(shown!);
    shown = undefined;
    const none = show(sampleInfo({ sliceProfile: null }));
    expect(fwhm(none).placeholder).toBe('from z step');
    expect(none.querySelector('[data-testid="recorded-fwhm"]')).toBeNull();
  });

  it('lists the channels with their names and colours, and the time points', () => {
    const panel = show(
      sampleInfo({
        shape: { x: 64, y: 64, z: 16, c: 2, t: 3 },
        channels: [
          { name: 'vessels', color: '00FFFF' },
          { name: 'neurons', color: 'FF00FF' },
        ],
      }),
    );
    const rows = [...panel.querySelectorAll('[data-testid="volume-channel"]')];
    expect(rows.map((row) => row.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      '0 vessels',
      '1 neurons',
    ]);
    const swatches = rows.map((row) => (row.querySelector('.swatch') as HTMLElement).title);
    expect(swatches).toEqual(['#00FFFF', '#FF00FF']);
    expect(panel.querySelector('[data-testid="volume-timepoints"]')?.textContent).toBe('3');
    unmount(shown!);
    shown = undefined;
    const single = show(sampleInfo());
    expect(single.querySelector('[data-testid="volume-channels"]')).toBeNull();
  });
});
