/**
 * A one-line progress bar on stderr (fraction, rate, ETA). It draws only on a terminal, so
 * logs and `--json` output of scripts stay clean; callers report (done, total) freely and
 * redraws are throttled.
 */

export interface ProgressBar {
  /** `note` (e.g. "loss 0.012") is shown after the ETA. */
  update(done: number, total: number, note?: string): void;
  finish(): void;
}

export interface ProgressOptions {
  label: string;
  /** Unit of `done`, e.g. "planes"; used in the rate. */
  unit?: string;
  stream?: NodeJS.WriteStream;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0
    ? `${h}h${String(m).padStart(2, '0')}m`
    : m > 0
      ? `${m}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
}

export function progressBar(options: ProgressOptions): ProgressBar {
  const stream = options.stream ?? process.stderr;
  const enabled = Boolean(stream.isTTY);
  const start = performance.now();
  let last = 0;
  let drawn = false;
  const draw = (done: number, total: number, note?: string): void => {
    const elapsed = (performance.now() - start) / 1000;
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const width = 30;
    const filled = Math.round(fraction * width);
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = fraction > 0 ? (elapsed * (1 - fraction)) / fraction : Infinity;
    const line =
      `${options.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(1)}%` +
      ` ${rate.toFixed(1)} ${options.unit ?? ''}/s ETA ${formatDuration(eta)}${note ? `  ${note}` : ''}`;
    stream.write(`\r${line}\x1b[K`);
    drawn = true;
  };
  return {
    update(done, total, note) {
      if (!enabled) return;
      const now = performance.now();
      if (now - last < 100 && done < total) return;
      last = now;
      draw(done, total, note);
    },
    finish() {
      if (drawn) stream.write('\n');
    },
  };
}

/**
 * Which channel a training's progress is about, for a stack of several channels: "channel 1
 * (2 of 2)" (the input index, then its place among the channels trained); empty for a
 * single-channel stack, whose lines stay as they always were.
 * @example trainingChannelNote(1, [0, 1], 2) // 'channel 1 (2 of 2)'
 */
export function trainingChannelNote(channel: number, channels: number[], stackChannels: number): string {
  if (stackChannels <= 1) return '';
  const place = channels.indexOf(channel) + 1;
  return `channel ${channel} (${place} of ${channels.length})`;
}
