/**
 * What a user may choose about training, declared once: the CLI's `isotrope train` flags, the
 * API's startTraining arguments and the job worker's spec all come from this schema, and
 * train() takes its output. Adding an option means a field here and the code in train.ts that
 * uses it. Each field's default is the preset's unless its flag says otherwise.
 *
 * @example TrainOptionsSchema.parse({ preset: 'tiny', maxPatches: 64 })
 */
import { z } from 'zod';
import { SelectionSchema, flags } from '../../options/index.js';

/** The training presets (settings.ts holds their values); here so the schema imports nothing heavy. */
export const TRAINING_PRESET_NAMES = ['cpu', 'paper', 'tiny'] as const;

const positive = z.number().positive();

export const TrainOptionsSchema = z
  .object({
    preset: z.enum(TRAINING_PRESET_NAMES).optional().register(flags, {
      value: 'name',
      default: 'cpu',
      help: 'cpu (W32 B3, 10 min) | paper (W256 B7, 500k patches) | tiny (tests)',
    }),
    /** Patches, augmentation and initial weights follow from it. */
    seed: z.number().int().nonnegative().optional().register(flags, {
      value: 'n',
      help: 'random seed (patches, augmentation, initial weights)',
      default: '1',
    }),
    /** Continue from MODEL_DIR's checkpoint (refused if input or settings differ). */
    resume: z.boolean().optional().register(flags, {
      help: 'continue from the checkpoint in --out (same input and options)',
    }),
    /** Replace a model already in MODEL_DIR (without it and without resume, an existing model is refused: tag 'exists'). */
    force: z.boolean().optional().register(flags, {
      help: 'replace the model already in --out (without --force or --resume, an existing model is refused)',
    }),
    /**
     * One input channel, trained into MODEL_DIR itself. Without it a stack of C > 1 channels gets
     * one model per channel, MODEL_DIR/c0 … c{C−1}, each an ordinary model directory.
     */
    channel: z.number().int().nonnegative().optional().register(flags, {
      value: 'c',
      help: 'train one model for this channel into --out (default: one model per channel, --out/c<k>)',
    }),
    /** Time points whose planes training samples (default all). */
    timepoints: SelectionSchema.optional().register(flags, {
      value: 'all|a-b',
      help: 'time points to train on, e.g. 0-4 (default: all)',
    }),
    fwhm: positive.optional().register(flags, {
      value: 'um',
      help: 'slice-profile FWHM in µm (default: the slice profile the stack records, e.g. in the OME-XML of a sample, else the z step)',
    }),
    /** Overrides of the file's voxel size (µm) and the PSF's axial FWHM (µm). */
    xyPixel: positive.optional().register(flags, {
      value: 'um',
      help: 'in-plane pixel size in µm (default: from the file)',
    }),
    zStep: positive
      .optional()
      .register(flags, { value: 'um', help: 'z step in µm (default: from the file)' }),
    /** Seconds of training, summed over resumed sessions. */
    timeBudget: positive.optional().register(flags, {
      flag: 'time',
      value: 's',
      help: "training time budget in seconds (default: the preset's)",
    }),
    maxPatches: z.number().int().positive().optional().register(flags, {
      value: 'n',
      help: "stop after this many training patches (default: the preset's)",
    }),
    /** AdamW's learning rate; part of the settings a checkpoint is resumed under, so --resume keeps it. */
    lr: positive.optional().register(flags, {
      value: 'rate',
      help: "AdamW learning rate (default: the preset's, 1e-3 for cpu and tiny, 1e-4 for paper)",
    }),
    /** Seconds between checkpoints (0: after every step). */
    checkpointEvery: z.number().nonnegative().optional().register(flags, {
      value: 's',
      help: 'seconds between checkpoints',
      default: '120',
    }),
    /** Poisson-like + uniform noise augmentation of the inputs (on unless false: LSFM data is noisy). */
    noise: z.boolean().optional().register(flags, {
      negate: true,
      help: 'no Poisson / uniform noise augmentation of the inputs',
    }),
  })
  .strict();

/** The training options a user chose (every field optional: train() fills in the preset's). */
export type UserTrainOptions = z.output<typeof TrainOptionsSchema>;
