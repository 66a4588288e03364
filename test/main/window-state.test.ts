/** Remembered window bounds are put back on a display that exists, at a size that fits. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  clampWindowState,
  DEFAULT_WINDOW_STATE,
  loadWindowState,
  saveWindowState,
  type Rect,
} from '../../main/window-state.js';

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 870 };
const rightMonitor: Rect = { x: 1440, y: -200, width: 2560, height: 1400 };

describe('clampWindowState', () => {
  it('keeps a window that is fully on a display', () => {
    const state = { x: 100, y: 50, width: 1200, height: 700, maximized: false };
    expect(clampWindowState(state, [laptop, rightMonitor])).toEqual(state);
    const onSecond = { x: 2000, y: 0, width: 1800, height: 1000, maximized: true };
    expect(clampWindowState(onSecond, [laptop, rightMonitor])).toEqual(onSecond);
  });

  it('centres a window left on an unplugged monitor on the primary display, shrunk to fit', () => {
    const state = { x: 2000, y: 0, width: 1800, height: 1000, maximized: false };
    expect(clampWindowState(state, [laptop])).toEqual({
      x: 0,
      y: 0,
      width: 1440,
      height: 870,
      maximized: false,
    });
    const small = { x: 5000, y: 5000, width: 1000, height: 600, maximized: true };
    expect(clampWindowState(small, [laptop])).toEqual({
      x: 220,
      y: 135,
      width: 1000,
      height: 600,
      maximized: true,
    });
  });

  it('pulls a window hanging off the edge back inside its display', () => {
    const state = { x: 1000, y: 400, width: 1000, height: 700, maximized: false };
    expect(clampWindowState(state, [laptop])).toEqual({
      x: 440,
      y: 170,
      width: 1000,
      height: 700,
      maximized: false,
    });
  });

  it('re-centres a window whose title bar is above the screen (unreachable)', () => {
    const state = { x: 100, y: -500, width: 1000, height: 700, maximized: false };
    expect(clampWindowState(state, [laptop])).toEqual({
      x: 220,
      y: 85,
      width: 1000,
      height: 700,
      maximized: false,
    });
  });

  it('keeps no position when none was saved, and the minimum size when the display allows it', () => {
    expect(clampWindowState({ width: 300, height: 200, maximized: false }, [laptop])).toEqual({
      width: 800,
      height: 560,
      maximized: false,
    });
    expect(clampWindowState(DEFAULT_WINDOW_STATE, [{ x: 0, y: 0, width: 1024, height: 600 }])).toEqual({
      width: 1024,
      height: 600,
      maximized: false,
    });
  });

  it('leaves the state alone when no display is known', () => {
    const state = { x: 1, y: 2, width: 3, height: 4, maximized: false };
    expect(clampWindowState(state, [])).toBe(state);
  });
});

describe('loadWindowState / saveWindowState', () => {
  it('round-trips, and falls back to the default on a missing or foreign file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'isotrope-window-state-'));
    const file = join(dir, 'window-state.json');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    saveWindowState(file, { x: 10, y: 20, width: 900, height: 700, maximized: true });
    expect(loadWindowState(file)).toEqual({ x: 10, y: 20, width: 900, height: 700, maximized: true });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ maximized: true });
    writeFileSync(file, '{"width": -5}');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(file, 'not json');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
  });
});
