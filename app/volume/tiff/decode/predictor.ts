/**
 * Undoing TIFF predictors on decoded blocks. Integer data must already be in native
 * (little-endian) byte order; the floating-point predictor works on its own byte planes
 * and yields native order itself.
 */

/** Horizontal differencing (Predictor 2): running sums along each row, wrapping as the sample type does. */
export function undoHorizontalDifferencing(
  samples: Uint8Array | Uint16Array | Uint32Array,
  width: number,
  rows: number,
): void {
  for (let r = 0; r < rows; r++) {
    let i = r * width;
    const end = i + width;
    for (i++; i < end; i++) samples[i] += samples[i - 1];
  }
}

/**
 * Floating-point predictor (Predictor 3, Adobe TIFF Technote 3): bytes were split into
 * planes (most significant first) and differenced along each row of `width × bytesPerSample`.
 */
export function undoFloatingPointPredictor(
  bytes: Uint8Array,
  width: number,
  rows: number,
  bytesPerSample: number,
): void {
  const rowBytes = width * bytesPerSample;
  const copy = new Uint8Array(rowBytes);
  for (let r = 0; r < rows; r++) {
    const row = bytes.subarray(r * rowBytes, (r + 1) * rowBytes);
    for (let i = 1; i < rowBytes; i++) row[i] = (row[i] + row[i - 1]) & 0xff;
    copy.set(row);
    for (let s = 0; s < width; s++) {
      for (let b = 0; b < bytesPerSample; b++) {
        // plane b holds byte (bytesPerSample-1-b) of each sample in little-endian order
        row[s * bytesPerSample + (bytesPerSample - 1 - b)] = copy[b * width + s];
      }
    }
  }
}

/** Swaps byte order in place for samples of 2, 4 or 8 bytes. */
export function swapBytes(bytes: Uint8Array, bytesPerSample: number): void {
  if (bytesPerSample === 1) return;
  for (let i = 0; i + bytesPerSample <= bytes.length; i += bytesPerSample) {
    for (let a = i, b = i + bytesPerSample - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}
