/**
 * What a user may choose about a run, declared once: the CLI's `isotrope run` flags, the API's
 * startRun arguments and createRun's check all come from this schema. The values end up in
 * the manifest's params, so a shard joining a run must choose the same.
 *
 * @example RunOptionsSchema.parse({ orientations: 'xz', unit: 32 })
 */
import { z } from 'zod';
import { ComputeOptionsSchema } from '../compute/compute-options.js';
import { SelectionSchema, flags } from '../options/index.js';

const positiveInt = z.number().int().positive();

/**
 * Whether a run with both orientations writes the disagreement map unless told: on, since the
 * disagreement ranks the actual error (Spearman ρ on the bundled sample, README "Confidence map").
 */
export const CONFIDENCE_DEFAULT = true;

export const RunOptionsSchema = z
  .object({
    /** Which planes the network sees: both (the paper's mean fusion), xz or yz. */
    orientations: z.enum(['both', 'xz', 'yz']).optional().register(flags, {
      value: 'o',
      help: 'both | xz | yz',
      default: 'both',
    }),
    /** Default: the input's dtype when uint8/uint16, else float32. */
    dtype: z.enum(['uint8', 'uint16', 'float32']).optional().register(flags, {
      value: 't',
      help: "uint16 | uint8 | float32 (default: the input's when uint8/uint16, else float32)",
    }),
    /** Unit size in y rows and output z planes (default 64): also the store's chunk y / z. */
    unit: positiveInt.optional().register(flags, {
      value: 'n',
      help: 'unit (= chunk) size in y rows and output z planes',
      default: '64',
    }),
    /** Unit size in output z planes (default: unit). */
    unitZ: positiveInt.optional().register(flags, {
      value: 'n',
      help: 'unit size in output z planes (default: --unit)',
    }),
    /** Tile size in px (default: the largest that fits the memory budget; the result does not depend on it). */
    tile: positiveInt.optional().register(flags, {
      value: 'n',
      help: 'tile input size (default: largest that fits 512 MiB; the result does not depend on it)',
    }),
    /** Input channels to super-resolve (default all), e.g. "0,2" or "1-3"; each keeps its index's model. */
    channels: SelectionSchema.optional().register(flags, {
      value: 'all|i,j,…',
      help: 'channels to super-resolve, e.g. 0,2 or 1-3 (default: all)',
    }),
    /** Input time points to super-resolve (default all). */
    timepoints: SelectionSchema.optional().register(flags, {
      value: 'all|a-b',
      help: 'time points to super-resolve, e.g. 0-9 (default: all)',
    }),
    /**
     * How output.zarr stores its chunks: a file per chunk, or a Zarr v3 shard (sharding_indexed)
     * per unit, whose inner chunks are the same chunks. Default: sharded when level 0 would
     * exceed SHARDED_ABOVE_CHUNKS chunk files (parallel file systems and backups suffer from
     * millions of small files). Recorded in the manifest, so resume and other shards keep it.
     */
    storeLayout: z.enum(['chunks', 'sharded']).optional().register(flags, {
      value: 'kind',
      help: 'chunks | sharded: a file per chunk, or one Zarr v3 shard per unit (default: sharded above 10,000 chunks)',
    }),
    /**
     * Also write the orientations' disagreement |xz − yz| / 2 as output.zarr/disagreement (both
     * orientations only). Default: CONFIDENCE_DEFAULT when both orientations run.
     */
    confidence: z.boolean().optional().register(flags, {
      help: 'write the xz/yz disagreement map output.zarr/disagreement and its MIPs (default: on with both orientations)',
      both: 'do not write the disagreement map',
    }),
    /** The backend the run's workers use unless told otherwise (recorded in the manifest). */
    backend: ComputeOptionsSchema.shape.backend,
  })
  .strict();

export type RunOptions = z.output<typeof RunOptionsSchema>;

export type StoreLayout = NonNullable<RunOptions['storeLayout']>;

/** Above this many level-0 chunk files, a run's store is sharded unless --store-layout says otherwise. */
export const SHARDED_ABOVE_CHUNKS = 10_000;
