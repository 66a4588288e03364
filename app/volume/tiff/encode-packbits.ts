/**
 * PackBits (TIFF compression 32773): Apple's byte-oriented run-length code. Cheap, and
 * worth it only for images with long constant runs (masks, padded tiles); kept because
 * Fiji and libtiff read it everywhere.
 */

/** Encodes one strip or tile. Runs of 3+ equal bytes become replicate runs, the rest literals. */
export function encodePackBits(input: Uint8Array): Uint8Array {
  const n = input.length;
  // Worst case: one header byte per 128 literal bytes.
  const out = new Uint8Array(n + Math.ceil(n / 128) + 1);
  let o = 0;
  let i = 0;
  while (i < n) {
    // Length of the run of equal bytes starting at i (at most 128).
    let run = 1;
    while (i + run < n && run < 128 && input[i + run] === input[i]) run++;
    if (run >= 3) {
      out[o++] = 257 - run; // -(run-1) as a signed byte
      out[o++] = input[i];
      i += run;
      continue;
    }
    // Literal: extend until a run of 3 starts or 128 bytes are taken.
    const start = i;
    let len = 0;
    while (i < n && len < 128) {
      if (i + 2 < n && input[i] === input[i + 1] && input[i] === input[i + 2]) break;
      i++;
      len++;
    }
    out[o++] = len - 1;
    out.set(input.subarray(start, start + len), o);
    o += len;
  }
  return out.subarray(0, o);
}
