/**
 * The runs the engine knows (listRuns), updated live from runProgress and job events, and the
 * run selected for the Compare and 3D tabs.
 */
import type { EngineClient, ApiEvent, ExportFormat } from '../../../app/api/contract.js';
import { applyRunEvent, fromSummaries, type RunsView } from '../run/run-progress.js';

/** The New run form, kept here so it survives switching tabs. */
export interface RunDraft {
  modelDir: string;
  runDir: string;
  orientations: 'both' | 'xz' | 'yz';
  dtype: 'uint8' | 'uint16' | 'float32';
  unit: number;
  tile: number | null;
  /** The input channels ticked (a stack of several; all by default) and the time points typed (empty: all). */
  channels: number[];
  timepoints: string;
  /** The stack the paths were prefilled for; a new stack prefills again. */
  prefilledFor: string | null;
}

export class Runs {
  view = $state.raw<RunsView>({});
  selected = $state<string | null>(null);
  /** The export format last chosen (the Export panel and the Export… menu both use it). */
  exportFormat = $state<ExportFormat>('ome-tiff');
  draft = $state<RunDraft>({
    modelDir: '',
    runDir: '',
    orientations: 'both',
    dtype: 'uint16',
    unit: 64,
    tile: null,
    channels: [],
    timepoints: '',
    prefilledFor: null,
  });

  /** Re-reads the list from the engine (start-up, after start / cancel). */
  async refresh(client: EngineClient, signal?: AbortSignal): Promise<void> {
    const { runs } = await client.call('listRuns', {}, { signal });
    this.view = fromSummaries(runs, this.view);
  }

  apply(event: ApiEvent): void {
    const next = applyRunEvent(this.view, event);
    if (next !== this.view) this.view = next;
  }

  /**
   * The run Compare, 3D and the Run tab show: the one the user selected, else one running, else
   * the newest (so after a restart the resumed run is on show without a click).
   */
  get shown(): string | null {
    if (this.selected && this.view[this.selected]) return this.selected;
    const runs = this.list;
    return (runs.find((r) => r.phase === 'running') ?? runs[0])?.runDir ?? this.selected;
  }

  /** Newest first as listed; runs seen only in events come after. */
  get list() {
    return Object.values(this.view);
  }
}
