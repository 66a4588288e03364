/** Which calls delete or overwrite, and what main asks before each. */
import { describe, expect, it } from 'vitest';
import { destructiveActionOf } from '../../main/destructive-commands.js';

describe('destructiveActionOf', () => {
  it('names what each destructive call would destroy', () => {
    expect(destructiveActionOf('cancelRun', { runDir: '/data/run', deleteOutput: true })).toMatchObject({
      command: 'cancelRun',
      question: 'Delete the run folder /data/run?',
      confirmLabel: 'Delete',
      refusal: 'cancelRun with deleteOutput was not confirmed: /data/run was not deleted',
    });
    expect(
      destructiveActionOf('exportRun', { runDir: '/data/run', out: '/data/sr.tif', force: true }),
    ).toMatchObject({
      command: 'exportRun',
      question: 'Overwrite /data/sr.tif?',
      confirmLabel: 'Overwrite',
      refusal: 'exportRun with force was not confirmed: /data/sr.tif was not overwritten',
    });
    expect(destructiveActionOf('startTraining', { modelDir: '/data/model', force: true })).toMatchObject({
      command: 'startTraining',
      question: 'Replace the model in /data/model?',
      confirmLabel: 'Replace',
    });
  });

  it('is null for calls that destroy nothing', () => {
    expect(destructiveActionOf('cancelRun', { runDir: '/r' })).toBeNull();
    expect(destructiveActionOf('cancelRun', { runDir: '/r', deleteOutput: false })).toBeNull();
    expect(destructiveActionOf('exportRun', { runDir: '/r', out: '/o', force: false })).toBeNull();
    expect(destructiveActionOf('startTraining', { modelDir: '/m', resume: true })).toBeNull();
    expect(destructiveActionOf('startRun', { runDir: '/r', force: true })).toBeNull();
    expect(destructiveActionOf('cancelRun', null)).toBeNull();
    expect(destructiveActionOf('cancelRun', 'deleteOutput')).toBeNull();
  });

  it('keeps messages to one bounded line whatever the page sent', () => {
    const action = destructiveActionOf('cancelRun', {
      runDir: `/a\n/b${'x'.repeat(1000)}`,
      deleteOutput: 1,
    })!;
    expect(action.refusal).not.toContain('\n');
    expect(action.question.length).toBeLessThan(400);
    expect(destructiveActionOf('exportRun', { force: true })!.question).toBe('Overwrite (no path given)?');
  });
});
