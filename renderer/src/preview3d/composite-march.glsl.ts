/**
 * The ray-march fragment shader of a multi-channel preview: up to four channels packed in one
 * RGBA texture (one channel per component, each normalised to its own range), the maximum of each
 * along the ray, each through its own lo / hi (and the shared gamma), times its colour, added and
 * clipped at white: the 3D twin of the 2D composite (compare/composite.ts). The marcher itself
 * (entry and exit, fixed step) is ray-march.glsl.ts's.
 */
import { MAX_STEPS, hitBoxGlsl } from './ray-march.glsl.js';

/** Channels one composite texture holds (RGBA). */
export const COMPOSITE_CHANNELS = 4;

export const compositeMarchFragment = /* glsl */ `
precision highp float;
precision highp sampler3D;

uniform sampler3D uVolume;
uniform vec3 uCameraModel;
uniform vec4 uLo;
uniform vec4 uHi;
uniform float uGamma;
uniform int uSteps;
uniform vec3 uColors[${COMPOSITE_CHANNELS}];

in vec3 vModelPosition;
out vec4 fragColor;

${hitBoxGlsl}

void main() {
  vec3 direction = normalize(vModelPosition - uCameraModel);
  vec2 span = hitBox(uCameraModel, direction);
  span.x = max(span.x, 0.0);
  if (span.x >= span.y) discard;
  float stepLength = 1.7320508 / float(uSteps);
  // Each channel's own maximum along the ray (MIP per channel, then the blend).
  vec4 peak = vec4(0.0);
  float t = span.x + 0.5 * stepLength;
  for (int i = 0; i < ${MAX_STEPS}; i++) {
    if (i >= uSteps || t > span.y) break;
    vec3 p = uCameraModel + direction * t + 0.5;
    peak = max(peak, texture(uVolume, p));
    t += stepLength;
  }
  vec4 level = clamp((peak - uLo) / (uHi - uLo), 0.0, 1.0);
  if (uGamma != 1.0) level = pow(level, vec4(1.0 / uGamma));
  vec3 rgb = uColors[0] * level.r + uColors[1] * level.g + uColors[2] * level.b + uColors[3] * level.a;
  fragColor = vec4(min(rgb, vec3(1.0)), 1.0);
}
`;
