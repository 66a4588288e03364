/**
 * The two networks as lists of 3x3 conv layers, and the numbers derived from them (layers,
 * receptive field, margin, parameters) — computed, never hard-coded, so tests can hold them
 * against the paper.
 *
 * valid  (the paper's crop-equivariant CNN): head 1→W, B blocks of [conv W→W, ReLU, conv W→W]
 *        with the skip centre-cropped by 2 px per side, tail W→1; no padding. Each conv eats
 *        1 px per side, so margin = 2B+2 (16 for B=7) and receptive field = 2·margin+1 (33).
 * padded (EDSR-style baseline): the same with "same" zero padding, plus a body conv and a
 *        global skip around the blocks; output size = input size (margin 0). Receptive field
 *        = 2·(2B+3)+1: 135 for the paper's B=32 (the paper says 66 layers / RF 133, which
 *        contradicts its own parameter count 38,360,065 = 67 convs; see docs).
 */
import { SrError } from '../errors.js';

export type NetworkKind = 'valid' | 'padded';

export interface NetworkConfig {
  kind: NetworkKind;
  /** Feature channels of the hidden convs. */
  width: number;
  /** Residual blocks (two convs each). */
  blocks: number;
}

export interface ConvLayer {
  /** Weight names in weight maps and files: `${name}.w` [3,3,cin,cout] and `${name}.b` [cout]. */
  name: string;
  cin: number;
  cout: number;
}

/** Kernel size of every conv (the paper's 3x3). */
export const KERNEL = 3;

export function checkConfig(c: NetworkConfig): void {
  const ok =
    Number.isInteger(c.width) &&
    c.width >= 1 &&
    Number.isInteger(c.blocks) &&
    c.blocks >= 0 &&
    (c.kind === 'valid' || c.kind === 'padded');
  if (!ok)
    throw new SrError(
      'bad-config',
      `network ${JSON.stringify(c)}: need kind valid|padded, integer width ≥ 1, blocks ≥ 0`,
    );
}

/** The conv layers in execution order. */
export function convLayers(c: NetworkConfig): ConvLayer[] {
  checkConfig(c);
  const layers: ConvLayer[] = [{ name: 'head', cin: 1, cout: c.width }];
  for (let i = 0; i < c.blocks; i++) {
    layers.push({ name: `block${i}.conv1`, cin: c.width, cout: c.width });
    layers.push({ name: `block${i}.conv2`, cin: c.width, cout: c.width });
  }
  if (c.kind === 'padded') layers.push({ name: 'body', cin: c.width, cout: c.width });
  layers.push({ name: 'tail', cin: c.width, cout: 1 });
  return layers;
}

/** Trainable parameters: 3·3·cin·cout weights + cout biases per conv. */
export function parameterCount(c: NetworkConfig): number {
  return convLayers(c).reduce((n, l) => n + KERNEL * KERNEL * l.cin * l.cout + l.cout, 0);
}

/** Side of the square of input pixels that one output pixel depends on. */
export function receptiveField(c: NetworkConfig): number {
  return convLayers(c).length * (KERNEL - 1) + 1;
}

/**
 * Pixels lost per side between input and output: 2B+2 for the valid network, 0 for the padded
 * one. It is also the pre-pad and the tile overlap (per side) that make tiling exact.
 */
export function margin(c: NetworkConfig): number {
  return c.kind === 'valid' ? convLayers(c).length * ((KERNEL - 1) / 2) : 0;
}
