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
import { runDemo } from './cli/demo.js';
import { runTrain } from './cli/train.js';
import { runTable2 } from './cli/table2.js';
import { runEvaluate } from './cli/evaluate.js';
import { runExport } from './cli/export.js';
import { runRun, runResume } from './cli/run.js';
import { runStatusCommand, runFinalizeCommand, runCompareCommand } from './cli/run-status.js';
import { runServe } from './cli/serve.js';
import { runStart } from './cli/start.js';
import { runBackends } from './cli/backends.js';
import { BACKEND_HELP, THREADS_HELP } from './cli/compute-options.js';

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
  .option('--backend <name>', BACKEND_HELP)
  .option('--threads <n>', THREADS_HELP)
  .option('--model <dir>', 'trained valid-network weights (default: seeded random weights)')
  .option('--seed <n>', 'seed of the random weights', '1')
  .action(async (volume: string | undefined, options) => {
    await runTable2(volume ?? (await runSample({ quiet: true })).stack, options);
  });

program.command('train')
  .description('train a super-resolution model on the stack itself (self-supervised, from its xy planes)')
  .argument('<volume>', 'TIFF / BigTIFF / OME-TIFF / ImageJ TIFF file, or a folder of TIFFs')
  .requiredOption('--out <dir>', 'model directory: model.safetensors, checkpoint, history.json')
  .option('--preset <name>', 'cpu (W32 B3, 10 min) | paper (W256 B7, 500k patches) | tiny (tests)', 'cpu')
  .option('--seed <n>', 'random seed (patches, augmentation, initial weights)', '1')
  .option('--resume', 'continue from the checkpoint in --out (same input and options)')
  .option('--backend <name>', BACKEND_HELP)
  .option('--threads <n>', THREADS_HELP)
  .option('--fwhm <um>', 'slice-profile FWHM in µm (default: sample.json beside the stack, else the z step)')
  .option('--xy-pixel <um>', 'in-plane pixel size in µm (default: from the file)')
  .option('--z-step <um>', 'z step in µm (default: from the file)')
  .option('--time <s>', 'training time budget in seconds (default: the preset\'s)')
  .option('--max-patches <n>', 'stop after this many training patches (default: the preset\'s)')
  .option('--checkpoint-every <s>', 'seconds between checkpoints', '120')
  .option('--no-noise', 'no Poisson / uniform noise augmentation of the inputs')
  .action(async (volume: string, options) => { await runTrain(volume, options); });

program.command('evaluate')
  .description('PSNR and SSIM of a model and of the bicubic baseline against an isotropic ground truth')
  .requiredOption('--model <dir>', 'model directory (from isotrope train)')
  .requiredOption('--truth <volume>', 'isotropic ground-truth volume')
  .option('--input <volume>', 'a real low-resolution stack of the same object (default: degrade the truth along z)')
  .option('--ratio <r>', 'z step / xy pixel of the low-resolution input (default: the model\'s)')
  .option('--fwhm <um>', 'slice-profile FWHM in µm for the simulated input (default: the model\'s, else 2.2)')
  .option('--lateral-fwhm <um>', 'blur the truth already carries, µm (default: sample.json beside it, else 0)')
  .option('--orientations <o>', 'both | xz | yz', 'both')
  .option('--tile <n>', 'tile input size (default: largest that fits 512 MiB)')
  .option('--batch <n>', 'tiles per forward pass')
  .option('--backend <name>', BACKEND_HELP)
  .option('--threads <n>', THREADS_HELP)
  .option('--json', 'print one JSON object on stdout')
  .action(async (options) => { await runEvaluate(options); });

program.command('run')
  .description('super-resolve a whole stack into RUN_DIR (resumable; OME-Zarr output, MIPs, preview)')
  .argument('<volume>', 'TIFF / BigTIFF / OME-TIFF / ImageJ TIFF file, or a folder of TIFFs')
  .requiredOption('--model <dir>', 'model directory (from isotrope train)')
  .requiredOption('--out <dir>', 'run directory (new or empty; for --shard, shared by all shards)')
  .option('--shard <i/n>', 'process only units with index mod n = i (e.g. a Slurm array task)')
  .option('--orientations <o>', 'both | xz | yz', 'both')
  .option('--dtype <t>', 'uint16 | uint8 | float32 (default: the input\'s when uint8/uint16, else float32)')
  .option('--unit <n>', 'unit (= chunk) size in y rows and output z planes', '64')
  .option('--unit-z <n>', 'unit size in output z planes (default: --unit)')
  .option('--tile <n>', 'tile input size (default: largest that fits 512 MiB; the result does not depend on it)')
  .option('--backend <name>', BACKEND_HELP)
  .option('--threads <n>', THREADS_HELP)
  .option('--json', 'print a JSON summary on stdout')
  .action(async (volume: string, options) => { await runRun(volume, options); });

program.command('resume')
  .description('continue a stopped or crashed run where it stopped (same result as an uninterrupted run)')
  .argument('<run-dir>', 'run directory')
  .option('--shard <i/n>', 'continue only this shard')
  .option('--backend <name>', `${BACKEND_HELP}; default: the run's`)
  .option('--threads <n>', THREADS_HELP)
  .option('--json', 'print a JSON summary on stdout')
  .action(async (runDir: string, options) => { await runResume(runDir, options); });

program.command('status')
  .description('units done, running or stopped, of a run directory')
  .argument('<run-dir>', 'run directory')
  .option('--json', 'print {"state": "done"|"running"|"stopped", "unitsDone", "unitsTotal", …}')
  .action(async (runDir: string, options) => { await runStatusCommand(runDir, options); });

program.command('finalize')
  .description('once every unit is done: build the pyramid, MIP PNGs and the preview volume')
  .argument('<run-dir>', 'run directory')
  .option('--json', 'print a JSON summary on stdout')
  .action(async (runDir: string, options) => { await runFinalizeCommand(runDir, options); });

program.command('compare')
  .description('PNGs of the SR and bicubic MIPs of a run (works while it runs)')
  .argument('<run-dir>', 'run directory')
  .option('--out <dir>', 'output folder (default RUN_DIR/compare)')
  .option('--json', 'print {"files": […]} on stdout')
  .action(async (runDir: string, options) => { await runCompareCommand(runDir, options); });

program.command('export')
  .description('write a run\'s result (RUN_DIR/output.zarr) as OME-TIFF, ImageJ TIFF or OME-Zarr, streamed plane by plane')
  .argument('<run>', 'run directory (its output.zarr is exported), or an OME-Zarr store or stack to convert')
  .requiredOption('--out <file>', 'output file (.ome.tif, .tif) or folder (.zarr); TIFFs appear only when complete')
  .option('--format <f>', 'ome-tiff (Bio-Formats, tifffile; BigTIFF past 4 GB) | tiff (ImageJ/Fiji) | zarr (copy of the store)', 'ome-tiff')
  .option('--level <k>', 'pyramid level to export to TIFF (0 = full resolution)', '0')
  .option('--compression <c>', 'OME-TIFF compression: none | deflate | lzw | packbits', 'none')
  .option('--json', 'print {"out", "format", "shape", "dtype", "voxelSize", "seconds"} on stdout')
  .action(async (run: string, options) => { await runExport(run, options); });

program.command('backends')
  .description('the compute backends: which start on this machine, on what device, and which automatic choice takes')
  .option('--threads <n>', THREADS_HELP)
  .option('--json', 'print [{"name", "available", "device", "reason"}] on stdout')
  .action(async (options) => { await runBackends(options); });

program.command('serve')
  .description('serve the engine API (HTTP + WebSocket) and the UI on 127.0.0.1; prints the URL with its access token')
  .option('--port <n>', 'TCP port (0 picks a free one)', '0')
  .option('--open', 'open the URL in the default browser')
  .action(async (options) => { await runServe(options); });

program.command('start')
  .description('open the desktop app; without Electron or a display, serve the UI to a browser (as serve)')
  .option('--browser', 'browser mode even where the desktop app could run')
  .option('--port <n>', 'browser mode: TCP port (0 picks a free one)', '0')
  .action(async (options) => { await runStart(options); });

program.command('demo')
  .description('the whole job on the bundled sample: describe, train (2 min), run, finalize, compare')
  .option('--out <dir>', 'where the model, the run and the PNGs go', 'out/demo')
  .option('--time <s>', 'training time budget in seconds', '120')
  .option('--backend <name>', BACKEND_HELP)
  .option('--threads <n>', THREADS_HELP)
  .action(async (options) => { await runDemo(options); });

program.parseAsync(process.argv).catch(reportAndExit);
