/**
 * The Open screen's "Estimate from the data" beside the FWHM field: it asks the engine for the
 * estimate of the volume shown (with the voxel size as shown), fills the field with it and
 * shows the interval; a failure is said, the field left alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import VolumeInfoPanel from '../../../renderer/src/open/VolumeInfoPanel.svelte';
import { VolumeState } from '../../../renderer/src/state/volume.svelte.js';
import { FakeClient, sampleInfo } from '../fake-client.js';
import type { ProfileEstimate } from '../../../app/api/schemas.js';

afterEach(cleanup);

function estimateOf(fwhm: number, zStep: number): ProfileEstimate {
  return {
    fwhm,
    fwhmSteps: fwhm / zStep,
    low: fwhm * 0.9,
    high: fwhm * 1.2,
    method: 'spectrum-match',
    extraFwhm: fwhm,
    lateralFwhm: 0,
    xyPixel: 0.4,
    zStep,
    segments: { throughPlane: 100, inPlane: 100 },
    atLimit: null,
  };
}

function shown(client: FakeClient): VolumeState {
  const volume = new VolumeState();
  volume.set(sampleInfo({ sliceProfile: null }));
  render(VolumeInfoPanel, { volume, client });
  return volume;
}

describe('Estimate from the data', () => {
  it('fills the FWHM field with the estimate and shows its interval', async () => {
    const client = new FakeClient().on('estimateProfile', (args) => estimateOf(3.137, args.zStep ?? 1));
    const volume = shown(client);
    volume.zStep = 2;
    await fireEvent.click(await screen.findByTestId('estimate-fwhm'));
    const field = screen.getByLabelText<HTMLInputElement>('PSF axial FWHM in µm');
    await waitFor(() => expect(field.value).toBe('3.14'));
    expect(volume.fwhm).toBe(3.14);
    const calls = client.callsOf('estimateProfile');
    expect(calls).toHaveLength(1);
    expect(calls[0].args).toMatchObject({ volumeId: 'v1', channel: 0, xyPixel: 0.4, zStep: 2 });
    const note = screen.getByTestId('estimated-fwhm').textContent ?? '';
    expect(note).toContain('3.14 µm');
    expect(note).toContain('1.57 z');
    expect(note).toContain(`${(3.137 * 0.9).toFixed(2)}–${(3.137 * 1.2).toFixed(2)} µm`);
  });

  it('says why when the engine cannot estimate, and leaves the field empty', async () => {
    const client = new FakeClient().fail('estimateProfile', {
      layer: 'sr',
      tag: 'bad-input',
      message: 'too small to estimate the slice profile',
    });
    const volume = shown(client);
    await fireEvent.click(await screen.findByTestId('estimate-fwhm'));
    expect((await screen.findByTestId('estimate-error')).textContent).toContain('too small');
    expect(volume.fwhm).toBeNull();
    expect(screen.queryByTestId('estimated-fwhm')).toBeNull();
  });

  it('is disabled while the voxel size is unknown', async () => {
    const volume = shown(new FakeClient());
    volume.xyPixel = null;
    await waitFor(() => expect(screen.getByTestId<HTMLButtonElement>('estimate-fwhm').disabled).toBe(true));
  });
});
