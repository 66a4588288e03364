/**
 * Preloaded (node --import) into a benchmarked CLI process: writes its peak RSS in KiB to
 * $ISOTROPE_PEAK_RSS_FILE on exit. Worker threads share the process, so ORT's sessions count.
 */
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.ISOTROPE_PEAK_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS));
});
