/** The per-plane PSNR curve: one point per plane and series, a break at ∞, round ticks. */
import { describe, expect, it } from 'vitest';
import { psnrPlotSvg, ticks } from '../../../app/sr/evaluation-report/psnr-plot.js';

describe('psnrPlotSvg', () => {
  it('draws each series point by point and breaks its line where a plane is exact', () => {
    const svg = psnrPlotSvg(
      [
        { name: 'SR', colour: '#f00', values: [30, 31, Infinity, 33, 34] },
        { name: 'bicubic', colour: '#00f', values: [20, 21, 22, 23, 24] },
      ],
      0.5,
    );
    const lines = (name: string) =>
      [...svg.matchAll(new RegExp(`data-series="${name}" points="([^"]+)"`, 'g'))].map((m) =>
        m[1].split(' '),
      );
    expect(lines('SR').map((l) => l.length)).toEqual([2, 2]);
    expect(lines('bicubic').map((l) => l.length)).toEqual([5]);
    // Higher PSNR is higher on the page (smaller y).
    const y = (p: string) => Number(p.split(',')[1]);
    expect(y(lines('SR')[0][0])).toBeLessThan(y(lines('bicubic')[0][0]));
    expect(svg).toContain('2 (1 µm)');
  });

  it('ticks at 1, 2 or 5 × 10^k', () => {
    expect(ticks(19, 35)).toEqual([20, 25, 30, 35]);
    expect(ticks(0, 46)).toEqual([0, 10, 20, 30, 40]);
    expect(ticks(0.1, 0.9, 4)).toEqual([0.2, 0.4, 0.6, 0.8]);
  });
});
