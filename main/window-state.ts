/**
 * The window's bounds and maximized flag, remembered in userData/window-state.json and put
 * back on a display that still exists: a window saved on an unplugged monitor, or larger than
 * the current screen, must reopen visible. The clamping is pure (displays are parameters).
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowState>;

/** First start: a size that shows the viewer and the side panel; position left to the OS. */
export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false };

/** Smallest window the UI lays out in (also the BrowserWindow's minimum size). */
export const MIN_SIZE = { width: 800, height: 560 };

/** At least this much of the title bar (its top 32 px) must be on a display to grab it, or the window is re-centred. */
const TITLE_BAR = { height: 32, minVisibleWidth: 64, minVisibleHeight: 16 };

/**
 * The state to open with on these displays' work areas (primary first). Sizes shrink to fit
 * the display the window lands on; a window not visibly on any display is centred on the
 * primary one; a state without a position keeps none (the OS places it).
 */
export function clampWindowState(state: WindowState, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0];
  if (!primary) return state;
  const home =
    state.x === undefined || state.y === undefined
      ? undefined
      : workAreas.find((area) =>
          titleBarOn({ x: state.x!, y: state.y!, width: state.width, height: TITLE_BAR.height }, area),
        );
  const area = home ?? primary;
  const width = Math.max(Math.min(state.width, area.width), Math.min(MIN_SIZE.width, area.width));
  const height = Math.max(Math.min(state.height, area.height), Math.min(MIN_SIZE.height, area.height));
  if (state.x === undefined || state.y === undefined) return { width, height, maximized: state.maximized };
  if (!home) {
    return {
      x: area.x + Math.round((area.width - width) / 2),
      y: area.y + Math.round((area.height - height) / 2),
      width,
      height,
      maximized: state.maximized,
    };
  }
  // On a display: pull it fully inside that display.
  const x = Math.min(Math.max(state.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(state.y, area.y), area.y + area.height - height);
  return { x, y, width, height, maximized: state.maximized };
}

/** True when enough of the title-bar strip lies on the work area for the user to grab it. */
function titleBarOn(bar: Rect, area: Rect): boolean {
  const w = Math.min(bar.x + bar.width, area.x + area.width) - Math.max(bar.x, area.x);
  const h = Math.min(bar.y + bar.height, area.y + area.height) - Math.max(bar.y, area.y);
  return w >= TITLE_BAR.minVisibleWidth && h >= TITLE_BAR.minVisibleHeight;
}

/** The saved state, or the default when the file is missing or not ours (never throws: a bad file must not stop the app). */
export function loadWindowState(file: string): WindowState {
  try {
    const parsed = WindowState.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : DEFAULT_WINDOW_STATE;
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

/** Writes through a temp file and a rename, so a crash mid-write leaves the previous state. */
export function saveWindowState(file: string, state: WindowState): void {
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify(state));
  renameSync(temp, file);
}
