import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from '../../renderer/src/App.svelte';
import type { Connected } from '../../renderer/src/lib/connect.js';
import { FakeClient } from './fake-client.js';

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

function mountWith(fake: FakeClient) {
  const connecting: Promise<Connected> = Promise.resolve({ client: fake, mode: 'browser', bridge: null });
  return render(App, { props: { connecting } });
}

describe('the app shell', () => {
  it('connects, shows the backend, and opens the sample into the metadata panel', async () => {
    const fake = new FakeClient();
    mountWith(fake);
    await waitFor(() => expect(screen.getByTestId('backend').textContent).toBe('wasm'));
    expect(screen.getByTestId('status-line').textContent).toContain('Connected');
    await fireEvent.click(screen.getByTestId('open-sample'));
    const info = await screen.findByTestId('volume-info');
    expect(info.textContent).toContain('256 × 256 × 64');
    expect(info.textContent).toContain('uint16');
    expect(info.textContent).toContain('OME-XML');
    expect(fake.callsOf('openSample')).toHaveLength(1);
    expect(fake.callsOf('listRuns')).toHaveLength(1);
    expect(fake.listenerCount).toBe(1);
  });

  it('shows an engine error as its readable message', async () => {
    const fake = new FakeClient().fail('openVolume', {
      layer: 'volume',
      tag: 'truncated',
      message: '/data/x.tif: strip 12 of plane 40 ends past the end of the file',
    });
    mountWith(fake);
    const field = await screen.findByLabelText('Path of a TIFF stack or folder');
    await fireEvent.input(field, { target: { value: '/data/x.tif' } });
    await fireEvent.submit(field.closest('form')!);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'Could not open: /data/x.tif: strip 12 of plane 40 ends past the end of the file',
    );
    expect(screen.queryByTestId('volume-info')).toBeNull();
  });

  it('shows broadcast errors and failed jobs too', async () => {
    const fake = new FakeClient();
    mountWith(fake);
    await screen.findByTestId('backend');
    fake.emit({
      event: 'error',
      error: { layer: 'api', tag: 'bad-request', message: 'message is not JSON' },
    });
    expect((await screen.findByRole('alert')).textContent).toContain('message is not JSON');
  });

  it('says why when the engine cannot be reached, instead of a blank window', async () => {
    render(App, { props: { connecting: Promise.reject(new Error('connection refused by 127.0.0.1:4711')) } });
    expect((await screen.findByTestId('fatal')).textContent).toContain(
      'connection refused by 127.0.0.1:4711',
    );
  });

  it('switches tabs with Alt+digit, shows the help with ?, and Esc cancels an open in progress', async () => {
    const fake = new FakeClient().hold('openSample');
    mountWith(fake);
    await screen.findByTestId('backend');
    await fireEvent.click(screen.getByTestId('open-sample'));
    expect(screen.getByTestId('open-progress')).toBeTruthy();
    await fireEvent.keyDown(window, { key: 'Escape', code: 'Escape' });
    expect(fake.callsOf('openSample')[0].options.signal?.aborted).toBe(true);
    await waitFor(() => expect(screen.queryByTestId('open-progress')).toBeNull());
    expect(screen.queryAllByRole('alert')).toHaveLength(0); // a cancel is not an error

    await fireEvent.keyDown(window, { key: '3', code: 'Digit3', altKey: true });
    expect(screen.getByRole('tab', { selected: true }).textContent).toBe('Run');
    await fireEvent.keyDown(window, { key: '?' });
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' }).textContent).toContain('Alt + 5');
    await fireEvent.keyDown(window, { key: '4', code: 'Digit4', altKey: true });
    expect(screen.getByText(/No run selected/)).toBeTruthy();
  });
});
