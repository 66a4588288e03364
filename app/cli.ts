#!/usr/bin/env node
/**
 * The `isotrope` command-line tool. Each command lives in app/cli/; this file only wires
 * them to commander and routes every failure through one error reporter. Options come from
 * the commands' zod schemas (addOptions); only arguments and required paths are spelled here.
 */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { reportAndExit } from './cli/fail.js';
import { InfoFlags, runInfo } from './cli/info.js';
import { runSample, SampleFlags } from './cli/sample.js';
import { DemoFlags, runDemo } from './cli/demo.js';
import { runTrain, TrainFlags } from './cli/train.js';
import { runTable2, Table2Flags } from './cli/table2.js';
import { EvaluateFlags, runEvaluate } from './cli/evaluate.js';
import { ProfileFlags, runProfile } from './cli/profile.js';
import { ExportFlags, runExport } from './cli/export.js';
import { RESUME_OVERRIDES, ResumeFlags, RunFlags, runResume, runRun } from './cli/run.js';
import { runStatusCommand, runFinalizeCommand, runCompareCommand } from './cli/run-status.js';
import { runServe, ServeFlags } from './cli/serve.js';
import { runStart, StartFlags } from './cli/start.js';
import { BackendsFlags, runBackends } from './cli/backends.js';
import { DoctorFlags, runDoctor } from './cli/doctor.js';
import { addOptions } from './cli/options.js';
import { commandPath, reportUsageErrorsInOneLine } from './cli/usage.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const program = new Command()
  .name('isotrope')
  .description(
    'Make light-sheet microscopy stacks isotropic with self-supervised, crop-equivariant super-resolution',
  )
  .version(pkg.version);

addOptions(
  program
    .command('info')
    .description('describe a TIFF stack or a folder of TIFFs: shape, type, voxel size, layout, intensities')
    .argument(
      '[path]',
      'TIFF / BigTIFF / OME-TIFF / ImageJ TIFF file, or a folder of TIFFs (default: the bundled sample)',
    ),
  InfoFlags,
).action(async (path: string | undefined, options) => {
  await runInfo(path ?? (await runSample({ quiet: true })).stack, options);
});

addOptions(
  program
    .command('sample')
    .description('generate a synthetic light-sheet stack and its isotropic ground truth (OME-TIFF)')
    .option('--out <dir>', 'output folder (default: the cached bundled sample)')
    .option('--size <size>', 'XxYxZ planes (e.g. 256x256x64) or a byte size (e.g. 8GB)'),
  SampleFlags,
)
  // Both spellings, so absence means "decide by size" (a schema boolean has one switch).
  .option('--truth', 'also write the isotropic ground truth (default: only for stacks up to 256 MB)')
  .option('--no-truth', 'skip the isotropic ground truth')
  .action(async (options) => {
    await runSample(options);
  });

addOptions(
  program
    .command('table2')
    .description(
      "reproduce the paper's Table 2: tiled vs whole-slice inference, valid vs zero-padded network",
    )
    .argument('[volume]', 'stack to take xy planes from (default: the bundled sample)'),
  Table2Flags,
).action(async (volume: string | undefined, options) => {
  await runTable2(volume ?? (await runSample({ quiet: true })).stack, options);
});

addOptions(
  program
    .command('train')
    .description('train a super-resolution model on the stack itself (self-supervised, from its xy planes)')
    .argument('<volume>', 'TIFF / BigTIFF / OME-TIFF / ImageJ TIFF file, or a folder of TIFFs')
    .requiredOption(
      '--out <dir>',
      'model directory: model.safetensors, checkpoint, history.json (per channel in <dir>/c<k> on a stack of several)',
    ),
  TrainFlags,
).action(async (volume: string, options) => {
  await runTrain(volume, options);
});

addOptions(
  program
    .command('evaluate')
    .description('PSNR and SSIM of a model and of the bicubic baseline against an isotropic ground truth')
    .requiredOption('--model <dir>', 'model directory (from isotrope train)')
    .requiredOption('--truth <volume>', 'isotropic ground-truth volume'),
  EvaluateFlags,
).action(async (options) => {
  await runEvaluate(options);
});

addOptions(
  program
    .command('profile')
    .description(
      'estimate the z slice profile (Gaussian FWHM, µm and z steps, 95 % interval) from the stack alone',
    )
    .argument('<volume>', 'TIFF / BigTIFF / OME-TIFF / ImageJ TIFF file, or a folder of TIFFs'),
  ProfileFlags,
).action(async (volume: string, options) => {
  await runProfile(volume, options);
});

addOptions(
  program
    .command('run')
    .description('super-resolve a whole stack into RUN_DIR (resumable; OME-Zarr output, MIPs, preview)')
    .argument('<volume>', 'TIFF / BigTIFF / OME-TIFF / ImageJ TIFF file, or a folder of TIFFs')
    .requiredOption('--model <dir>', 'model directory (from isotrope train)')
    .requiredOption('--out <dir>', 'run directory (new or empty; for --shard, shared by all shards)')
    .option('--shard <i/n>', 'process only units with index mod n = i (e.g. a Slurm array task)'),
  RunFlags,
)
  .option('--json', 'print a JSON summary on stdout')
  .action(async (volume: string, options) => {
    await runRun(volume, options);
  });

addOptions(
  program
    .command('resume')
    .description('continue a stopped or crashed run where it stopped (same result as an uninterrupted run)')
    .argument('<run-dir>', 'run directory')
    .option('--shard <i/n>', 'continue only this shard'),
  ResumeFlags,
  RESUME_OVERRIDES,
)
  .option('--json', 'print a JSON summary on stdout')
  .action(async (runDir: string, options) => {
    await runResume(runDir, options);
  });

program
  .command('status')
  .description('units done, running or stopped, of a run directory')
  .argument('<run-dir>', 'run directory')
  .option('--json', 'print {"state": "done"|"running"|"stopped", "unitsDone", "unitsTotal", …}')
  .action(async (runDir: string, options) => {
    await runStatusCommand(runDir, options);
  });

program
  .command('finalize')
  .description('once every unit is done: build the pyramid, MIP PNGs and the preview volume')
  .argument('<run-dir>', 'run directory')
  .option('--json', 'print a JSON summary on stdout')
  .action(async (runDir: string, options) => {
    await runFinalizeCommand(runDir, options);
  });

program
  .command('compare')
  .description('PNGs of the SR and bicubic MIPs of a run (works while it runs)')
  .argument('<run-dir>', 'run directory')
  .option('--out <dir>', 'output folder (default RUN_DIR/compare)')
  .option('--json', 'print {"files": […]} on stdout')
  .action(async (runDir: string, options) => {
    await runCompareCommand(runDir, options);
  });

addOptions(
  program
    .command('export')
    .description(
      "write a run's result (RUN_DIR/output.zarr) as OME-TIFF, ImageJ TIFF or OME-Zarr, streamed plane by plane",
    )
    .argument(
      '<run>',
      'run directory (its output.zarr is exported), or an OME-Zarr store or stack to convert',
    )
    .requiredOption(
      '--out <file>',
      'output file (.ome.tif, .tif) or folder (.zarr); TIFFs appear only when complete',
    ),
  ExportFlags,
).action(async (run: string, options) => {
  await runExport(run, options);
});

addOptions(
  program
    .command('backends')
    .description(
      'the compute backends: which start on this machine, on what device, and which automatic choice takes',
    ),
  BackendsFlags,
).action(async (options) => {
  await runBackends(options);
});

addOptions(
  program
    .command('doctor')
    .description(
      'check this machine: Node, each engine (with a self-test), disk, memory, Electron; given a stack, its training and run time here',
    )
    .argument('[volume]', 'stack to time training and a run of (measured by short probes)'),
  DoctorFlags,
).action(async (volume: string | undefined, options) => {
  await runDoctor(volume, options);
});

addOptions(
  program
    .command('serve')
    .description(
      'serve the engine API (HTTP + WebSocket) and the UI on 127.0.0.1; prints the URL with its access token',
    ),
  ServeFlags,
).action(async (options) => {
  await runServe(options);
});

addOptions(
  program
    .command('start')
    .description('open the desktop app; without Electron or a display, serve the UI to a browser (as serve)'),
  StartFlags,
).action(async (options) => {
  await runStart(options);
});

addOptions(
  program
    .command('demo')
    .description('the whole job on the bundled sample: describe, train (2 min), run, finalize, compare'),
  DemoFlags,
).action(async (options) => {
  await runDemo(options);
});

// Once every command is declared: usage errors as one line with a --help hint, not the whole usage.
const runningCommand = reportUsageErrorsInOneLine(program);
program.parseAsync(process.argv).catch((error: unknown) => {
  const running = runningCommand();
  reportAndExit(error, running && commandPath(running));
});
