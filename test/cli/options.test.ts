/**
 * The CLI's options from the zod schemas: flags generated from the metadata, the bag parsed
 * back with coercion, one error class.
 */
import { Command } from 'commander';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { addOptions, isOptionError, OptionError, parseNumber, parseOptions } from '../../app/cli/options.js';
import { TrainFlags } from '../../app/cli/train.js';
import { RunFlags } from '../../app/cli/run.js';
import { flags } from '../../app/options/flags.js';
import { TrainOptionsSchema } from '../../app/sr/training/train-options.js';
import { commands } from '../../app/api/schemas.js';

/** Parses `argv` with a command whose options come from `schema`; resolves the action's option bag. */
function bagOf(schema: z.ZodObject, argv: string[]): Record<string, unknown> {
  let bag: Record<string, unknown> = {};
  const command = addOptions(new Command('t').exitOverride(), schema);
  command.action((options: Record<string, unknown>) => {
    bag = options;
  });
  command.parse(argv, { from: 'user' });
  return bag;
}

const parseTrain = (argv: string[]) => parseOptions(TrainFlags, bagOf(TrainFlags, argv));

describe('generated flags', () => {
  it('names each flag after its key in kebab-case, or after its metadata, with value and default', () => {
    const command = addOptions(new Command('train'), TrainFlags);
    const spelled = command.options.map((o) => o.flags);
    expect(spelled).toEqual(
      expect.arrayContaining([
        '--preset <name>',
        '--seed <n>',
        '--resume',
        '--fwhm <um>',
        '--xy-pixel <um>',
        '--z-step <um>',
        '--time <s>',
        '--max-patches <n>',
        '--checkpoint-every <s>',
        '--no-noise',
        '--backend <name>',
        '--threads <n>',
      ]),
    );
    const preset = command.options.find((o) => o.long === '--preset');
    expect(preset?.defaultValue).toBe('cpu');
    expect(preset?.description).toMatch(/tiny/);
  });

  it('offers every training option the schema declares, and nothing else', () => {
    const fields = Object.values(TrainOptionsSchema.shape);
    expect(fields.every((field) => flags.has(field))).toBe(true);
    expect(addOptions(new Command('t'), TrainOptionsSchema).options).toHaveLength(fields.length);
  });

  it('leaves fields without metadata off the command line', () => {
    const shown = z.boolean().optional().register(flags, { help: 'on' });
    const schema = z.object({ shown, hidden: z.string().optional() });
    expect(addOptions(new Command('t'), schema).options.map((o) => o.long)).toEqual(['--shown']);
  });
});

describe('parsing the option bag', () => {
  it('coerces numbers and maps flags back to keys', () => {
    const argv = ['--time', '30', '--max-patches', '64', '--xy-pixel', '0.5', '--seed', '3', '--no-noise'];
    expect(parseTrain(argv)).toEqual({
      preset: 'cpu',
      seed: 3,
      timeBudget: 30,
      maxPatches: 64,
      xyPixel: 0.5,
      checkpointEvery: 120,
      noise: false,
    });
  });

  it('accepts exponents and keeps absent options absent', () => {
    expect(parseTrain(['--max-patches', '5e4'])).toMatchObject({ maxPatches: 50_000 });
    expect(parseTrain([])).not.toHaveProperty('timeBudget');
  });

  it('refuses a bad value with one OptionError naming the flag, the value and what it takes', () => {
    const cases: Array<[string[], string]> = [
      [['--max-patches', 'x'], '--max-patches x: expected a positive integer'],
      [['--max-patches', '1.5'], '--max-patches 1.5: expected a positive integer'],
      [['--time', '-3'], '--time -3: expected a positive number'],
      [['--time', ''], "--time '': expected a positive number"],
      [['--seed', 'Infinity'], '--seed Infinity: expected a non-negative integer'],
      [['--preset', 'huge'], '--preset huge: expected cpu, paper or tiny'],
      [['--threads', '0'], '--threads 0: expected a positive integer'],
    ];
    for (const [argv, message] of cases) {
      let error: unknown;
      try {
        parseTrain(argv);
      } catch (e) {
        error = e;
      }
      expect(error, argv.join(' ')).toBeInstanceOf(OptionError);
      expect(isOptionError(error) && error.message, argv.join(' ')).toBe(message);
      expect(isOptionError(error) && error.flag).toBe(argv[0]);
    }
  });

  it('gives the run layer its own option names (unit and unitZ, not a shape)', () => {
    expect(
      parseOptions(RunFlags, bagOf(RunFlags, ['--unit', '16', '--unit-z', '8', '--orientations', 'xz'])),
    ).toEqual({ orientations: 'xz', unit: 16, unitZ: 8 });
  });

  it('offers a `both` switch as --x and --no-x, absent when neither is given (run --confidence)', () => {
    const longs = addOptions(new Command('run'), RunFlags).options.map((o) => o.long);
    expect(longs).toEqual(expect.arrayContaining(['--confidence', '--no-confidence']));
    const parseRun = (argv: string[]) => parseOptions(RunFlags, bagOf(RunFlags, argv));
    expect(parseRun([])).not.toHaveProperty('confidence');
    expect(parseRun(['--confidence'])).toMatchObject({ confidence: true });
    expect(parseRun(['--no-confidence'])).toMatchObject({ confidence: false });
  });

  it('has one number parser: text that is not a finite number is refused', () => {
    expect(parseNumber('--n', ' 12 ')).toBe(12);
    for (const text of ['', ' ', 'abc', 'NaN', 'Infinity', '1e999']) {
      expect(() => parseNumber('--n', text)).toThrow(OptionError);
    }
  });
});

describe('a training option added to the schema alone', () => {
  it('--lr is a flag of isotrope train, parsed as a positive number, and a startTraining argument', () => {
    expect(addOptions(new Command('train'), TrainFlags).options.map((o) => o.flags)).toContain('--lr <rate>');
    expect(parseTrain(['--lr', '1e-4'])).toMatchObject({ lr: 1e-4 });
    expect(() => parseTrain(['--lr', '0'])).toThrow('--lr 0: expected a positive number');
    const args = { input: { path: '/a.tif' }, modelDir: '/m', lr: 3e-4 };
    expect(commands.startTraining.args.parse(args)).toEqual(args);
  });
});
