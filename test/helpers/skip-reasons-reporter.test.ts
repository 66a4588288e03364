import { describe, expect, it } from 'vitest';
import { reasonInName, skipSummary } from './skip-reasons-reporter.js';

describe('the skip-reasons reporter', () => {
  it('finds the reason a describe or a test name carries', () => {
    expect(reasonInName('the UI in Chromium (skipped: no chromium (apt-get install chromium)) > opens')).toBe(
      'no chromium (apt-get install chromium)',
    );
    expect(reasonInName('launches — skipped: no display')).toBe('no display');
    expect(reasonInName('opens its window')).toBeUndefined();
  });

  it('lists each reason with the tests it skipped, and a skip without one as such', () => {
    const lines = skipSummary([
      { file: 'test/a.test.ts', name: 'a > one', reason: 'no GPU' },
      { file: 'test/b.test.ts', name: 'b > two', reason: 'no GPU' },
      { file: 'test/c.test.ts', name: 'c (skipped: no display) > three', reason: undefined },
      { file: 'test/d.test.ts', name: 'd > four', reason: undefined },
    ]);
    expect(lines).toEqual([
      'Skipped tests and why (4):',
      '  no GPU:',
      '    test/a.test.ts > a > one',
      '    test/b.test.ts > b > two',
      '  no display:',
      '    test/c.test.ts > c (skipped: no display) > three',
      '  no reason given (skip with ctx.skip(reason)):',
      '    test/d.test.ts > d > four',
    ]);
  });

  it('prints nothing when nothing was skipped', () => {
    expect(skipSummary([])).toEqual([]);
  });
});
