/**
 * The training loss: L1 + λ·(Sobel-edge L1), as in the paper (after SMORE / ECLARE).
 *
 *   loss = mean|p − t| + λ · mean over pixels and both directions of |S(p) − S(t)|
 *
 * with S the 3×3 Sobel filters along x and y, applied with valid padding (no invented border
 * edges). Sobel is linear, so S(p) − S(t) = S(p − t): one conv of the difference serves both.
 * Why the edge term: plain L1 is content with slightly soft edges, and sharp edges along z are
 * the point of the exercise. λ defaults to 1: a Sobel response is up to 4× a pixel difference,
 * so λ = 1 already weights edges above intensities, which is the paper's intent; larger values
 * amplified noise in short CPU runs.
 */
import { tf, type Tensor, type Tensor4D } from '../../compute/index.js';

export const DEFAULT_EDGE_WEIGHT = 1;

const SOBEL_X = [-1, 0, 1, -2, 0, 2, -1, 0, 1];
const SOBEL_Y = [-1, -2, -1, 0, 0, 0, 1, 2, 1];

/** The two Sobel filters as one [3, 3, 1, 2] HWIO kernel (channel 0: d/dx, channel 1: d/dy). */
export function sobelKernel(): Tensor4D {
  const k = new Float32Array(18);
  for (let i = 0; i < 9; i++) {
    k[2 * i] = SOBEL_X[i];
    k[2 * i + 1] = SOBEL_Y[i];
  }
  return tf.tensor4d(k, [3, 3, 1, 2]);
}

/**
 * Scalar loss of predictions against targets, both [n, h, w, 1] (h, w ≥ 3 for the edge term).
 * @example const l = srLoss(net.forward(x), y); // tf.Scalar
 */
export function srLoss(prediction: Tensor4D, target: Tensor4D, edgeWeight = DEFAULT_EDGE_WEIGHT): Tensor {
  return tf.tidy(() => {
    const d = tf.sub(prediction, target) as Tensor4D;
    const l1 = tf.mean(tf.abs(d));
    if (edgeWeight === 0) return l1;
    const edges = tf.conv2d(d, sobelKernel(), 1, 'valid');
    return tf.add(l1, tf.mul(tf.scalar(edgeWeight), tf.mean(tf.abs(edges))));
  });
}
