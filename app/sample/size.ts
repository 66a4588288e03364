/** Sample sizes as users type them on the command line. */

/**
 * Parses a size: "256x256x64" (x, y, planes) or a byte size such as "8GB", "500MB", "2GiB",
 * which picks 2048×2048 planes and enough of them to reach that many uint16 bytes.
 */
export function parseSize(text: string): { x: number; y: number; z: number } {
  const t = text.trim();
  const dims = /^(\d+)\s*[x×]\s*(\d+)\s*[x×]\s*(\d+)$/i.exec(t);
  if (dims) {
    const [x, y, z] = dims.slice(1).map(Number);
    if (x > 0 && y > 0 && z > 0) return { x, y, z };
  }
  const bytes = /^(\d+(?:\.\d+)?)\s*(k|m|g|t)(i?)b$/i.exec(t);
  if (bytes) {
    const power = 'kmgt'.indexOf(bytes[2].toLowerCase()) + 1;
    const n = Number(bytes[1]) * (bytes[3] ? 1024 : 1000) ** power;
    return { x: 2048, y: 2048, z: Math.max(1, Math.round(n / (2048 * 2048 * 2))) };
  }
  throw new RangeError(
    `invalid size "${text}": use XxYxZ (e.g. 256x256x64) or a byte size (e.g. 500MB, 8GB)`,
  );
}
