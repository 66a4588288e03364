import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import RunScreen from '../../renderer/src/run/RunScreen.svelte';
import TrainScreen from '../../renderer/src/train/TrainScreen.svelte';
import { AppState } from '../../renderer/src/state/app.svelte.js';
import { FakeCallError, FakeClient, fakeJob, sampleInfo } from './fake-client.js';
import FakeUPlot from './fake-uplot.js';

vi.mock('uplot', () => import('./fake-uplot.js'));

// jsdom has no ResizeObserver (Svelte's bind:clientWidth uses one): sizes stay 0 there, which the views handle.
vi.stubGlobal(
  'ResizeObserver',
  class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  },
);

afterEach(() => cleanup());

function appWith(fake: FakeClient): AppState {
  const app = new AppState(fake, 'browser');
  app.attach();
  app.volume.set(sampleInfo({ path: '/data/brain.ome.tif' }));
  return app;
}

describe('the Run screen', () => {
  it('moves the progress bar with runProgress events', async () => {
    const fake = new FakeClient();
    const app = appWith(fake);
    render(RunScreen, { props: { app, onshow: () => undefined } });
    expect((screen.getByLabelText('Output directory') as HTMLInputElement).value).toBe('/data/brain-run');
    await fireEvent.click(screen.getByText('Start run'));
    expect(fake.callsOf('startRun')[0].args).toMatchObject({
      input: { volumeId: 'v1' },
      modelDir: '/data/brain-model',
      runDir: '/data/brain-run',
      orientations: 'both',
      dtype: 'uint16',
      unit: 64,
    });
    fake.emit({
      event: 'runProgress',
      jobId: 'run-1',
      runDir: '/data/brain-run',
      unitsDone: 3,
      unitsTotal: 12,
      voxelsPerSecond: 1.5e6,
      etaSeconds: 125,
    });
    const bar = await screen.findByTestId('run-progress');
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('25'));
    expect(bar.getAttribute('role')).toBe('progressbar');
    expect([bar.getAttribute('aria-valuemin'), bar.getAttribute('aria-valuemax')]).toEqual(['0', '100']);
    expect(screen.getByTestId('run-eta').textContent).toBe('2 min 05 s');
    expect(screen.getByTestId('run-throughput').textContent).toBe('1.50 M voxels/s');
    fake.emit({
      event: 'runProgress',
      jobId: 'run-1',
      runDir: '/data/brain-run',
      unitsDone: 9,
      unitsTotal: 12,
      voxelsPerSecond: 1.5e6,
      etaSeconds: 40,
    });
    await waitFor(() => expect(screen.getByTestId('run-progress').getAttribute('aria-valuenow')).toBe('75'));
    await fireEvent.click(screen.getByText('Pause'));
    expect(fake.callsOf('pauseRun')[0].args).toEqual({ runDir: '/data/brain-run' });
  });

  it('keeps what was typed in the New run form when the screen is left and shown again', async () => {
    const app = appWith(new FakeClient());
    const first = render(RunScreen, { props: { app, onshow: () => undefined } });
    await fireEvent.input(screen.getByLabelText('Output directory'), {
      target: { value: '/scratch/brain-run-2' },
    });
    await fireEvent.input(screen.getByLabelText('Unit (rows × planes)'), { target: { value: '32' } });
    first.unmount();
    render(RunScreen, { props: { app, onshow: () => undefined } });
    expect((screen.getByLabelText('Output directory') as HTMLInputElement).value).toBe(
      '/scratch/brain-run-2',
    );
    expect((screen.getByLabelText('Unit (rows × planes)') as HTMLInputElement).value).toBe('32');
    app.volume.set(sampleInfo({ path: '/data/other.ome.tif', volumeId: 'v2' }));
    await waitFor(() =>
      expect((screen.getByLabelText('Output directory') as HTMLInputElement).value).toBe('/data/other-run'),
    );
  });

  it('lists stopped runs from before a restart with Resume', async () => {
    const fake = new FakeClient().on('listRuns', () => ({
      runs: [
        {
          runDir: '/old/run',
          jobId: null,
          problem: null,
          status: {
            state: 'stopped',
            unitsDone: 4,
            unitsTotal: 10,
            voxelsDone: 0,
            voxelsTotal: 0,
            processes: [],
            finalized: false,
            input: '/old.tif',
            output: { shape: { x: 1, y: 1, z: 1 }, dtype: 'uint16', store: '/old/run/output.zarr' },
            unitSeconds: 2,
          },
        },
      ],
    }));
    const app = appWith(fake);
    await app.runs.refresh(fake);
    render(RunScreen, { props: { app, onshow: () => undefined } });
    const row = screen.getByTestId('run-row');
    expect(row.textContent).toContain('paused');
    expect(row.textContent).toContain('40 %');
    fake.on('resumeRun', ({ runDir }) => fakeJob('run', runDir));
    await fireEvent.click(row.querySelector('td:last-child button')!);
    expect(fake.callsOf('resumeRun')[0].args).toEqual({ runDir: '/old/run' });
    await fireEvent.click(row.querySelector('td:first-child button')!);
    expect(app.runs.selected).toBe('/old/run');
  });
});

describe('a finished run', () => {
  it('shows its total time, average throughput and backend in place of throughput and ETA', async () => {
    const fake = new FakeClient().on('listRuns', () => ({
      runs: [
        {
          runDir: '/data/brain-run',
          jobId: null,
          problem: null,
          status: {
            state: 'done',
            unitsDone: 10,
            unitsTotal: 10,
            voxelsDone: 6e7,
            voxelsTotal: 6e7,
            processes: [],
            finalized: false,
            input: '/data/brain.ome.tif',
            output: {
              shape: { x: 500, y: 400, z: 300 },
              dtype: 'uint16',
              store: '/data/brain-run/output.zarr',
            },
            unitSeconds: 55,
          },
        },
      ],
    }));
    const app = appWith(fake);
    await app.runs.refresh(fake);
    const backend = { name: 'ort-cuda', device: 'NVIDIA H200', reason: 'a GPU' };
    fake.emit({
      event: 'job',
      job: fakeJob('run', '/data/brain-run', {
        state: 'done',
        backend,
        startedAt: '2026-12-01T10:00:00.000Z',
        endedAt: '2026-12-01T10:01:00.000Z',
      }),
    });
    render(RunScreen, { props: { app, onshow: () => undefined } });
    await waitFor(() => expect(screen.getByTestId('run-total-time').textContent).toBe('1 min 00 s'));
    expect(screen.getByTestId('run-average').textContent).toBe('1.00 M voxels/s');
    expect(screen.getByTestId('run-backend').textContent).toBe('ort-cuda (NVIDIA H200)');
    expect(screen.queryByTestId('run-eta')).toBeNull();
    expect(screen.queryByTestId('run-throughput')).toBeNull();
  });
});

describe('the Train screen', () => {
  it('offers to replace a model the directory already holds, and replaces it only when asked', async () => {
    const fake = new FakeClient();
    let refused = false;
    fake.on('startTraining', (args) => {
      if (!refused && !args.force) {
        refused = true;
        throw new FakeCallError({
          layer: 'sr',
          tag: 'exists',
          message: '/data/brain-model: already holds a model (model.safetensors)',
        });
      }
      return fakeJob('train', '/data/brain-model');
    });
    const app = appWith(fake);
    render(TrainScreen, { props: { app } });
    await fireEvent.click(screen.getByText('Start'));
    await waitFor(() =>
      expect(screen.getByTestId('model-exists').textContent).toContain('already holds a model'),
    );
    expect(fake.callsOf('startTraining')).toHaveLength(1);
    await fireEvent.click(screen.getByText('Replace model'));
    await waitFor(() => expect(fake.callsOf('startTraining')).toHaveLength(2));
    expect(fake.callsOf('startTraining')[1].args).toMatchObject({
      modelDir: '/data/brain-model',
      force: true,
    });
    await waitFor(() => expect(screen.queryByTestId('model-exists')).toBeNull());
  });

  it('starts training with the edited sampling and plots trainingMetrics', async () => {
    const fake = new FakeClient();
    const app = appWith(fake);
    app.volume.zStep = 2;
    app.volume.fwhm = 2.2;
    render(TrainScreen, { props: { app } });
    await fireEvent.click(screen.getByText('Start'));
    expect(fake.callsOf('startTraining')[0].args).toEqual({
      input: { volumeId: 'v1' },
      modelDir: '/data/brain-model',
      preset: 'cpu',
      xyPixel: 0.4,
      zStep: 2,
      fwhm: 2.2,
    });
    // The backend the worker activated replaces the automatic-choice placeholder, here and in the status line.
    expect(screen.getByTestId('training-backend').textContent).not.toContain('wasm');
    const backend = { name: 'wasm', device: 'CPU, WebAssembly SIMD, 1 thread', reason: 'no GPU device node' };
    fake.emit({ event: 'job', job: fakeJob('train', '/data/brain-model', { jobId: 'train-1', backend }) });
    await waitFor(() =>
      expect(screen.getByTestId('training-backend').textContent).toContain(
        'wasm — CPU, WebAssembly SIMD, 1 thread',
      ),
    );
    expect(screen.getByTestId('training-backend').textContent).toContain('no GPU device node');
    expect(app.connection.backend).toBe('wasm (CPU, WebAssembly SIMD, 1 thread)');
    const plot = FakeUPlot.instances.at(-1)!;
    for (const [step, valLoss] of [
      [1, undefined],
      [2, 0.3],
      [3, undefined],
    ] as const) {
      fake.emit({
        event: 'trainingMetrics',
        jobId: 'train-1',
        modelDir: '/data/brain-model',
        step,
        patches: step * 16,
        epoch: 1,
        loss: 1 / step,
        valLoss,
        bestValLoss: 0.3,
        patchesPerSecond: 21.4,
        etaSeconds: 600 - step,
        elapsed: step,
      });
    }
    await waitFor(() => expect(plot.data[0]).toEqual([1, 2, 3]));
    expect(plot.data[1]).toEqual([1, 0.5, 1 / 3]);
    expect(plot.data[2]).toEqual([null, 0.3, null]);
    expect(screen.getByTestId('patches-rate').textContent).toBe('21 patches/s');
    expect(screen.getByTestId('training-eta').textContent).toBe('9 min 57 s');
    // Stop: the job stops, and the preview of SR vs bicubic is fetched.
    fake.on('stopTraining', ({ jobId }) =>
      fakeJob('train', '/data/brain-model', { jobId, state: 'stopped' }),
    );
    await fireEvent.click(screen.getByText('Stop'));
    await waitFor(() => expect(fake.callsOf('previewModel')).toHaveLength(1));
    expect(fake.callsOf('previewModel')[0].args).toEqual({
      modelDir: '/data/brain-model',
      input: { volumeId: 'v1' },
    });
    expect(screen.getByTestId('training-state').textContent).toContain('stopped');
  });
});

describe('a stack of two channels', () => {
  const twoChannels = () =>
    sampleInfo({
      path: '/data/brain.ome.tif',
      shape: { x: 64, y: 64, z: 16, c: 2, t: 4 },
      channels: [
        { name: 'vessels', color: '00FFFF' },
        { name: 'nuclei', color: 'FF00FF' },
      ],
    });
  function appWithChannels(fake: FakeClient): AppState {
    const app = new AppState(fake, 'browser');
    app.attach();
    app.volume.set(twoChannels());
    return app;
  }

  it('trains every channel by default, says which is training, and one channel when picked', async () => {
    const fake = new FakeClient();
    const app = appWithChannels(fake);
    render(TrainScreen, { props: { app } });
    expect((screen.getByTestId('train-channel') as HTMLSelectElement).value).toBe('all');
    await fireEvent.click(screen.getByText('Start'));
    expect(fake.callsOf('startTraining')[0].args).not.toHaveProperty('channel');
    expect(fake.callsOf('startTraining')[0].args).not.toHaveProperty('timepoints');
    fake.emit({
      event: 'trainingMetrics',
      jobId: 'train-1',
      modelDir: '/data/brain-model',
      step: 1,
      patches: 16,
      epoch: 0,
      loss: 0.5,
      bestValLoss: null,
      patchesPerSecond: 20,
      etaSeconds: 10,
      elapsed: 1,
      channel: 1,
      channels: [0, 1],
    });
    await waitFor(() =>
      expect(screen.getByTestId('training-channel').textContent).toBe('channel 2 of 2: nuclei'),
    );
    fake.emit({
      event: 'job',
      job: fakeJob('train', '/data/brain-model', { jobId: 'train-1', state: 'done' }),
    });
    await waitFor(() => expect(screen.getByText('Start')).not.toHaveProperty('disabled', true));
    await fireEvent.change(screen.getByTestId('train-channel'), { target: { value: '1' } });
    await fireEvent.input(screen.getByTestId('train-timepoints'), { target: { value: '0-2' } });
    expect(screen.getByTestId('train-channel-hint').textContent).toContain('nuclei');
    await fireEvent.click(screen.getByText('Start'));
    await waitFor(() => expect(fake.callsOf('startTraining')).toHaveLength(2));
    expect(fake.callsOf('startTraining')[1].args).toMatchObject({ channel: 1, timepoints: '0-2' });
  });

  it('runs every channel, or the ticked ones, and the time points typed', async () => {
    const fake = new FakeClient();
    const app = appWithChannels(fake);
    render(RunScreen, { props: { app, onshow: () => undefined } });
    const boxes = screen.getAllByRole('checkbox', { name: /vessels|nuclei/ }) as HTMLInputElement[];
    expect(boxes.map((b) => b.checked)).toEqual([true, true]);
    await fireEvent.click(screen.getByText('Start run'));
    await waitFor(() => expect(fake.callsOf('startRun')).toHaveLength(1));
    expect(fake.callsOf('startRun')[0].args).not.toHaveProperty('channels');
    expect(fake.callsOf('startRun')[0].args).not.toHaveProperty('timepoints');
    await fireEvent.click(boxes[0]);
    await fireEvent.input(screen.getByTestId('run-timepoints'), { target: { value: '0-3' } });
    await fireEvent.click(screen.getByText('Start run'));
    await waitFor(() => expect(fake.callsOf('startRun')).toHaveLength(2));
    expect(fake.callsOf('startRun')[1].args).toMatchObject({ channels: '1', timepoints: '0-3' });
    // No channel ticked, or a time point out of range: nothing to start, and the form says why.
    await fireEvent.click(boxes[1]);
    expect((screen.getByText('Start run') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('run-channels-problem').textContent).toContain('Tick at least one channel');
    await fireEvent.click(boxes[0]);
    await fireEvent.input(screen.getByTestId('run-timepoints'), { target: { value: '0-4' } });
    expect(screen.getByTestId('run-timepoints-problem').textContent).toContain('out of range');
    expect((screen.getByText('Start run') as HTMLButtonElement).disabled).toBe(true);
  });
});
