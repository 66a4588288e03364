/** Event throttling: at most one per interval, the latest wins, urgent ones pass, flush sends what is held. */
import { describe, expect, it, vi } from 'vitest';
import { throttle } from '../../../app/api/jobs/throttle.js';

describe('throttle', () => {
  it('sends the first at once, then the latest per interval; urgent and flush send immediately', () => {
    vi.useFakeTimers();
    try {
      const sent: number[] = [];
      const t = throttle<number>(100, (v) => sent.push(v));
      t.push(1);
      t.push(2);
      t.push(3);
      expect(sent).toEqual([1]);
      vi.advanceTimersByTime(100);
      expect(sent).toEqual([1, 3]);
      t.push(4);
      t.push(5, true);
      expect(sent).toEqual([1, 3, 5]);
      vi.advanceTimersByTime(500);
      expect(sent).toEqual([1, 3, 5]);
      t.push(6);
      t.push(7);
      t.flush();
      expect(sent).toEqual([1, 3, 5, 6, 7]);
      // Within the interval after the flush: held, then dropped by cancel.
      t.push(8);
      t.cancel();
      vi.advanceTimersByTime(500);
      expect(sent).toEqual([1, 3, 5, 6, 7]);
    } finally {
      vi.useRealTimers();
    }
  });
});
