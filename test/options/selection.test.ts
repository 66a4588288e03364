/** resolveSelection: what a selection picks, and a refusal that names the flag typed and the valid range. */
import { describe, expect, it } from 'vitest';
import { resolveSelection, SelectionError } from '../../app/options/index.js';

function refusal(text: string, count: number, what: string, flag?: string): string {
  try {
    resolveSelection(text, count, what, flag);
  } catch (e) {
    expect(e).toBeInstanceOf(SelectionError);
    return (e as Error).message;
  }
  throw new Error(`${text} was accepted`);
}

describe('resolveSelection', () => {
  it('picks all, lists and ranges, sorted and distinct', () => {
    expect(resolveSelection(undefined, 3, 'channel')).toEqual([0, 1, 2]);
    expect(resolveSelection(' all ', 2, 'channel')).toEqual([0, 1]);
    expect(resolveSelection('3,0-1,1', 4, 'channel', '--channels')).toEqual([0, 1, 3]);
  });

  it('an index out of range names the flag, the value typed and the valid range', () => {
    expect(refusal('0,5', 2, 'channel', '--channels')).toBe(
      '--channels 0,5: channel 5 is out of range: the stack has 2 channels (0–1)',
    );
    expect(refusal('1', 1, 'time point', '--timepoints')).toBe(
      '--timepoints 1: time point 1 is out of range: the stack has 1 time point (0)',
    );
  });

  it('a name or a reversed range names the flag, the form it takes and the valid range', () => {
    expect(refusal('vessels', 2, 'channel', '--channels')).toBe(
      '--channels vessels: expected all, or indices and ranges such as 0,2-3; the stack has 2 channels (0–1)',
    );
    expect(refusal('3-1', 4, 'time point', '--timepoints')).toBe(
      '--timepoints 3-1: a range goes from low to high (1-3); the stack has 4 time points (0–3)',
    );
  });

  it('without a flag (an API caller) the line still names the valid range', () => {
    expect(refusal('0,5', 2, 'channel')).toBe('channel 5 is out of range: the stack has 2 channels (0–1)');
  });
});
