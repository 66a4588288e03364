/**
 * The fuzz test's child process (run from dist/ by open-fuzz.test.ts): for each case path the
 * parent sends over IPC, open it, read every plane and one xz and yz plane, close, and answer
 * with the outcome, the time taken and the RSS. It runs apart so a hang or a memory blow-up can
 * be measured and killed without taking the test runner with it.
 */
import { openVolume } from '../../../app/volume/open.js';
import { isVolumeError } from '../../../app/volume/errors.js';

export interface FuzzRequest {
  index: number;
  path: string;
}

export interface FuzzAnswer {
  index: number;
  /** 'ok', 'volume-error', or 'crash' (anything but a VolumeError naming the file). */
  outcome: 'ok' | 'volume-error' | 'crash';
  /** The VolumeError's tag, when there is one. */
  tag?: string;
  message?: string;
  ms: number;
  /** RSS right after the case, and the process's peak so far, in bytes. */
  rss: number;
  maxRss: number;
}

async function runCase(path: string): Promise<Pick<FuzzAnswer, 'outcome' | 'tag' | 'message'>> {
  try {
    const volume = await openVolume(path, { cacheBytes: 64 * 2 ** 20 });
    try {
      const planes = Math.min(volume.shape.z, 64);
      for (let z = 0; z < planes; z++) await volume.readPlaneXY(z);
      await volume.readPlaneXZ(Math.floor(volume.shape.y / 2));
      await volume.readPlaneYZ(Math.floor(volume.shape.x / 2));
    } finally {
      await volume.close();
    }
    return { outcome: 'ok' };
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    if (isVolumeError(error) && error.file.length > 0 && message.includes(error.file)) {
      return { outcome: 'volume-error', tag: error.tag, message };
    }
    return { outcome: 'crash', message: `${(error as Error)?.name}: ${message}` };
  }
}

process.on('message', (request: FuzzRequest) => {
  const started = performance.now();
  void runCase(request.path).then((result) => {
    const answer: FuzzAnswer = {
      index: request.index,
      ...result,
      ms: performance.now() - started,
      rss: process.memoryUsage().rss,
      maxRss: process.resourceUsage().maxRSS * 1024,
    };
    process.send!(answer);
  });
});
process.send!({ ready: true });
