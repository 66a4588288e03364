/**
 * One volume-reading measurement in a fresh process (so peak RSS and caches are its own):
 * `node volume-io-task.js TASK PATH [COUNT]` prints {task, seconds, bytes, maxRssBytes}.
 */
import { openVolume } from '../../app/volume/open.js';

const [task, path, countText] = process.argv.slice(2);
const count = Number(countText ?? 0);

async function main(): Promise<void> {
  const t0 = performance.now();
  const volume = await openVolume(path);
  const { x: W, y: H, z: Z } = volume.shape;
  const bps = (await volume.readPlaneXY(0)).BYTES_PER_ELEMENT;
  let bytes = W * H * bps;
  const tFirst = performance.now();
  let from = performance.now();
  if (task === 'xy') {
    from = performance.now();
    bytes = 0;
    for (let z = 0; z < Math.min(Z, count || Z); z++) bytes += (await volume.readPlaneXY(z)).byteLength;
  } else if (task === 'xz') {
    from = performance.now();
    bytes = 0;
    for (let y = 0; y < Math.min(H, count || H); y++) bytes += (await volume.readPlaneXZ(y)).byteLength;
  } else if (task === 'yz') {
    from = performance.now();
    bytes = 0;
    // Default: one column block's worth (the reader default: half the 512 MiB cache budget), the unit
    // in which a yz scan pays one pass over the stack.
    const block = Math.max(1, Math.floor((256 * 2 ** 20) / (H * Z * bps)));
    for (let x = 0; x < Math.min(W, count || block); x++) bytes += (await volume.readPlaneYZ(x)).byteLength;
  } else if (task === 'brick') {
    // The run's access pattern: all x, a band of 64 rows, 96 planes (64 + halo), bands in order.
    from = performance.now();
    bytes = 0;
    for (let y0 = 0; y0 < Math.min(H, count || H); y0 += 64) {
      const box = {
        x: { start: 0, end: W },
        y: { start: y0, end: Math.min(H, y0 + 64) },
        z: { start: 0, end: Math.min(Z, 96) },
      };
      bytes += (await volume.readBrick(box)).byteLength;
    }
  }
  const seconds = (performance.now() - (task === 'open' ? t0 : from)) / 1000;
  await volume.close();
  const result = {
    task,
    seconds: task === 'open' ? (tFirst - t0) / 1000 : seconds,
    bytes,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
