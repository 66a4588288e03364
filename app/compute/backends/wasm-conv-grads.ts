/**
 * Convolution gradients for the wasm backend, written as forward convolutions.
 *
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter (training a conv net fails) and its
 * Conv2DBackpropInput is a naive loop. Both are convolutions themselves, so we run them through
 * the wasm backend's own XNNPACK Conv2D (~30 GFLOP/s) on transposed / flipped tensors:
 *
 *   dW[kh,kw,ci,co] = Σ_{n,oh,ow} x[n, oh+kh−pt, ow+kw−pl, ci] · dy[n,oh,ow,co]
 *     = conv(xᵀ: [Ci,H,W,N],  dyᵀ: [OH,OW,N,Co]) → [Ci,KH,KW,Co] → transpose → [KH,KW,Ci,Co]
 *   dX[n,ih,iw,ci] = Σ_{kh,kw,co} dy[n, ih−kh+pt, iw−kw+pl, co] · W[kh,kw,ci,co]
 *     = conv(dy padded by (K−1−p), W flipped in h,w and transposed to [KH,KW,Co,Ci])
 *
 * The kernels call other wasm kernels directly (not through the engine), so no intermediate is
 * tracked by tf; each one is released with `backend.disposeData`. Only stride 1, dilation 1 and
 * NHWC are covered (all our networks use); anything else throws a tagged 'unsupported' error.
 */
import { tf, type TensorInfo } from '../tf.js';
import { ComputeError } from '../errors.js';

interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | number[][];
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

type Backend = ReturnType<Tf['findBackend']> & { disposeData(id: object, force?: boolean): boolean };
type Tf = typeof tf;

function runKernel(
  name: string,
  backend: Backend,
  inputs: Record<string, TensorInfo>,
  attrs: object,
): TensorInfo {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new ComputeError('unsupported', `kernel ${name} missing`, { backend: 'wasm' });
  return k.kernelFunc({
    inputs: inputs as never,
    backend: backend as never,
    attrs: attrs as never,
  }) as TensorInfo;
}

function ones(v: number | [number, number] | undefined): boolean {
  return v === undefined || (Array.isArray(v) ? v[0] === 1 && v[1] === 1 : v === 1);
}

function checkSupported(kernel: string, a: ConvAttrs): void {
  if (!ones(a.strides) || !ones(a.dilations) || a.dataFormat !== 'NHWC') {
    throw new ComputeError('unsupported', `${kernel}: only stride 1, dilation 1, NHWC are implemented`, {
      backend: 'wasm',
    });
  }
}

/** Padding (top, bottom, left, right) that tf's own conv uses for these shapes and attrs. */
function padOf(
  xShape: number[],
  fShape: number[],
  a: ConvAttrs,
): { top: number; bottom: number; left: number; right: number } {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    fShape as [number, number, number, number],
    1,
    1,
    a.pad as never,
    a.dimRoundingMode,
    false,
    'channelsLast',
  );
  return info.padInfo;
}

function conv2dBackpropFilter({
  inputs,
  backend,
  attrs,
}: {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs: unknown;
}): TensorInfo {
  const a = attrs as ConvAttrs & { filterShape: [number, number, number, number] };
  checkSupported('Conv2DBackpropFilter', a);
  const be = backend as Backend;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const [kh, kw] = a.filterShape;
  const p = padOf(x.shape, a.filterShape, a);
  const [, h, w] = x.shape as number[];
  const [, oh, ow] = dy.shape as number[];
  // Pad after the image so that the output is exactly KH×KW (>= 0 for stride 1).
  const bottom = kh - 1 - h - p.top + oh;
  const right = kw - 1 - w - p.left + ow;
  const xt = runKernel('Transpose', be, { x }, { perm: [3, 1, 2, 0] });
  const dyt = runKernel('Transpose', be, { x: dy }, { perm: [1, 2, 0, 3] });
  const pad = [
    [0, 0],
    [p.top, bottom],
    [p.left, right],
    [0, 0],
  ];
  const g = runKernel(
    'Conv2D',
    be,
    { x: xt, filter: dyt },
    { strides: 1, pad, dataFormat: 'NHWC', dilations: 1 },
  );
  be.disposeData(xt.dataId);
  be.disposeData(dyt.dataId);
  const out = runKernel('Transpose', be, { x: g }, { perm: [1, 2, 0, 3] });
  be.disposeData(g.dataId);
  return out;
}

function conv2dBackpropInput({
  inputs,
  backend,
  attrs,
}: {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs: unknown;
}): TensorInfo {
  const a = attrs as ConvAttrs & { inputShape: [number, number, number, number] };
  checkSupported('Conv2DBackpropInput', a);
  const be = backend as Backend;
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const [kh, kw] = filter.shape as number[];
  const p = padOf(a.inputShape, filter.shape, a);
  const flipped = runKernel('Reverse', be, { x: filter }, { dims: [0, 1] });
  const ft = runKernel('Transpose', be, { x: flipped }, { perm: [0, 1, 3, 2] });
  be.disposeData(flipped.dataId);
  const [, h, w] = a.inputShape;
  const [, oh, ow] = dy.shape as number[];
  const top = kh - 1 - p.top;
  const left = kw - 1 - p.left;
  const pad = [
    [0, 0],
    [top, h + kh - 1 - oh - top],
    [left, w + kw - 1 - ow - left],
    [0, 0],
  ];
  const out = runKernel(
    'Conv2D',
    be,
    { x: dy, filter: ft },
    { strides: 1, pad, dataFormat: 'NHWC', dilations: 1 },
  );
  be.disposeData(ft.dataId);
  return out;
}

let registered = false;

/** Registers both kernels for 'wasm' (idempotent; replaces the stock Conv2DBackpropInput). */
export function registerWasmConvGradients(): void {
  if (registered) return;
  if (tf.getKernel('Conv2DBackpropInput', 'wasm')) tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: conv2dBackpropFilter as never,
  });
  tf.registerKernel({
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: conv2dBackpropInput as never,
  });
  registered = true;
}
