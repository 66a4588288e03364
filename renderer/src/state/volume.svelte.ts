/**
 * The volume being looked at: its metadata, the voxel size and PSF width the user may correct
 * (training gets them as xyPixel / zStep / fwhm), the crosshair position shared by the three
 * planes, the automatic display range of what is shown, and the open in progress (cancellable).
 */
import type { CallOptions, EngineClient, VolumeInfo } from '../../../app/api/contract.js';
import { centreOf, type Voxel } from '../open/plane-geometry.js';

export interface OpenProgress {
  what: string;
  fraction: number | null;
}

export class VolumeState {
  info = $state.raw<VolumeInfo | null>(null);
  /** Lateral pixel size and z-step in µm (the file's, or as edited); null when unknown. */
  xyPixel = $state<number | null>(null);
  zStep = $state<number | null>(null);
  /** Axial FWHM of the PSF in µm; null lets training derive it from the z-step. */
  fwhm = $state<number | null>(null);
  /** Whether the user edited the voxel size (the metadata panel says so). */
  edited = $state(false);
  position = $state<Voxel>({ x: 0, y: 0, z: 0 });
  /** The channel and time point the planes show (stacks with several). */
  channel = $state(0);
  timepoint = $state(0);
  /** The automatic display range (0.1 / 99.9 percentiles of the xy plane shown). */
  autoRange = $state.raw<{ lo: number; hi: number }>({ lo: 0, hi: 1 });
  opening = $state.raw<OpenProgress | null>(null);
  private controller: AbortController | null = null;

  /** Opens the bundled sample (generated on first use, with progress) or a path; replaces any open in progress. */
  async open(client: EngineClient, what: { sample: true } | { path: string }): Promise<VolumeInfo | null> {
    this.cancel();
    const controller = new AbortController();
    this.controller = controller;
    const label = 'sample' in what ? 'Opening the sample' : `Opening ${what.path}`;
    this.opening = { what: label, fraction: null };
    const options: CallOptions = {
      signal: controller.signal,
      onProgress: (task, fraction) => {
        if (this.controller === controller) this.opening = { what: task, fraction };
      },
    };
    try {
      const previous = this.info;
      const info =
        'sample' in what
          ? await client.call('openSample', {}, options)
          : await client.call('openVolume', { path: what.path }, options);
      if (controller.signal.aborted) return null;
      this.set(info);
      if (previous && previous.volumeId !== info.volumeId) {
        // Release the old volume's reader; a failure here is not the user's concern.
        client.call('closeVolume', { volumeId: previous.volumeId }).catch(() => undefined);
      }
      return info;
    } finally {
      if (this.controller === controller) {
        this.controller = null;
        this.opening = null;
      }
    }
  }

  /** Abandons the open in progress (Esc, or the Cancel button). */
  cancel(): void {
    this.controller?.abort();
    this.controller = null;
    this.opening = null;
  }

  /** Shows a newly opened volume: its voxel size, the crosshair at its centre. */
  set(info: VolumeInfo): void {
    this.info = info;
    this.xyPixel = info.voxelSize.x;
    this.zStep = info.voxelSize.z;
    this.fwhm = null;
    this.edited = false;
    this.position = centreOf(info.shape);
    this.channel = 0;
    this.timepoint = 0;
  }
}
