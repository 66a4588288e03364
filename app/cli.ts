#!/usr/bin/env node
/**
 * The `isotrope` command-line tool. Each command lives in app/cli/; this file only wires
 * them to commander and routes every failure through one error reporter.
 */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { reportAndExit } from './cli/fail.js';
import { runInfo } from './cli/info.js';
import { runSample } from './cli/sample.js';
import { runTable2 } from './cli/table2.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command()
  .name('isotrope')
  .description('Make light-sheet microscopy stacks isotropic with self-supervised, crop-equivariant super-resolution')
  .version(pkg.version)
  .showHelpAfterError();

program.command('info')
  .description('describe a TIFF stack or a folder of TIFFs: shape, type, voxel size, layout, intensities')
  .argument('[path]', 'TIFF / BigTIFF / OME-TIFF / ImageJ TIFF file, or a folder of TIFFs (default: the bundled sample)')
  .option('--json', 'print one JSON object on stdout')
  .option('--no-stats', 'skip the intensity scan (metadata only, instant on any size)')
  .option('--mip <dir>', 'write maximum-intensity projections along z, y and x as PNGs into <dir>')
  .option('--channel <c>', 'channel to scan', '0')
  .option('--cache-mb <n>', 'decoded-strip cache budget in MiB', '512')
  .action(async (path: string | undefined, options) => {
    await runInfo(path ?? (await runSample({ quiet: true })).stack, options);
  });

program.command('sample')
  .description('generate a synthetic light-sheet stack and its isotropic ground truth (OME-TIFF)')
  .option('--out <dir>', 'output folder (default: the cached bundled sample)')
  .option('--size <size>', 'XxYxZ planes (e.g. 256x256x64) or a byte size (e.g. 8GB)')
  .option('--seed <n>', 'random seed', '1')
  .option('--truth', 'also write the isotropic ground truth (default: only for stacks up to 256 MB)')
  .option('--no-truth', 'skip the isotropic ground truth')
  .option('--compression <c>', 'none | deflate', 'none')
  .action(async (options) => { await runSample(options); });

program.command('table2')
  .description("reproduce the paper's Table 2: tiled vs whole-slice inference, valid vs zero-padded network")
  .argument('[volume]', 'stack to take xy planes from (default: the bundled sample)')
  .option('--json', 'print {"rows": [{network, tile, mse, seconds}], "backend"} on stdout')
  .option('--preset <name>', 'network size: cpu | paper | tiny', 'cpu')
  .option('--planes <n>', 'xy planes to use, evenly spaced in z', '4')
  .option('--backend <name>', 'tensorflow | webgpu | wasm | cpu (default: automatic)')
  .option('--model <dir>', 'trained valid-network weights (default: seeded random weights)')
  .option('--seed <n>', 'seed of the random weights', '1')
  .action(async (volume: string | undefined, options) => {
    await runTable2(volume ?? (await runSample({ quiet: true })).stack, options);
  });

program.parseAsync(process.argv).catch(reportAndExit);
