/** Per-axis line walking lives in app/math (the sample's blur uses it too); sr filters import it here. */
export { axisLines, type AxisLines, type Dims3 } from '../../math/index.js';
