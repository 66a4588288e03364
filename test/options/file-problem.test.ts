/** fileProblem: a file-system failure in words with its code, not Node's raw message. */
import { describe, expect, it } from 'vitest';
import { fileProblem } from '../../app/options/index.js';

describe('fileProblem', () => {
  it('names a known code in words, with the code', () => {
    expect(
      fileProblem(Object.assign(new Error('EACCES: permission denied, mkdir /x'), { code: 'EACCES' })),
    ).toBe('permission denied (EACCES)');
    expect(fileProblem({ code: 'ENOTDIR' })).toBe(
      'a file stands where a folder of the path should be (ENOTDIR)',
    );
  });

  it('keeps the message of anything else', () => {
    expect(fileProblem(Object.assign(new Error('odd failure'), { code: 'EWHAT' }))).toBe('odd failure');
    expect(fileProblem('plain text')).toBe('plain text');
  });
});
