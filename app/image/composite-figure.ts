/**
 * A channel composite (composite.ts) as a figure that reads like the comparison figures: rows
 * stretched to true proportions as the comparison's panels are (nearest row), the panel's name
 * ("SR" or "BICUBIC"), µm scale bar and axis arrows laid out by labelPanel, and the same title
 * band (stack, model, channels, projection) above.
 *
 * @example
 *   const { figure } = renderCompositeFigure(layers, 256, 64, { pixelUm: 0.4, rowScale: 2.5, name: 'SR' });
 *   writeFileSync('composite-sr-y.png', rasterPng(figure));
 */
import { compositeRaster, type CompositeLayer } from './composite.js';
import { withTitle, type PanelAxes } from './figure-labels.js';
import { labelPanel } from './panel-labels.js';
import { sourceRow } from './panels.js';
import { createRaster, type PixelBox, type Raster } from './raster.js';
import { figureScaleBar, textScale } from './scale-bar.js';

export interface CompositeFigureOptions {
  /** µm per image pixel along x (the displayed width). */
  pixelUm: number;
  /** Output rows per input row, as ComparisonOptions.rowScale. Default 1. */
  rowScale?: number;
  /** The panel's name, e.g. "SR". */
  name?: string;
  /** The axes along columns and rows, for the axis arrows. */
  axes?: PanelAxes;
  /** The title's parts, e.g. ['brain.tif', 'model brain-model', 'channels vessels + nuclei', 'y MIP (xz)']. */
  title?: readonly string[];
}

export interface CompositeFigure {
  /** RGB, width × round(height · rowScale), plus the title band when titled. */
  figure: Raster;
  /** Rows of the title band above the panel (0 without a title). */
  titleRows: number;
  /** The boxes of the panel's labels, in the panel's own pixels (below the title band). */
  labels: PixelBox[];
}

/** `raster`'s rows stretched to `outHeight` by nearest row, as the comparison's gray panels are. */
function stretchRows(raster: Raster, outHeight: number): Raster {
  if (outHeight === raster.height) return raster;
  const stretched = createRaster(raster.width, outHeight, raster.channels);
  const rowBytes = raster.width * raster.channels;
  const rowScale = outHeight / raster.height;
  for (let y = 0; y < outHeight; y++) {
    const from = sourceRow(y, raster.height, rowScale) * rowBytes;
    stretched.data.set(raster.data.subarray(from, from + rowBytes), y * rowBytes);
  }
  return stretched;
}

/** The composite of `layers` (width × height each) as a labelled, titled figure. */
export function renderCompositeFigure(
  layers: readonly CompositeLayer[],
  width: number,
  height: number,
  options: CompositeFigureOptions,
): CompositeFigure {
  if (!(options.pixelUm > 0))
    throw new Error(`renderCompositeFigure: pixelUm must be positive, got ${options.pixelUm}`);
  const outHeight = Math.max(1, Math.round(height * (options.rowScale ?? 1)));
  const panel = stretchRows(compositeRaster(layers, width, height), outHeight);
  const scale = textScale(panel);
  const labels = labelPanel(
    panel,
    { x0: 0, width },
    {
      names: options.name === undefined ? [] : [options.name],
      bar: figureScaleBar(width, options.pixelUm),
      axes: options.axes,
      scale,
    },
  );
  if (!options.title || options.title.length === 0) return { figure: panel, titleRows: 0, labels };
  const figure = withTitle(panel, options.title, scale);
  return { figure, titleRows: figure.height - panel.height, labels };
}
