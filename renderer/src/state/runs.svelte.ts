/**
 * The runs the engine knows (listRuns), updated live from runProgress and job events, and the
 * run selected for the Compare and 3D tabs.
 */
import type { EngineClient } from '../../../app/api/client.js';
import type { ApiEvent } from '../../../app/api/schemas.js';
import { applyRunEvent, fromSummaries, type RunsView } from '../run/run-progress.js';

export class Runs {
  view = $state.raw<RunsView>({});
  selected = $state<string | null>(null);

  /** Re-reads the list from the engine (start-up, after start / cancel). */
  async refresh(client: EngineClient, signal?: AbortSignal): Promise<void> {
    const { runs } = await client.call('listRuns', {}, { signal });
    this.view = fromSummaries(runs, this.view);
  }

  apply(event: ApiEvent): void {
    const next = applyRunEvent(this.view, event);
    if (next !== this.view) this.view = next;
  }

  /** Newest first as listed; runs seen only in events come after. */
  get list() {
    return Object.values(this.view);
  }
}
