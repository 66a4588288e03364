/**
 * Power spectra of short line segments, the statistic the slice-profile estimate compares:
 * each segment loses its straight-line trend (a slow intensity ramp is not detail), is
 * Hann-windowed (no leakage from its cut ends) and transformed by a direct DFT (segments are
 * ~32 samples: a table of cosines beats an FFT's bookkeeping). Bins 0 … N/2 in cycles per N.
 */

/** A DFT of segments of a fixed length whose power is added into caller-owned bins. */
export class SegmentDft {
  readonly n: number;
  readonly bins: number;
  private readonly window: Float64Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly work: Float64Array;

  constructor(n: number) {
    this.n = n;
    this.bins = Math.floor(n / 2) + 1;
    this.window = Float64Array.from({ length: n }, (_, i) => hann(i, n));
    this.cos = new Float64Array(this.bins * n);
    this.sin = new Float64Array(this.bins * n);
    for (let k = 0; k < this.bins; k++)
      for (let i = 0; i < n; i++) {
        this.cos[k * n + i] = Math.cos((2 * Math.PI * k * i) / n);
        this.sin[k * n + i] = Math.sin((2 * Math.PI * k * i) / n);
      }
    this.work = new Float64Array(n);
  }

  /** Adds the power of the segment values[start], values[start + stride], … (n samples) to `into`. */
  addPower(values: ArrayLike<number>, start: number, stride: number, into: Float64Array): void {
    const { n, work } = this;
    const mid = (n - 1) / 2;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += values[start + i * stride];
    mean /= n;
    // The least-squares line through the segment is removed, then the window applied.
    let slope = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      slope += (i - mid) * (values[start + i * stride] - mean);
      sxx += (i - mid) * (i - mid);
    }
    slope /= sxx;
    for (let i = 0; i < n; i++)
      work[i] = (values[start + i * stride] - mean - slope * (i - mid)) * this.window[i];
    for (let k = 0; k < this.bins; k++) {
      let re = 0;
      let im = 0;
      const row = k * n;
      for (let i = 0; i < n; i++) {
        re += work[i] * this.cos[row + i];
        im += work[i] * this.sin[row + i];
      }
      into[k] += re * re + im * im;
    }
  }
}

function hann(i: number, n: number): number {
  return 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / n);
}

/** The window's energy Σw²: white noise of variance v has an expected power of about v·Σw² per bin. */
export function hannEnergy(n: number): number {
  let e = 0;
  for (let i = 0; i < n; i++) e += hann(i, n) ** 2;
  return e;
}
