/**
 * The UI's export choice: every format the engine exports (its EXPORT_FORMATS, the CLI's
 * --format values) is offered, ome-zarr-v2 among them, with a default output beside the run;
 * the Export panel sends the chosen format and path, and only for a finished run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { EXPORT_FORMATS, type ExportFormat } from '../../../app/api/contract.js';
import ExportPanel from '../../../renderer/src/run/ExportPanel.svelte';
import { EXPORT_CHOICES, exportPath } from '../../../renderer/src/run/export-choice.js';
import type { RunView } from '../../../renderer/src/run/run-progress.js';

afterEach(() => cleanup());

function runView(phase: RunView['phase']): RunView {
  return {
    runDir: '/data/brain-run/',
    jobId: null,
    phase,
    unitsDone: 4,
    unitsTotal: 4,
    voxelsPerSecond: null,
    etaSeconds: null,
    problem: null,
    voxelsTotal: 8e6,
    unitSeconds: 10,
    jobSeconds: null,
    backend: null,
  };
}

describe('the export choice', () => {
  it('offers every engine format, in its order, each with its own label and suffix', () => {
    expect(EXPORT_CHOICES.map((c) => c.format)).toEqual([...EXPORT_FORMATS]);
    expect(EXPORT_FORMATS).toContain('ome-zarr-v2');
    expect(new Set(EXPORT_CHOICES.map((c) => c.label)).size).toBe(EXPORT_FORMATS.length);
    expect(new Set(EXPORT_CHOICES.map((c) => c.suffix)).size).toBe(EXPORT_FORMATS.length);
  });

  it('puts the default output beside the run, or in a chosen folder', () => {
    expect(exportPath('/data/brain-run/', 'ome-zarr-v2')).toBe('/data/brain-run.v2.ome.zarr');
    expect(exportPath('/data/brain-run', 'ome-tiff', '/exports')).toBe('/exports/brain-run.ome.tif');
  });

  it('the Export panel sends the chosen format and the path that follows it', async () => {
    const sent: [ExportFormat, string][] = [];
    render(ExportPanel, {
      props: {
        run: runView('done'),
        format: 'ome-tiff',
        busy: false,
        onexport: (f, out) => sent.push([f, out]),
      },
    });
    const output = screen.getByLabelText('Output') as HTMLInputElement;
    expect(output.value).toBe('/data/brain-run.ome.tif');
    await fireEvent.change(screen.getByLabelText('Format'), { target: { value: 'ome-zarr-v2' } });
    expect(output.value).toBe('/data/brain-run.v2.ome.zarr');
    await fireEvent.click(screen.getByText('Export', { selector: 'button' }));
    expect(sent).toEqual([['ome-zarr-v2', '/data/brain-run.v2.ome.zarr']]);
  });

  it('a run not done cannot be exported from the panel, and says why', () => {
    render(ExportPanel, {
      props: { run: runView('paused'), format: 'zarr', busy: false, onexport: () => undefined },
    });
    expect((screen.getByText('Export', { selector: 'button' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/not done/)).toBeTruthy();
  });
});
