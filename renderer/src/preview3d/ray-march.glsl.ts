/**
 * Ray-march shaders for the 3D preview (GLSL ES 3.00, three's GLSL3 ShaderMaterial). The volume
 * is a unit box [-0.5, 0.5]³ in model space, scaled by the mesh to its physical aspect; the
 * back faces are drawn (so the camera may sit inside the box) and each fragment marches the ray
 * from the camera through the box, handing samples to a compositing snippet (compositeInit /
 * compositeStep / compositeValue), then maps the result through lo/hi/gamma and the LUT — the
 * same rule as display.ts's lutIndex, so 2D and 3D agree.
 */

/** The largest step count the loop runs (GLSL ES needs a constant loop bound). */
export const MAX_STEPS = 1024;

export const rayMarchVertex = /* glsl */ `
out vec3 vModelPosition;
void main() {
  vModelPosition = position;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}
`;

/** The ray's entry and exit distances through the unit box: the one marcher both previews share. */
export const hitBoxGlsl = /* glsl */ `
// Entry and exit distances of a ray through the box [-0.5, 0.5]^3 (slab method).
vec2 hitBox(vec3 origin, vec3 direction) {
  vec3 inverse = 1.0 / direction;
  vec3 t0 = (vec3(-0.5) - origin) * inverse;
  vec3 t1 = (vec3(0.5) - origin) * inverse;
  vec3 near = min(t0, t1);
  vec3 far = max(t0, t1);
  return vec2(max(max(near.x, near.y), near.z), min(min(far.x, far.y), far.z));
}
`;

/** The fragment shader with `composite` (e.g. mip.glsl.ts) slotted in. */
export function rayMarchFragment(composite: string): string {
  return /* glsl */ `
precision highp float;
precision highp sampler3D;

uniform sampler3D uVolume;
uniform sampler2D uLut;
uniform vec3 uCameraModel;
uniform float uLo;
uniform float uHi;
uniform float uGamma;
uniform int uSteps;

in vec3 vModelPosition;
out vec4 fragColor;

${composite}

${hitBoxGlsl}

void main() {
  vec3 direction = normalize(vModelPosition - uCameraModel);
  vec2 span = hitBox(uCameraModel, direction);
  span.x = max(span.x, 0.0);
  if (span.x >= span.y) discard;
  // A fixed step in texture space: uSteps samples along the box's diagonal.
  float stepLength = 1.7320508 / float(uSteps);
  compositeInit();
  float t = span.x + 0.5 * stepLength;
  for (int i = 0; i < ${MAX_STEPS}; i++) {
    if (i >= uSteps || t > span.y) break;
    vec3 p = uCameraModel + direction * t + 0.5;
    compositeStep(texture(uVolume, p).r);
    t += stepLength;
  }
  float x = clamp((compositeValue() - uLo) / (uHi - uLo), 0.0, 1.0);
  if (uGamma != 1.0) x = pow(x, 1.0 / uGamma);
  vec3 rgb = texture(uLut, vec2((x * 255.0 + 0.5) / 256.0, 0.5)).rgb;
  fragColor = vec4(rgb, 1.0);
}
`;
}
