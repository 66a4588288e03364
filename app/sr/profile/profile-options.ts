/**
 * What a user may choose about the slice-profile estimate, declared once: `isotrope profile`'s
 * flags and the API's estimateProfile arguments. The voxel-size overrides are training's own
 * fields (the same flags mean the same thing in both commands).
 */
import { z } from 'zod';
import { flags } from '../../options/index.js';
import { TrainOptionsSchema } from '../training/train-options.js';

export const ProfileOptionsSchema = TrainOptionsSchema.pick({ xyPixel: true, zStep: true })
  .extend({
    channel: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .register(flags, { value: 'c', help: 'channel to measure', default: '0' }),
  })
  .strict();

export type ProfileOptions = z.output<typeof ProfileOptionsSchema>;
