/** `npm run bench`: every benchmark in turn. Timings live here, never in pass/fail tests. */
import { benchVolumeIo } from './volume-io.js';

await benchVolumeIo();
