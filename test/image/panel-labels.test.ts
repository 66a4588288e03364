/**
 * labelPanel on small panels: the name, the scale bar and its length, and the axis arrows stay
 * inside their panel and never cover one another; what does not fit shrinks or is left out.
 */
import { describe, expect, it } from 'vitest';
import { renderCompositeFigure } from '../../app/image/composite-figure.js';
import { labelPanel } from '../../app/image/panel-labels.js';
import { boxesOverlap, createRaster, type PixelBox } from '../../app/image/raster.js';
import { figureScaleBar, textScale } from '../../app/image/scale-bar.js';

const axes = { columns: 'x', rows: 'z' } as const;

function expectInsideAndApart(boxes: PixelBox[], panel: PixelBox): void {
  for (const box of boxes) {
    expect(box.x0, JSON.stringify(box)).toBeGreaterThanOrEqual(panel.x0);
    expect(box.y0, JSON.stringify(box)).toBeGreaterThanOrEqual(panel.y0);
    expect(box.x1, JSON.stringify(box)).toBeLessThanOrEqual(panel.x1);
    expect(box.y1, JSON.stringify(box)).toBeLessThanOrEqual(panel.y1);
  }
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      expect(
        boxesOverlap(boxes[i], boxes[j]),
        `${JSON.stringify(boxes[i])} × ${JSON.stringify(boxes[j])}`,
      ).toBe(false);
}

describe('labelPanel', () => {
  for (const [width, height] of [
    [64, 64],
    [64, 24],
    [40, 200],
    [256, 256],
    [600, 120],
  ] as const) {
    it(`${width} × ${height}: every label inside the panel, none over another`, () => {
      const raster = createRaster(width, height, 3);
      const scale = textScale(raster);
      const bar = figureScaleBar(width, 0.4);
      const boxes = labelPanel(
        raster,
        { x0: 0, width },
        { names: ['SR-BICUBIC ±0.123', 'SR-BICUBIC'], bar, axes, scale },
      );
      expectInsideAndApart(boxes, { x0: 0, y0: 0, x1: width, y1: height });
    });
  }

  it('a 256-pixel panel has room for all four: name, bar, its length and the arrows', () => {
    const raster = createRaster(256, 256, 1);
    const boxes = labelPanel(
      raster,
      { x0: 0, width: 256 },
      { names: ['SR'], bar: figureScaleBar(256, 0.4), axes, scale: 2 },
    );
    expect(boxes).toHaveLength(4);
  });

  it('on a short panel the bar’s length gives way to the name rather than covering it', () => {
    const raster = createRaster(64, 40, 1);
    const boxes = labelPanel(
      raster,
      { x0: 0, width: 64 },
      { names: ['SR'], bar: figureScaleBar(64, 0.4), scale: 2 },
    );
    // The name and the bar; the length would have reached the name's rows.
    expect(boxes).toHaveLength(2);
  });

  it('a name too long for the panel shrinks, then gives way to the shorter one, inside the panel', () => {
    const raster = createRaster(64, 64, 1);
    const [name] = labelPanel(
      raster,
      { x0: 0, width: 64 },
      { names: ['SR-BICUBIC ±0.123', 'SR-BICUBIC'], bar: figureScaleBar(64, 0.4), scale: 2 },
    );
    // 'SR-BICUBIC' at font scale 1 (59 pixels), from the left margin to inside the right edge.
    expect([name.x0, name.x1 - 1]).toEqual([4, 63]);
  });

  it('a name that fits nowhere is left out rather than run off the panel', () => {
    const raster = createRaster(30, 64, 1);
    const boxes = labelPanel(
      raster,
      { x0: 0, width: 30 },
      { names: ['BICUBIC'], bar: figureScaleBar(30, 0.4), scale: 2 },
    );
    expect(boxes.every((box) => box.y0 > 10)).toBe(true);
  });

  it('the second panel of a side-by-side figure keeps its labels in its own columns', () => {
    const raster = createRaster(2 * 64 + 2, 64, 1);
    const bar = figureScaleBar(64, 0.4);
    const boxes = labelPanel(raster, { x0: 66, width: 64 }, { names: ['BICUBIC'], bar, axes, scale: 2 });
    expectInsideAndApart(boxes, { x0: 66, y0: 0, x1: 130, y1: 64 });
  });
});

describe('renderCompositeFigure', () => {
  const layer = (value: number, color: string) => ({
    data: Float32Array.from({ length: 64 * 16 }, (_, i) => ((i * value) % 7) / 7),
    color,
    range: { lo: 0, hi: 1 },
  });

  it('a 64-pixel-wide composite: rows stretched, labels inside the panel and apart, a title band above', () => {
    const { figure, titleRows, labels } = renderCompositeFigure(
      [layer(3, '00FFFF'), layer(5, 'FF00FF')],
      64,
      16,
      {
        pixelUm: 0.4,
        rowScale: 2.5,
        name: 'BICUBIC',
        axes,
        title: ['stack.ome.tif', 'model m', 'channels vessels + nuclei', 'y MIP (xz)'],
      },
    );
    expect(figure.width).toBe(64);
    expect(titleRows).toBeGreaterThan(0);
    expect(figure.height).toBe(titleRows + 40);
    expectInsideAndApart(labels, { x0: 0, y0: 0, x1: 64, y1: 40 });
  });
});
