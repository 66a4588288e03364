/**
 * A stand-in for uPlot in jsdom (which has no canvas and no matchMedia, both of which uPlot
 * needs at import): records the data each plot is given, so tests can check what would be drawn.
 * Use with `vi.mock('uplot', () => import('./fake-uplot.js'))`.
 */
export default class FakeUPlot {
  static readonly instances: FakeUPlot[] = [];
  data: unknown[][];
  destroyed = false;

  constructor(
    readonly options: { series: { label?: string }[] },
    data: unknown[][],
    readonly target: HTMLElement,
  ) {
    this.data = data;
    FakeUPlot.instances.push(this);
  }

  setData(data: unknown[][]): void {
    // Copy, as uPlot would have drawn them: the log's columns grow in place afterwards.
    this.data = data.map((column) => [...column]);
  }

  setSize(): void {}

  destroy(): void {
    this.destroyed = true;
  }
}
