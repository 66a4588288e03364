/**
 * `node dist/test/bench/profile-table.js`: the slice-profile estimate against the truth, as a
 * Markdown table (the README's "Estimating the slice profile"). Phantom stacks degraded with
 * known profiles (gaps, matched, overlap; LSFM noise and none) and the bundled sample's
 * generator at several settings. Prints; asserts nothing (the tests hold the tolerances).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSample } from '../../app/sample/index.js';
import { estimateSliceProfile } from '../../app/sr/index.js';
import { openVolume } from '../../app/volume/index.js';
import { writeProfileStack, type ProfileStackSpec } from '../helpers/profile-stack.js';

interface Case {
  name: string;
  truth: number;
  zStep: number;
  lateral: number;
  path: () => Promise<string>;
}

export const PHANTOM_CASES: ProfileStackSpec[] = [
  { axialFwhm: 1.0, zStep: 2.0 },
  { axialFwhm: 1.5, zStep: 3.0 },
  { axialFwhm: 1.0, zStep: 1.0 },
  { axialFwhm: 2.2, zStep: 1.0 },
  { axialFwhm: 2.0, zStep: 1.0, photons: 0 },
  { axialFwhm: 3.0, zStep: 1.5 },
  { axialFwhm: 4.0, zStep: 2.0, photons: 100 },
];

const dir = mkdtempSync(join(tmpdir(), 'isotrope-profile-table-'));
const cases: Case[] = [
  ...PHANTOM_CASES.map((spec) => ({
    name: `phantom, ${spec.photons === 0 ? 'no noise' : `${spec.photons ?? 1000} photons`}`,
    truth: spec.axialFwhm,
    zStep: spec.zStep,
    lateral: 0.8,
    path: () => writeProfileStack(dir, { size: { x: 192, y: 192, z: 48 }, ...spec }),
  })),
  ...[
    { axialFwhm: 2.2, zStep: 1.0 },
    { axialFwhm: 1.2, zStep: 2.0 },
    { axialFwhm: 3.5, zStep: 1.0, photonsPerUnit: 200 },
  ].map((s, i) => ({
    name: `sample generator${s.photonsPerUnit ? `, ${s.photonsPerUnit} photons` : ''}`,
    truth: s.axialFwhm,
    zStep: s.zStep,
    lateral: 0.8,
    path: async () =>
      (
        await generateSample(join(dir, `sample-${i}`), {
          ...s,
          size: { x: 192, y: 192, z: 48 },
          groundTruth: false,
        })
      ).stack,
  })),
];

process.stdout.write(
  '| stack | z step µm | FWHM µm (steps) | estimate µm | 95 % interval µm | error |\n|---|---|---|---|---|---|\n',
);
try {
  for (const c of cases) {
    const volume = await openVolume(await c.path());
    const t = performance.now();
    const e = await estimateSliceProfile(volume, { lateralFwhm: c.lateral });
    const seconds = (performance.now() - t) / 1000;
    await volume.close();
    const error = ((e.fwhm - c.truth) / c.truth) * 100;
    process.stdout.write(
      `| ${c.name} | ${c.zStep} | ${c.truth} (${(c.truth / c.zStep).toFixed(2)}) | ${e.fwhm.toFixed(2)} | ${e.low.toFixed(2)}–${e.high.toFixed(2)} | ${error >= 0 ? '+' : ''}${error.toFixed(0)} % |` +
        (process.env.PROFILE_TABLE_VERBOSE ? ` ${seconds.toFixed(1)} s ${e.atLimit ?? ''}` : '') +
        '\n',
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
